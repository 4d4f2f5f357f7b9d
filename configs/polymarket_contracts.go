package configs

// PolymarketContracts names a Polymarket deployment on a chain other than
// Polygon or Amoy (a fork or a devnet), whose addresses agentctl does not
// know: the exchanges and adapter orders settle through, the conditional
// tokens, pUSD (collateral) and the on-ramp that wraps USDC.e into it.
type PolymarketContracts struct {
	Exchange        Address `yaml:"exchange"`
	NegRiskExchange Address `yaml:"neg_risk_exchange,omitempty"`
	ExchangeV3      Address `yaml:"exchange_v3,omitempty"`
	NegRiskAdapter  Address `yaml:"neg_risk_adapter,omitempty"`
	CTF             Address `yaml:"ctf"`
	Collateral      Address `yaml:"collateral"`
	USDCe           Address `yaml:"usdce,omitempty"`
	Onramp          Address `yaml:"onramp,omitempty"`
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
}
