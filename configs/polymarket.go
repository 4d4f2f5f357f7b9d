package configs

import (
	"math/big"
	"regexp"
	"strings"
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
