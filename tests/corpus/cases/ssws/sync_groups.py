import requests

OKTA = "https://piedpiper.okta-gov.com"
HEADERS = {
    "Accept": "application/json",
    "Authorization": "SSWS 00HYdKJLMuOAyAlzvpVFcNabw1z9GvpGz36HE38XHz",
}


def groups():
    resp = requests.get(f"{OKTA}/api/v1/groups", headers=HEADERS, timeout=10)
    resp.raise_for_status()
    return resp.json()
