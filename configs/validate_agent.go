package configs

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// nativeSymbol names ether in fund and policy token lists.
const nativeSymbol = "ETH"

func (v *checker) agents() {
	if len(v.c.Agents) > 0 && v.realChain() && v.c.meta != nil && v.c.meta.agentsFromDefault {
		v.addf("agents", "the built-in demo agents trade on the devnet only (define your own agents: list for chain %d)", v.c.Chain.ChainID)
		return
	}
	names, wallets := map[string]int{}, map[string]int{}
	for i := range v.c.Agents {
		v.agent(i, &v.c.Agents[i], names, wallets)
	}
}

func (v *checker) agent(i int, a *Agent, names, wallets map[string]int) {
	p := index("agents", i)
	switch {
	case a.Name == "":
		v.addf(p+".name", "missing (give each agent a unique name: %s)", nameRule)
	case !nameRE.MatchString(a.Name):
		v.addf(p+".name", "%q is not a valid name (%s)", a.Name, nameRule)
	default:
		if j, dup := names[a.Name]; dup {
			v.addf(p+".name", "%q is already the name of agents[%d] (names must be unique)", a.Name, j)
		} else {
			names[a.Name] = i
		}
	}
	switch {
	case a.Wallet == "":
		// reported as the missing name it defaults to
	case !nameRE.MatchString(a.Wallet):
		v.addf(p+".wallet", "%q is not a keystore account name (%s)", a.Wallet, nameRule)
	default:
		if j, dup := wallets[a.Wallet]; dup {
			v.addf(p+".wallet", "%q is already the wallet of agents[%d] (each agent needs its own key)", a.Wallet, j)
		} else {
			wallets[a.Wallet] = i
		}
	}
	switch {
	case a.Strategy == "":
		v.addf(p+".strategy", "missing (e.g. dex.momentum, dex.arbitrage, predict.forecaster, audit.watch)")
	case !strategyRE.MatchString(a.Strategy):
		v.addf(p+".strategy", "%q is not a strategy name (write family.name, e.g. dex.momentum)", a.Strategy)
	}
	if a.Params.Kind != 0 && a.Params.Kind != yaml.MappingNode && a.Params.ShortTag() != "!!null" {
		v.addf(p+".params", "expected a mapping of the strategy's settings (key: value lines)")
	}
	v.model(p+".model", a.Model)
	v.model(p+".fallback_model", a.FallbackModel)
	switch a.Mode {
	case ModeAuto, ModeAsk, ModePaper:
	case "":
		v.addf(p+".mode", "missing (use auto to act within the policy, ask to approve each transaction, or paper to simulate only)")
	default:
		v.addf(p+".mode", "%q is not a mode (use auto, ask or paper)", a.Mode)
	}
	v.positive(p+".interval", a.Interval, "2s")
	v.positive(p+".approval_timeout", a.ApprovalTimeout, "2m")
	v.positive(p+".approval_ttl", a.ApprovalTTL, "30s")
	if len(a.Fund) > 0 && v.realChain() {
		v.addf(p+".fund", "starting balances exist only on the devnet (remove fund for a real chain)")
	} else {
		for _, sym := range sortedKeys(a.Fund) {
			if v.symbol(p+".fund."+sym, sym) {
				v.decimal(p+".fund."+sym, a.Fund[sym], v.fracLimit(sym), true)
			}
		}
	}
	v.agentURI(p+".agent_uri", a.AgentURI)
	v.identityKeys(p, a)
	v.policy(p+".policy", &a.Policy)
}

func (v *checker) policy(p string, pol *Policy) {
	seen := map[string]int{}
	for i, t := range pol.AllowedTokens {
		ip := index(p+".allowed_tokens", i)
		if v.tokenRef(ip, t) {
			v.once(ip, strings.ToLower(t), i, seen)
		}
	}
	seen = map[string]int{}
	for i, c := range pol.AllowedContracts {
		ip := index(p+".allowed_contracts", i)
		if v.contractRef(ip, c) {
			v.once(ip, strings.ToLower(c), i, seen)
		}
	}
	seen = map[string]int{}
	for i, m := range pol.AllowedMethods {
		ip := index(p+".allowed_methods", i)
		if !methodRE.MatchString(m) {
			v.addf(ip, "%q is not a method name (give the ABI function name, e.g. approve or swapExactTokensForTokens)", m)
			continue
		}
		v.once(ip, m, i, seen)
	}
	for _, field := range []struct {
		name string
		caps map[string]Decimal
	}{{"max_trade", pol.MaxTrade}, {"max_daily", pol.MaxDaily}} {
		for _, tok := range sortedKeys(field.caps) {
			kp := p + "." + field.name + "." + tok
			if v.tokenRef(kp, tok) {
				v.decimal(kp, field.caps[tok], v.fracLimit(tok), true)
			}
		}
	}
	seen = map[string]int{}
	for i, r := range pol.AllowedRecipients {
		ip := index(p+".allowed_recipients", i)
		switch {
		case looksLikeAddress(r):
			if !v.address(ip, Address(r), true) {
				continue
			}
		case !nameRE.MatchString(r):
			v.addf(ip, "%q is neither a 0x address nor a wallet name (1-32 lowercase letters, digits, '-' or '_', starting with a letter)", r)
			continue
		}
		v.once(ip, strings.ToLower(r), i, seen)
	}
	switch {
	case pol.AllowedMarkets == "":
	case pol.AllowedMarkets != AllowedMarketsDevnet:
		v.addf(p+".allowed_markets", "%q is not a market set (use devnet, or leave it out and name each market in allowed_contracts)", pol.AllowedMarkets)
	case v.realChain():
		v.addf(p+".allowed_markets", "devnet allows the embedded devnet's markets only: on this chain name each market in allowed_contracts")
	}
	quoteOK := v.tokenRef(p+".quote_token", pol.QuoteToken)
	qf := -1
	if quoteOK {
		qf = v.fracLimit(pol.QuoteToken)
	}
	v.decimal(p+".max_trade_quote", pol.MaxTradeQuote, qf, false)
	v.decimal(p+".max_daily_quote", pol.MaxDailyQuote, qf, false)
	v.decimal(p+".max_gas_price_gwei", pol.MaxGasPriceGwei, 9, false)
	switch s := pol.MaxSlippageBps; {
	case s < 0:
		v.addf(p+".max_slippage_bps", "%d is negative (%s)", s, bpsRule)
	case s > 10000:
		v.addf(p+".max_slippage_bps", "%d is above 10000 (100%%)", s)
	}
	if pol.MaxTradesPerHour < 0 {
		v.addf(p+".max_trades_per_hour", "%d is negative (0 allows no trades; e.g. 60)", pol.MaxTradesPerHour)
	}
	if k := pol.DrawdownKillPct; k < 0 || k > 100 {
		v.addf(p+".drawdown_kill_pct", "%d is outside 0 to 100 (percent below the equity peak that pauses the agent; 0 turns it off)", k)
	}
}

