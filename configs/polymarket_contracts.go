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
	switch {
	case pc.USDCe != "" && pc.Onramp == "" && u:
		v.addf(p+".onramp", "missing: usdce is set, give the on-ramp that wraps it into pUSD (or remove usdce)")
	case pc.Onramp != "" && pc.USDCe == "" && o:
		v.addf(p+".usdce", "missing: onramp is set, give the USDC.e it wraps (or remove onramp)")
	}
	a := v.address(p+".ctf_adapter", pc.CtfAdapter, false)
	n, w := v.address(p+".neg_risk_ctf_adapter", pc.NegRiskCtfAdapter, false), v.address(p+".wrapped_collateral", pc.WrappedCollateral, false)
	switch {
	case pc.CtfAdapter != "" && pc.USDCe == "" && a:
		v.addf(p+".usdce", "missing: ctf_adapter is set, give the USDC.e whose positions it redeems (or remove ctf_adapter)")
	case pc.NegRiskCtfAdapter != "" && pc.WrappedCollateral == "" && n:
		v.addf(p+".wrapped_collateral", "missing: neg_risk_ctf_adapter is set, give the neg-risk adapter's wrapped collateral, whose positions it redeems (or remove neg_risk_ctf_adapter)")
	case pc.WrappedCollateral != "" && pc.NegRiskCtfAdapter == "" && w:
		v.addf(p+".neg_risk_ctf_adapter", "missing: wrapped_collateral is set, give the adapter that redeems its positions (or remove wrapped_collateral)")
	}
}
