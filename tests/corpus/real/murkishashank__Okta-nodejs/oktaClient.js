const okta = require('@okta/okta-sdk-nodejs');

const client = new okta.Client({
  orgUrl: 'https://dev-76014703-admin.okta.com/',
  token: '00PkuITg1kRvC6_NqblAg_209CIziTjgHGxEKS3SOG'
});

module.exports = client;