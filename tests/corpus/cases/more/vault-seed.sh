vault kv put secret/okta/prod org_url=https://globex.okta-emea.com api_token=00esq8Srd0s6ty4jwiVkOCFgHTk3jVXuw8jGyJsZl_