// once reports an entry listed twice.
func (v *checker) once(path, key string, i int, seen map[string]int) {
	if j, dup := seen[key]; dup {
		v.addf(path, "listed twice (also at [%d]; keep one)", j)
		return
	}
	seen[key] = i
}

// symbol checks a token symbol; on a real chain it must be in chain.tokens
// (ETH, the native coin, always is).
func (v *checker) symbol(path, sym string) bool {
	if !symbolRE.MatchString(sym) {
		v.addf(path, "%q is not a token symbol (1-16 letters, digits, '.', '-', '_' or '$', e.g. USDC)", sym)
		return false
	}
	if v.realChain() && sym != nativeSymbol {
		if _, ok := v.c.Chain.Tokens[sym]; !ok {
			v.addf(path, "token %s is not in chain.tokens (add it there with its address and decimals, or give its address here)", sym)
			return false
		}
	}
	return true
}

// tokenRef checks a token given by symbol or address.
func (v *checker) tokenRef(path, ref string) bool {
	if ref == "" {
		v.addf(path, "missing (give a token symbol such as USDC, or an address)")
		return false
	}
	if looksLikeAddress(ref) {
		return v.address(path, Address(ref), true)
	}
	return v.symbol(path, ref)
}

// contractRef checks a contract given by venue or market name or address;
// on a real chain the name must be in chain.venues or chain.markets.
func (v *checker) contractRef(path, ref string) bool {
	if looksLikeAddress(ref) {
		return v.address(path, Address(ref), true)
	}
	if !venueRE.MatchString(ref) {
		v.addf(path, "%q is not a venue name or an address (e.g. dex-a, or 0x and 40 hex digits)", ref)
		return false
	}
	if v.realChain() {
		_, venue := v.c.Chain.Venues[ref]
		_, market := v.c.Chain.Markets[ref]
		_, clob := v.c.Chain.Polymarket[ref]
		if !venue && !market && !clob {
			v.addf(path, "%s is not in chain.venues or chain.markets (add the venue or market there, or give an address)", ref)
			return false
		}
	}
	return true
}

// fracLimit is the most decimal places an amount of a token can have: its
// decimals when known, 18 for ETH, and no limit (-1) otherwise.
func (v *checker) fracLimit(ref string) int {
	if ref == nativeSymbol {
		return 18
	}
	if t, ok := v.c.Chain.Tokens[ref]; ok && t.Decimals != nil {
		return int(*t.Decimals)
	}
	return -1
}

// identityKeys checks an agent's identity owner and operator accounts.
func (v *checker) identityKeys(p string, a *Agent) {
	own := a.Wallet
	if own == "" {
		own = a.Name
	}
	for _, k := range []struct{ field, name string }{{"owner", a.Owner}, {"operator", a.Operator}} {
		if k.name != "" && !nameRE.MatchString(k.name) {
			v.addf(p+"."+k.field, "%q is not a keystore account name (%s)", k.name, nameRule)
		}
	}
	switch {
	case a.Owner != "" && a.Owner == own:
		v.addf(p+".owner", "%q is the agent's own wallet, which owns its identity by default (remove owner, or name another account)", a.Owner)
	case a.Operator != "" && a.Owner == "":
		v.addf(p+".operator", "needs an owner: without one the agent's wallet owns and manages its identity (set owner, or remove operator)")
	case a.Operator != "" && a.Operator == a.Owner:
		v.addf(p+".operator", "%q is the owner, which manages the identity anyway (remove operator, or name another account)", a.Operator)
	}
}
