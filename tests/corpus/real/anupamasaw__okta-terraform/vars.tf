variable "okta_group_name" {
  default = "Shriya"
}
variable "okta_group_description" {
  default = "new okta group to be created"
}

variable "okta_api_token" {
  default = "003l4nB29vYg_Xuq89fU83DU3cd2FdjSuEaF30QALN"
}
