$env:OKTA_ORG_URL = "https://acme.okta-gov.com"
$env:OKTA_API_TOKEN = "00AAKhkN_gu0LdbeZbasBNGcZjLjyIVZ6xV3lkZanB"
Import-Module Okta.PowerShell
