const authClient = new OktaAuth({ issuer: 'https://globex.okta.com/oauth2/default' });
authClient.token.getWithRedirect({ sessionToken: '00T7CMY26uKoU_xNTcx5m4mFSS1EFUDrEAiE_BS496' });
