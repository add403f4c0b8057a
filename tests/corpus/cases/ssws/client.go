package oktaclient

import (
	"net/http"
	"time"
)

func newRequest(path string) (*http.Request, error) {
	req, err := http.NewRequest("GET", "https://vandelay.oktapreview.com"+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "SSWS 00_z7-MwTbRe3c4QqlaaiJD24dil0oUhsNY0dRnXnM")
	req.Header.Set("Accept", "application/json")
	return req, nil
}

var client = &http.Client{Timeout: 10 * time.Second}
