region            = "ap-southeast-2"
okta_org_name     = "yangwang"
okta_base_url     = "oktapreview.com"
okta_scopes       = [
  "okta.groups.manage",
  "okta.authorizationServers.manage",
  "okta.users.manage"
]
okta_client_id    = "0oaim96kviPiBSOst1d7"
okta_private_key_id = "hF1wWQxVd9CxQrbX9hLd7Zke9A8lwtOETAm771Awxf0"
okta_secret_id    = "dev/okta-terraform-key"

okta_group_name = "Okta Test Terraform Dev"
auth_server_name = "API Server"
user_first_name = "tffirstname"
user_last_name = "tflastname"
user_login_email = "tftest@example.com"
