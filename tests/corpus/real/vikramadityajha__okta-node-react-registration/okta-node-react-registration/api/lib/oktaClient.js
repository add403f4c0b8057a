const okta = require('@okta/okta-sdk-nodejs');

const client = new okta.Client({
  orgUrl: 'https://dev-31166667.okta.com',
  token: '00Fw4nPsS78z09Wxbcpw1Qrpsarq1gJbRQg94XyUw8'
});

module.exports = client;