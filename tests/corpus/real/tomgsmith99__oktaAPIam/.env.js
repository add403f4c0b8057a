module.exports = {

	okta: {
		redirect_uri: "http://localhost:3090",

		experian_proxy: "http://34.235.5.179:3050",
		authn: { // for admins to run the demo
			tenantName: 'oktabiz',
			domain: 'okta.com',

			client_id: '0oa1ctd4624WvBclY1d8',
			client_secret: 'UYvA8yChOYdi9XBzpnyL7tQ1UHjPcCaK4X3FAuhe',
		},
		reg: { // for end-users
			tenantName: 'partnerpoc',
			domain: 'oktapreview.com',
			api_key: "00TFEk1KTnduO9NHqOsyg4P46FFmx-VN_SDZbtWWqM"
		}
	}
}