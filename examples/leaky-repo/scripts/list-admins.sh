#!/bin/sh
curl -s -H "Accept: application/json" \
  -H "Authorization: SSWS 00ZxW9vU8tS7rQ6pO5nM4lK3jI2hG1fE0dC-bA_zYq" \
  "https://acme.okta.com/api/v1/users?filter=status+eq+%22ACTIVE%22"
