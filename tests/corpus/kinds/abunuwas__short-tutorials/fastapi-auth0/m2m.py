import requests

payload = {
    "client_id": "XKc23b0wUY5W3yqN32kMyIP7peZJGlZ3",
    "client_secret": "riGjJBbPfF_WuAvIYGCEfRi1VYRi5YdELc-l3M5v0J2YQSPRdUyAlUVLxG2_iejh",
    "audience": "https://microapis.io/api/orders",
    "grant_type": "client_credentials",
}

response = requests.post("https://dev-mi3qy0aviol5h5bv.us.auth0.com/oauth/token", json=payload)

print(response.json())
