package configs

// PolymarketContracts names a Polymarket deployment on a chain other than
// Polygon or Amoy (a fork or a devnet), whose addresses agentctl does not
// know: the exchanges and adapter orders settle through, the conditional
// tokens, pUSD (collateral), the on-ramp that wraps USDC.e into it, and
// the collateral adapters that redeem outcome tokens for pUSD.
type PolymarketContracts struct {
	Exchange        Address `yaml:"exchange"`
	NegRiskExchange Address `yaml:"neg_risk_exchange,omitempty"`
	ExchangeV3      Address `yaml:"exchange_v3,omitempty"`
	NegRiskAdapter  Address `yaml:"neg_risk_adapter,omitempty"`
	CTF             Address `yaml:"ctf"`
	Collateral      Address `yaml:"collateral"`
	USDCe           Address `yaml:"usdce,omitempty"`
	Onramp          Address `yaml:"onramp,omitempty"`
	// CtfAdapter redeems standard markets' tokens (USDC.e's positions);
	// NegRiskCtfAdapter neg-risk markets' (WrappedCollateral's positions).
	CtfAdapter        Address `yaml:"ctf_adapter,omitempty"`
	NegRiskCtfAdapter Address `yaml:"neg_risk_ctf_adapter,omitempty"`
	WrappedCollateral Address `yaml:"wrapped_collateral,omitempty"`
}

// Polymarket's own chains, whose deployments are built in.
const (
	polygonChainID = 137
	amoyChainID    = 80002
)

// polymarketContracts checks chain.polymarket_contracts: on Polygon and
// Amoy the built-in table is authoritative; elsewhere the exchange, ctf
// and collateral are required, and usdce and onramp come together.
func (v *checker) polymarketContracts() {
	pc := v.c.Chain.PolymarketContracts
	if pc == nil {
		return
	}
	const p = "chain.polymarket_contracts"
	if id := v.c.Chain.ChainID; id == polygonChainID || id == amoyChainID {
		v.addf(p, "chain %d's Polymarket deployment is built in and may not be overridden (remove chain.polymarket_contracts)", id)
		return
	}
	v.address(p+".exchange", pc.Exchange, true)
	v.address(p+".neg_risk_exchange", pc.NegRiskExchange, false)
	v.address(p+".exchange_v3", pc.ExchangeV3, false)
	v.address(p+".neg_risk_adapter", pc.NegRiskAdapter, false)
	v.address(p+".ctf", pc.CTF, true)
	v.address(p+".collateral", pc.Collateral, true)
	u, o := v.address(p+".usdce", pc.USDCe, false), v.address(p+".onramp", pc.Onramp, false)
	a := v.address(p+".ctf_adapter", pc.CtfAdapter, false)
	n, w := v.address(p+".neg_risk_ctf_adapter", pc.NegRiskCtfAdapter, false), v.address(p+".wrapped_collateral", pc.WrappedCollateral, false)
	// A field that is set (and an address) without its partner names the
	// partner that is missing.
	needs := func(set bool, field, partner, what string) {
		if set {
			v.addf(p+"."+partner, "missing: %s is set, give %s (or remove %s)", field, what, field)
		}
	}
	needs(u && pc.USDCe != "" && pc.Onramp == "", "usdce", "onramp", "the on-ramp that wraps it into pUSD")
	needs(o && pc.Onramp != "" && pc.USDCe == "", "onramp", "usdce", "the USDC.e it wraps")
	needs(a && pc.CtfAdapter != "" && pc.USDCe == "", "ctf_adapter", "usdce", "the USDC.e whose positions it redeems")
	needs(n && pc.NegRiskCtfAdapter != "" && pc.WrappedCollateral == "", "neg_risk_ctf_adapter", "wrapped_collateral",
		"the neg-risk adapter's wrapped collateral, whose positions it redeems")
	needs(w && pc.WrappedCollateral != "" && pc.NegRiskCtfAdapter == "", "wrapped_collateral", "neg_risk_ctf_adapter", "the adapter that redeems its positions")
}
