org_name  = "dev-01065320"
base_url  = "okta.com"
api_token = "00-GjeAM8C6wXS16BHaTOOmhmMNUdWxhqtrV4ts0yP"
