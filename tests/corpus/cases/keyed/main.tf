terraform {
  required_providers {
    okta = {
      source  = "okta/okta"
      version = "~> 4.6"
    }
  }
}

provider "okta" {
  org_name  = "globex"
  base_url  = "okta.com"
  api_token = "00jDHpxrZq3a4OTPnGJipjd3OYAgAI-K66UL0H6Prg"
}

resource "okta_group" "engineering" {
  name        = "Engineering"
  description = "All engineers"
}
