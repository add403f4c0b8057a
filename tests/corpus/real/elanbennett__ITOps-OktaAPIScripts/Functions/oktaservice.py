from okta.client import Client as OktaClient

# Instantiating with a Python dictionary in the constructor
config = {
    'orgUrl': 'https://canoo.okta.com',
    'token': '00C5UkD-K86BYI4eeh_YtjNHtHTz181kSijfwvG-FE'
}
okta_client = OktaClient(config)
