module.exports = {
  port: process.env.PORT || 3000,
  okta: {
    orgUrl: 'https://piedpiper.okta.com',
    token: '00hba-9BW03JChByn_22zG7gjIx2fJSPvNafSpKfUH',
  },
  session: { secret: process.env.SESSION_SECRET },
};
