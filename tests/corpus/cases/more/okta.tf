variable "okta_api_token" {
  type      = string
  sensitive = true
}

provider "okta" {
  org_name  = var.okta_org_name
  base_url  = "okta.com"
  api_token = var.okta_api_token
}
