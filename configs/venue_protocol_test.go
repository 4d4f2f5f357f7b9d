package configs

import (
	"slices"
	"strings"
	"testing"
)

func TestValidateVenueProtocol(t *testing.T) {
	t.Parallel()
	const v3 = `
    uni3: {protocol: v3, router: "0x68b3465833fb72a70ecdf485e0e4c7bd8665fc45", factory: "0x1f98431c8ad98523631ae4a59f267346ea31f984", quoter: "0x61ffe014ba17989e743c5f6cb21bf9697530b21e"}
agents:`
	for _, tc := range []struct {
		name   string
		mutate func(c *Config)
		want   []string
	}{
		{"v2 by default and v3 with a quoter", func(c *Config) {}, nil},
		{"v3 without quoter", func(c *Config) { v := c.Chain.Venues["uni3"]; v.Quoter = ""; c.Chain.Venues["uni3"] = v },
			[]string{"chain.venues.uni3.quoter: missing (give the 0x address)"}},
		{"quoter on a v2 venue", func(c *Config) {
			v := c.Chain.Venues["uni"]
			v.Quoter = Address(checksummed)
			c.Chain.Venues["uni"] = v
		},
			[]string{"chain.venues.uni.quoter: only a v3 venue has a quoter (set protocol: v3, or remove quoter)"}},
		{"unknown protocol", func(c *Config) { v := c.Chain.Venues["uni"]; v.Protocol = "v4"; c.Chain.Venues["uni"] = v },
			[]string{`chain.venues.uni.protocol: "v4" is not a protocol (use v2 for Uniswap V2-compatible routers, or v3 for SwapRouter02 with QuoterV2)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			yml := strings.Replace(realChainYAML, "\nagents:", v3, 1) // a second venue under chain.venues
			c := loadString(t, yml, nil)
			if !c.Chain.Venues["uni3"].V3() || c.Chain.Venues["uni"].V3() || c.Chain.Venues["uni"].Protocol != "" {
				t.Fatalf("venues = %+v: uni3 must speak v3 and uni (no protocol) v2", c.Chain.Venues)
			}
			c.meta = nil
			tc.mutate(c)
			var got []string
			if err := c.Validate(); err != nil {
				got = problemStrings(err.(*Error))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}
