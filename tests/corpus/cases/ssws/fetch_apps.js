const fetch = require('node-fetch');

async function listApps(domain) {
  const res = await fetch(`https://${domain}/api/v1/apps?limit=200`, {
    headers: { Authorization: 'SSWS 00Hmh0Qp_FELS3NDIals_sTKtze5zBJ4U-JqIWIHI7', Accept: 'application/json' },
  });
  return res.json();
}

module.exports = { listApps };
