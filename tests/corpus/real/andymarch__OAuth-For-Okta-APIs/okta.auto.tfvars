org_name  = "examplydev"
base_url  = "oktapreview.com"
api_token = "00owiETKGlKdJ71JwR18blzoSNHx-KjSkWBymKiTTV"
client_base_uri = "localhost"