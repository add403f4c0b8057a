#!/usr/bin/env bash
set -euo pipefail
# List deprovisioned users before the quarterly audit
curl -s -X GET \
  -H "Accept: application/json" \
  -H "Content-Type: application/json" \
  -H "Authorization: SSWS 006OMByxuHdtM-Y9iuFPd011rVLqcY2DSXwwhncci8" \
  "https://trial-2741337.okta.com/api/v1/users?filter=status+eq+%22DEPROVISIONED%22" | jq '.[].profile.login'
