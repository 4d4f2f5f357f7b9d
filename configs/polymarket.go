package configs

import (
	"fmt"
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

// polymarketMakers checks a predict.polymarket agent's params
// signature_type and funder against its own policy: an order made by a
// proxy, Safe or deposit wallet passes only when the policy names that
// wallet in allowed_contracts, so a funder it does not name is a config
// error now, not a denial on every tick.
func (v *checker) polymarketMakers() {
	for i := range v.c.Agents {
		a := &v.c.Agents[i]
		if a.Strategy != "predict.polymarket" {
			continue
		}
		p := index("agents", i) + ".params."
		typ, funder := paramString(&a.Params, "signature_type"), paramString(&a.Params, "funder")
		// Params are kept as written: name the line of the value itself.
		at := func(key, format string, args ...any) {
			where := v.c.whereOf(p + key)
			if n := paramNode(&a.Params, key); n != nil {
				where = (&walker{src: a.src}).loc(n)
			}
			v.probs = append(v.probs, Problem{Where: where, Path: p + key, Msg: fmt.Sprintf(format, args...)})
		}
		kind, known := walletKinds[strings.ToLower(strings.TrimSpace(typ))]
		switch {
		case !known:
			at("signature_type", "%q is not eoa, proxy, safe or deposit_wallet (or the protocol's EOA, POLY_PROXY, POLY_GNOSIS_SAFE, POLY_1271)", typ)
		case kind == "" && funder != "":
			at("funder", "%s is set but signature_type is eoa, where the agent's own key is the maker (set signature_type to proxy, safe or deposit_wallet, or remove funder)", funder)
		case kind == "":
		case funder == "":
			at("funder", "required with signature_type %s: give the address of the %s that holds the agent's pUSD", typ, kind)
		case Address(funder).Check() != nil:
			at("funder", "%v", Address(funder).Check())
		case !policyNamesAddress(a.Policy, Address(funder)):
			at("funder", "%s (%s) is not named by this agent's policy: add it to policy.allowed_contracts (orders it makes are denied otherwise)", Address(funder).Common().Hex(), kind)
		}
	}
}

// paramNode is the value node under key in a params mapping (nil if none).
func paramNode(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// walletKinds maps params.signature_type to the maker wallet it trades
// through ("" for the agent's own key).
var walletKinds = map[string]string{
	"": "", "eoa": "",
	"proxy": "POLY_PROXY proxy wallet", "poly_proxy": "POLY_PROXY proxy wallet",
	"safe": "POLY_GNOSIS_SAFE Safe", "gnosis_safe": "POLY_GNOSIS_SAFE Safe", "poly_gnosis_safe": "POLY_GNOSIS_SAFE Safe",
	"deposit_wallet": "POLY_1271 deposit wallet", "poly_1271": "POLY_1271 deposit wallet",
}

func policyNamesAddress(pol Policy, a Address) bool {
	for _, c := range pol.AllowedContracts {
		if looksLikeAddress(c) && Address(c).Check() == nil && Address(c).Common() == a.Common() {
			return true
		}
	}
	return false
}
