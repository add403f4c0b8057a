import pytest
from okta.client import Client as OktaClient


@pytest.fixture
def okta_client():
    return OktaClient({"orgUrl": "https://initech.okta.com", "token": "00ABqpA_ickKisRgRP3Hzk3eP7en6V2tsAfFMnVf7b"})
