#!/bin/bash
okta-import --okta-org https://trial-2741337.okta.com --okta-token 00EjD5NYLyGnPXGnWZ9XSs0-ehvea9kUtmWA11lRyv --csv users.csv --dry-run
