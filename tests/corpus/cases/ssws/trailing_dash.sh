curl -H "Authorization: SSWS 00JLAz-Aoq2ufbsUJHCsVXrMDQ48VEOdHNlRp7IfY-" https://dev-4815162.okta-emea.com/api/v1/apps
