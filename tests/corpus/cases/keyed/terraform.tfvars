okta_org_name  = "globex"
okta_base_url  = "okta.com"
okta_api_token = "00M-co6pLcA5ljXDOzD0dKERYVyx4R3UtZuJek_YB6"
environment    = "prod"
