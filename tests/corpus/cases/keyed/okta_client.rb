require 'oktakit'

client = Oktakit.new(token: '00eapYGN9aoyVrY2yuNeg5_fwQgz1Br5T5ZQyk1GOP', organization: 'hooli')
response, http_status = client.list_users
