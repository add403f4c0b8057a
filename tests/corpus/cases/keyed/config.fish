set -gx EDITOR nvim
set -gx OKTA_API_TOKEN 00K7KKvbG20LH5KWVukh_DvLSH4OKyTSnnXJcG7acP
set -gx OKTA_ORG https://globex.okta-emea.com
