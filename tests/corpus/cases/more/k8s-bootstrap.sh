kubectl -n identity create secret generic okta-api --from-literal=okta-api-token=00vkmrKJtfg8DDd-BSR6XWQz1yaGH25D3EWziPqJHQ
