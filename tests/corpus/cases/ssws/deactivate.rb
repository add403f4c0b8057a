require 'net/http'
require 'json'

uri = URI("https://vandelay.oktapreview.com/api/v1/users/#{ARGV[0]}/lifecycle/deactivate")
req = Net::HTTP::Post.new(uri)
req['Authorization'] = "SSWS 00NQjRH86z1JGeccXTC-1Um_yV_lkiR-UL3C-Kerqc"
req['Accept'] = 'application/json'
res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
puts res.code
