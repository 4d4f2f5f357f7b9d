package configs

import (
	"slices"
	"strings"
	"testing"
)

// marketYAML adds one market to realChainYAML, named by an agent's policy.
const marketYAML = `
  markets:
    omen-eth:
      address: "0x9c1b5fe5f4cc6d2d5c3a6c7a6c2f3f8d3f0f4e21"
      collateral: USDC
      question: "Will ETH close above $5000 on 2027-01-01?"
      outcomes: ["Yes", "No"]
      oracle: "0x5fbdb2315678afecb367f032d93f642f64180aa3"
      question_id: "0x1111111111111111111111111111111111111111111111111111111111111111"
    bare: {address: "0x8ba1f109551bd432803012645ac136ddd64dba72"}
agents:`

func TestValidateMarkets(t *testing.T) {
	t.Parallel()
	mk := func(c *Config, name string, edit func(m *Market)) {
		m := c.Chain.Markets[name]
		edit(&m)
		c.Chain.Markets[name] = m
	}
	for _, tc := range []struct {
		name   string
		mutate func(c *Config)
		want   []string
	}{
		{"valid, and named by a policy", func(c *Config) {
			c.Agents[0].Policy.AllowedContracts = []string{"uni", "omen-eth", "bare"}
		}, nil},
		{"unknown collateral", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.Collateral = "DAI" }) },
			[]string{`chain.markets.omen-eth.collateral: token "DAI" is not in chain.tokens (add it there with its address and decimals, or leave collateral out to use the one the market maker names; known: USDC, WETH)`}},
		{"missing address", func(c *Config) { mk(c, "bare", func(m *Market) { m.Address = "" }) },
			[]string{"chain.markets.bare.address: missing (give the 0x address)"}},
		{"bad address", func(c *Config) { mk(c, "bare", func(m *Market) { m.Address = "0x12" }) },
			[]string{`chain.markets.bare.address: "0x12" is not an address (write 0x and 40 hex digits)`}},
		{"same address twice", func(c *Config) {
			mk(c, "bare", func(m *Market) { m.Address = Address(strings.ToUpper(string(c.Chain.Markets["omen-eth"].Address[2:]))) })
			mk(c, "bare", func(m *Market) { m.Address = "0x" + m.Address })
		}, []string{"chain.markets.omen-eth.address: 0x9c1b5fe5f4cc6d2d5c3a6c7a6c2f3f8d3f0f4e21 is market bare's too (list each market once)"}},
		{"one outcome", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.Outcomes = []string{"Yes"} }) },
			[]string{"chain.markets.omen-eth.outcomes: 1 outcomes: name every outcome slot in order (2 to 8), or leave outcomes out"}},
		{"empty outcome label", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.Outcomes = []string{"Yes", " "} }) },
			[]string{"chain.markets.omen-eth.outcomes[1]: an outcome label is 1-128 characters (e.g. Yes)"}},
		{"oracle without question", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.QuestionID = "" }) },
			[]string{"chain.markets.omen-eth.question_id: missing: oracle is checked with the question it answers (give both, or neither)"}},
		{"question without oracle", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.Oracle = "" }) },
			[]string{"chain.markets.omen-eth.oracle: missing: question_id is checked with the oracle that answers it (give both, or neither)"}},
		{"short question id", func(c *Config) { mk(c, "omen-eth", func(m *Market) { m.QuestionID = "0x1234" }) },
			[]string{`chain.markets.omen-eth.question_id: "0x1234" is not a question ID (write 0x and 64 hex digits, as prepareCondition was given it)`}},
		{"bad name", func(c *Config) {
			c.Chain.Markets["Omen ETH"] = c.Chain.Markets["bare"]
			delete(c.Chain.Markets, "bare")
		},
			[]string{`chain.markets.Omen ETH: "Omen ETH" is not a market name (1-32 lowercase letters, digits, '-' or '_', e.g. omen-eth-5k)`}},
		{"name of a venue", func(c *Config) { c.Chain.Markets["uni"] = c.Chain.Markets["bare"]; delete(c.Chain.Markets, "bare") },
			[]string{"chain.markets.uni: uni is also a venue in chain.venues (give the market another name: policies name both the same way)"}},
		{"policy names an unknown market", func(c *Config) { c.Agents[0].Policy.AllowedContracts = []string{"omen-btc"} },
			[]string{"agents[0].policy.allowed_contracts[0]: omen-btc is not in chain.venues or chain.markets (add the venue or market there, or give an address)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := loadString(t, strings.Replace(realChainYAML, "\nagents:", marketYAML, 1), nil)
			if m := c.Chain.Markets["omen-eth"]; m.Collateral != "USDC" || len(m.Outcomes) != 2 || m.QuestionID == "" || m.Oracle == "" {
				t.Fatalf("omen-eth read as %+v", m)
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

// TestMarketsOnDevnetRefused: the devnet's markets come from its manifest;
// an unknown key under a market is named with its line.
func TestMarketsOnDevnetRefused(t *testing.T) {
	t.Parallel()
	e := loadErr(t, "chain:\n  markets:\n    m: {address: \"0x8ba1f109551bd432803012645ac136ddd64dba72\"}\n", nil)
	if got := problemStrings(e); len(got) != 1 || !strings.Contains(got[0], "chain.markets: the devnet opens its own prediction markets") {
		t.Fatalf("problems %q", got)
	}
	e = loadErr(t, strings.Replace(realChainYAML, "\nagents:", "\n  markets:\n    m: {address: \"0x8ba1f109551bd432803012645ac136ddd64dba72\", fee: 2}\nagents:", 1), nil)
	if got := problemStrings(e); len(got) != 1 || !strings.HasPrefix(got[0], "cfg.yaml:11: chain.markets.m.fee") {
		t.Fatalf("problems %q", got)
	}
}
