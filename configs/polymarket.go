package configs

import (
	"math/big"
	"net"
	"net/url"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// PolymarketMarket is an outcome market on the Polymarket CLOB that a
// policy may allow by name (policy.allowed_contracts): its orders are
// off-chain signatures, so it has no contract of its own, only token ids.
type PolymarketMarket struct {
	ConditionID string   `yaml:"condition_id,omitempty"`
	Tokens      []string `yaml:"tokens"`          // outcome token ids, decimal
	Sides       []string `yaml:"sides,omitempty"` // BUY, SELL; none allows both
}

var conditionRE = regexp.MustCompile(`^0x[0-9a-fA-F]{64}$`)

// polymarket checks chain.polymarket.
func (v *checker) polymarket() {
	ch := &v.c.Chain
	for _, name := range sortedKeys(ch.Polymarket) {
		p, m := "chain.polymarket."+name, ch.Polymarket[name]
		_, venue := ch.Venues[name]
		_, market := ch.Markets[name]
		switch {
		case !venueRE.MatchString(name):
			v.addf(p, "%q is not a market name (1-32 lowercase letters, digits, '-' or '_')", name)
		case venue || market:
			v.addf(p, "%s is also in chain.venues or chain.markets (give it another name: policies name them the same way)", name)
		}
		if m.ConditionID != "" && !conditionRE.MatchString(m.ConditionID) {
			v.addf(p+".condition_id", "%q is not 0x and 64 hex digits", m.ConditionID)
		}
		if len(m.Tokens) == 0 {
			v.addf(p+".tokens", "missing: list the market's outcome token ids (decimal, as the CLOB's /markets lists them)")
		}
		for i, t := range m.Tokens {
			if n, ok := new(big.Int).SetString(t, 10); !ok || n.Sign() <= 0 || n.BitLen() > 256 {
				v.addf(index(p+".tokens", i), "%q is not a token id (a positive decimal integer)", t)
			}
		}
		for i, s := range m.Sides {
			if up := strings.ToUpper(s); up != "BUY" && up != "SELL" {
				v.addf(index(p+".sides", i), "%q is neither BUY nor SELL", s)
			}
		}
	}
}

// devnetCLOBs keeps a devnet config from signing real orders: there the
// collateral is the CLOB's own bookkeeping, so a predict.polymarket agent
// may trade only with a CLOB on this machine (a test CLOB), never with
// Polymarket's, whose orders spend real pUSD.
func (v *checker) devnetCLOBs() {
	for i := range v.c.Agents {
		a := &v.c.Agents[i]
		if a.Strategy != "predict.polymarket" {
			continue
		}
		p := index("agents", i) + ".params.clob"
		raw := paramString(&a.Params, "clob")
		u, err := url.Parse(raw)
		if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			v.addf(p, "%q is not an http(s) URL of a CLOB", raw)
			continue
		}
		if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
			v.addf(p, "%s is not on this machine: on the devnet orders go only to a local test CLOB (point chain.rpc at Polygon, with PUSD in chain.tokens, to trade on a real one)", raw)
		}
	}
}

// paramString is the scalar under key in a params mapping ("" if none).
func paramString(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}
