package main

import (
	"context"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

func client(ctx context.Context) (*okta.Client, error) {
	_, c, err := okta.NewClient(ctx,
		okta.WithOrgUrl("https://piedpiper.okta.com"),
		okta.WithToken("00_ENXWiZmB_KNmkYEW3IoI_vP-URx_HgBVmZDl943"),
	)
	return c, err
}
