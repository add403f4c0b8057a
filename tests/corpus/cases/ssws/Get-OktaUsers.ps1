$headers = @{
    "Authorization" = "SSWS 00a4LUsA8aijOXoQiokZ-90iSt_UPeHB5D8ThoByVj"
    "Accept"        = "application/json"
}
$users = Invoke-RestMethod -Uri "https://dev-4815162.okta.com/api/v1/users" -Headers $headers -Method Get
$users | Select-Object id, status | Format-Table
