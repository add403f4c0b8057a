docker run --rm -e OKTA_ORG_URL=https://trial-2741337.okta.com -e OKTA_API_TOKEN=00ulqcCVPlWQ5hWfimbJ3DXLXep3rsM77j_aOkhAcy example/okta-export:latest
