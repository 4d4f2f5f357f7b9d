package configs

import (
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestPolymarketMarkets: chain.polymarket names CLOB markets by token ids
// on a real chain, a policy may allow them by name, and what is wrong is
// named (bad token ids and sides, a clash with a venue, the devnet).
func TestPolymarketMarkets(t *testing.T) {
	t.Parallel()
	const pm = `
  polymarket:
    pm-election:
      condition_id: "0x` + "ab" + `ababababababababababababababababababababababababababababababab"
      tokens: ["7001", "7002"]
      sides: [BUY]
agents:`
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		want   []string
	}{
		{"allowed by name", func(c *Config) { c.Agents[0].Policy.AllowedContracts = []string{"pm-election"} }, nil},
		{"bad token id", func(c *Config) {
			m := c.Chain.Polymarket["pm-election"]
			m.Tokens = []string{"7001", "-3"}
			c.Chain.Polymarket["pm-election"] = m
		},
			[]string{`chain.polymarket.pm-election.tokens[1]: "-3" is not a token id (a positive decimal integer)`}},
		{"no tokens", func(c *Config) {
			m := c.Chain.Polymarket["pm-election"]
			m.Tokens = nil
			c.Chain.Polymarket["pm-election"] = m
		},
			[]string{"chain.polymarket.pm-election.tokens: missing: list the market's outcome token ids (decimal, as the CLOB's /markets lists them)"}},
		{"bad side", func(c *Config) {
			m := c.Chain.Polymarket["pm-election"]
			m.Sides = []string{"HODL"}
			c.Chain.Polymarket["pm-election"] = m
		},
			[]string{`chain.polymarket.pm-election.sides[0]: "HODL" is neither BUY nor SELL`}},
		{"name of a venue", func(c *Config) { c.Chain.Polymarket["uni"] = c.Chain.Polymarket["pm-election"] },
			[]string{"chain.polymarket.uni: uni is also in chain.venues or chain.markets (give it another name: policies name them the same way)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := loadString(t, strings.Replace(realChainYAML, "\nagents:", pm, 1), nil)
			if m := c.Chain.Polymarket["pm-election"]; len(m.Tokens) != 2 || m.Sides[0] != "BUY" {
				t.Fatalf("pm-election read as %+v", m)
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

// TestPolymarketOnTheDevnetOnlyWithALocalCLOB: a devnet config may name
// Polymarket markets for an agent that trades with a CLOB on this machine
// (a test CLOB); one pointed at any other CLOB, whose orders would spend
// real pUSD, is refused naming the field.
func TestPolymarketOnTheDevnetOnlyWithALocalCLOB(t *testing.T) {
	t.Parallel()
	cfg := func(clob string) string {
		return `chain:
  polymarket:
    pm-market: {tokens: ["7001", "7002"]}
agents:
  - name: poly
    strategy: predict.polymarket
    mode: auto
    params: {clob: "` + clob + `", credentials: c.json, journal: j}
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market]
      quote_token: PUSD
      max_trade_quote: "5"
`
	}
	for _, local := range []string{"http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:80"} {
		loadString(t, cfg(local), nil)
	}
	for _, remote := range []string{"https://clob.example.org", "http://10.0.0.5:80", "not a url"} {
		got := strings.Join(problemStrings(loadErr(t, cfg(remote), nil)), "\n")
		if !strings.Contains(got, "agents[0].params.clob") {
			t.Errorf("clob %q on the devnet: problems %s", remote, got)
		}
	}
}

// TestPolymarketFunderMustBeNamedByThePolicy: a predict.polymarket agent
// trading through a proxy, Safe or deposit wallet (params signature_type
// and funder) loads only when its own policy names the funder in
// allowed_contracts; otherwise, and for an unknown type, a missing funder
// or a funder with eoa, the problem names the line and what to do.
func TestPolymarketFunderMustBeNamedByThePolicy(t *testing.T) {
	t.Parallel()
	const w = "0x00000000000000000000000000000000000000b3"
	cfg := func(typ, funder, allowed string) string {
		return `chain:
  polymarket:
    pm-market: {tokens: ["7001", "7002"]}
agents:
  - name: poly
    strategy: predict.polymarket
    mode: auto
    params:
      clob: "http://127.0.0.1:8080"
      credentials: c.json
      journal: j
      signature_type: "` + typ + `"
      funder: "` + funder + `"
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market` + allowed + `]
      quote_token: PUSD
      max_trade_quote: "5"
`
	}
	for _, ok := range [][3]string{{"", "", ""}, {"eoa", "", ""}, {"deposit_wallet", w, ", " + w},
		{"POLY_PROXY", strings.ToUpper(w[2:])[:0] + w, ", 0x" + strings.ToUpper(w[2:])}, {"safe", w, ", " + w}} {
		loadString(t, cfg(ok[0], ok[1], ok[2]), nil)
	}
	for _, tc := range []struct{ typ, funder, allowed, want string }{
		{"deposit_wallet", w, "", "cfg.yaml:13: agents[0].params.funder: " + common.HexToAddress(w).Hex() +
			" (POLY_1271 deposit wallet) is not named by this agent's policy: add it to policy.allowed_contracts"},
		{"proxy", w, ", 0x00000000000000000000000000000000000000b4", "cfg.yaml:13: agents[0].params.funder: " + common.HexToAddress(w).Hex() +
			" (POLY_PROXY proxy wallet) is not named by this agent's policy"},
		{"deposit_wallet", "", "", "cfg.yaml:13: agents[0].params.funder: required with signature_type deposit_wallet: give the address of the POLY_1271 deposit wallet"},
		{"magic", "", "", `cfg.yaml:12: agents[0].params.signature_type: "magic" is not eoa, proxy, safe or deposit_wallet`},
		{"eoa", w, ", " + w, "cfg.yaml:13: agents[0].params.funder: " + w + " is set but signature_type is eoa"},
		{"safe", "0x12", "", `cfg.yaml:13: agents[0].params.funder: "0x12" is not an address`},
	} {
		got := strings.Join(problemStrings(loadErr(t, cfg(tc.typ, tc.funder, tc.allowed), nil)), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("signature_type %q funder %q: problems\n  %s\nwant one naming\n  %s", tc.typ, tc.funder, got, tc.want)
		}
	}
}
