data "okta_push_provider" "test" {
  id = "<push_provider_id>"
}