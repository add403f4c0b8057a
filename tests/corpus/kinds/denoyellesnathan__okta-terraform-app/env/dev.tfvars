org_name     = "dev-76952744"
base_url     = "okta.com"
client_id    = "0oabdR77Cbx5xo07WWFS"
scopes       = ["okta.groups.manage", "okta.apps.manage", "okta.policies.read", "okta.authorizationServers.manage"]
private_key  = "okta.pem"
app_name     = "SERFF"
callback_url = "https://localhost:8443/serff/login/callback.do"
login_url    = "https://localhost:8443/serff/login/sso.do"