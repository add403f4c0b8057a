#!/bin/sh
curl -s -H "Accept: application/json" \
  -H "Authorization: SSWS 00alAFXGrtBBF_ftE8gY3VDTFtA-4Re4OQ2cdrbSF7" \
  "https://acme.okta.com/api/v1/users?filter=status+eq+%22ACTIVE%22"
