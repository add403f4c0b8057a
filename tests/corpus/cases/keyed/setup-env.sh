#!/bin/sh
export OKTA_CLIENT_ORGURL="https://dev-90210.okta.com"
export OKTA_CLIENT_TOKEN="002UmBNZDmIuYXJnqMEeF3PdbRpElVSrpC0IzrIBxQ"
exec "$@"
