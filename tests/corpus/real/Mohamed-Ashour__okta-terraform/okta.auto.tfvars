okta_org_name        = "dev-90640674"
okta_base_url        = "okta.com"
okta_api_token       = "00gifs-ZD5VY6SAyRSPCx-3gUMYC79Gb8azQq20CkN"
google_client_id     = "455763988753-gnhuo78tmtpqecdot2ufapsjkhiemccc.apps.googleusercontent.com"
google_client_secret = "jjUvCm9iJ5963h7yPrQS7Ept"
login_redirect_urls   = ["http://localhost/login/callback", "file://localhost/login/callback"]
logout_redirect_urls  = ["http://localhost/logout/callback"]
