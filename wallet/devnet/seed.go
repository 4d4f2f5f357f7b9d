package devnet

import "math/big"

// What the devnet seeds. Prices are in whole US dollars so every amount below
// is an exact integer in each token's base units.
type tokenSpec struct {
	Symbol   string
	Name     string
	Decimals uint8
	USD      int64 // price of one whole token
}

var (
	wethSpec   = tokenSpec{Symbol: "WETH", Name: "Wrapped Ether", Decimals: 18, USD: 3_000}
	tokenSpecs = []tokenSpec{
		{Symbol: "USDC", Name: "USD Coin (devnet)", Decimals: 6, USD: 1},
		{Symbol: "DAI", Name: "Dai Stablecoin (devnet)", Decimals: 18, USD: 1},
		{Symbol: "WBTC", Name: "Wrapped BTC (devnet)", Decimals: 8, USD: 60_000},
	}
)

// poolSpecs are the pairs both DEXes list, by symbol.
var poolSpecs = [][2]string{
	{"WETH", "USDC"},
	{"WETH", "DAI"},
	{"WBTC", "WETH"},
	{"USDC", "DAI"},
}

// dexSpec is one AMM deployment: how deep its pools are (USD per side) and
// how far it prices the first token of each pool above the reference price,
// in basis points, so the two DEXes start with an arbitrage gap.
type dexSpec struct {
	Name    string
	DepthUS int64
	SkewBps int64
}

var dexSpecs = []dexSpec{
	{Name: "dex-a", DepthUS: 3_000_000, SkewBps: 0},
	{Name: "dex-b", DepthUS: 1_500_000, SkewBps: 150},
}

// Dev accounts other than the deployer receive these token balances (whole
// tokens) so they can trade at once; WETH comes from wrapping ETH.
var devTokenGrant = map[string]int64{"USDC": 1_000_000, "DAI": 1_000_000, "WBTC": 20}

const noiseWETH = 1_000 // whole WETH each noise trader wraps

// units converts whole tokens to base units.
func units(whole int64, decimals uint8) *big.Int {
	return new(big.Int).Mul(big.NewInt(whole), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil))
}

// usdToUnits converts a USD amount to base units of a token worth usd each,
// scaled by (10000+skewBps)/10000. Exact: all inputs are integers.
func usdToUnits(usdAmount int64, t tokenSpec, skewBps int64) *big.Int {
	v := units(usdAmount, t.Decimals)
	v.Mul(v, big.NewInt(10_000+skewBps))
	v.Div(v, big.NewInt(t.USD*10_000))
	return v
}
