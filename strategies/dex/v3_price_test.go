package dex

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

func TestV3MidPriceAndMark(t *testing.T) {
	t.Parallel()
	weth := strategies.Token{Address: common.HexToAddress("0x01"), Symbol: "WETH", Decimals: 18}
	usdc := strategies.Token{Address: common.HexToAddress("0x02"), Symbol: "USDC", Decimals: 6}
	// token0 WETH, token1 USDC at 2025 USDC per WETH: raw price 2025e6/1e18,
	// so sqrtPriceX96 = 45 * 2^96 / 10^6 exactly
	sqrt := new(big.Int).Mul(big.NewInt(45), new(big.Int).Lsh(big.NewInt(1), 96))
	sqrt.Quo(sqrt, big.NewInt(1_000_000))
	p := &V3Pool{Token0: weth.Address, Token1: usdc.Address, SqrtPriceX96: sqrt}
	mid, err := V3MidPrice(p, weth, usdc)
	if err != nil {
		t.Fatal(err)
	}
	off := new(big.Rat).Sub(mid, big.NewRat(2025, 1))
	if off.Abs(off).Cmp(big.NewRat(1, 1_000_000)) > 0 { // sqrt's division rounds down
		t.Fatalf("mid = %s, want 2025", mid.FloatString(9))
	}
	inv, _ := V3MidPrice(p, usdc, weth)
	if new(big.Rat).Mul(mid, inv).Cmp(big.NewRat(1, 1)) != 0 {
		t.Fatalf("USDC in WETH (%s) is not the inverse of %s", inv.FloatString(12), mid.FloatString(6))
	}
	mark, err := V3Mark(p, weth, usdc)
	if err != nil {
		t.Fatal(err)
	}
	// 2025 USDC in base units, less at most the rounding of sqrt's division
	if lo, hi := big.NewInt(2_024_999_000), big.NewInt(2_025_000_000); mark.Cmp(lo) < 0 || mark.Cmp(hi) > 0 {
		t.Fatalf("mark = %s, want 2025000000 base units (rounded down)", mark)
	}
	if _, err := V3MidPrice(p, weth, strategies.Token{Address: common.HexToAddress("0x03")}); err == nil {
		t.Fatal("a token not in the pool got a price")
	}
}
