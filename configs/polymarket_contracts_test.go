package configs

import (
	"strings"
	"testing"
)

// TestPolymarketContracts: chain.polymarket_contracts names a deployment
// for a fork or devnet; what is missing or wrong is named with its line,
// and Polygon's and Amoy's built-in deployments cannot be overridden.
func TestPolymarketContracts(t *testing.T) {
	t.Parallel()
	const ok = `
  polymarket_contracts:
    exchange: "0x1000000000000000000000000000000000000001"
    ctf: "0x1000000000000000000000000000000000000002"
    collateral: "0x1000000000000000000000000000000000000003"
    usdce: "0x1000000000000000000000000000000000000004"
    onramp: "0x1000000000000000000000000000000000000005"
agents:`
	for _, tc := range []struct {
		name       string
		chain, pcs string
		want       string
	}{
		{"a fork's deployment", "11155111", ok, ""},
		{"Polygon's is built in", "137", ok, "cfg.yaml:11: chain.polymarket_contracts: chain 137's Polymarket deployment is built in and may not be overridden"},
		{"Amoy's is built in", "80002", ok, "chain 80002's Polymarket deployment is built in"},
		{"no ctf", "11155111", strings.Replace(ok, `    ctf: "0x1000000000000000000000000000000000000002"`+"\n", "", 1),
			"chain.polymarket_contracts.ctf: missing (give the 0x address)"},
		{"bad exchange", "11155111", strings.Replace(ok, "0x1000000000000000000000000000000000000001", "0x12", 1),
			"cfg.yaml:11: chain.polymarket_contracts.exchange: \"0x12\" is not an address"},
		{"usdce without onramp", "11155111", strings.Replace(ok, `    onramp: "0x1000000000000000000000000000000000000005"`+"\n", "", 1),
			"chain.polymarket_contracts.onramp: missing: usdce is set"},
		{"the adapters", "11155111", strings.Replace(ok, "\nagents:", `
    ctf_adapter: "0x1000000000000000000000000000000000000006"
    neg_risk_ctf_adapter: "0x1000000000000000000000000000000000000007"
    wrapped_collateral: "0x1000000000000000000000000000000000000008"
agents:`, 1), ""},
		{"a neg-risk adapter without its wrapped collateral", "11155111", strings.Replace(ok, "\nagents:", `
    neg_risk_ctf_adapter: "0x1000000000000000000000000000000000000007"
agents:`, 1), "chain.polymarket_contracts.wrapped_collateral: missing: neg_risk_ctf_adapter is set"},
		{"a ctf adapter without usdce", "11155111", strings.Replace(strings.Replace(strings.Replace(ok, `    onramp: "0x1000000000000000000000000000000000000005"`+"\n", "", 1),
			`    usdce: "0x1000000000000000000000000000000000000004"`+"\n", "", 1), "\nagents:", `
    ctf_adapter: "0x1000000000000000000000000000000000000006"
agents:`, 1), "chain.polymarket_contracts.usdce: missing: ctf_adapter is set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := strings.Replace(strings.Replace(realChainYAML, "\nagents:", tc.pcs, 1), "chain_id: 11155111", "chain_id: "+tc.chain, 1)
			if tc.want == "" {
				c := loadString(t, src, nil)
				if c.Chain.PolymarketContracts == nil || c.Chain.PolymarketContracts.Onramp.Common().Hex() != "0x1000000000000000000000000000000000000005" ||
					(strings.Contains(tc.pcs, "wrapped_collateral") && c.Chain.PolymarketContracts.WrappedCollateral.Common().Hex() != "0x1000000000000000000000000000000000000008") {
					t.Fatalf("read as %+v", c.Chain.PolymarketContracts)
				}
				return
			}
			got := strings.Join(problemStrings(loadErr(t, src, nil)), "\n")
			if !strings.Contains(got, tc.want) {
				t.Fatalf("problems:\n%s\nwant one containing %q", got, tc.want)
			}
		})
	}
}
