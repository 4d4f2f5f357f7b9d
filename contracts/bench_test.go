package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// BenchmarkRouterSwap sends, mines and confirms one swapExactTokensForTokens per
// iteration and reports the gas it used, for sizing gas limits and devnet blocks.
func BenchmarkRouterSwap(b *testing.B) {
	x := deployAMM(b)
	x.seedPools()
	c := x.c
	paths := [2][]common.Address{{x.tkA.addr, x.tkB.addr}, {x.tkB.addr, x.tkA.addr}}
	amounts := [2]*big.Int{ether(10), big.NewInt(20e6)}
	var gas uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := i % 2 // alternate so the price stays put
		rcpt := c.send(c.alice, x.routerI, routerABI.PackSwapExactTokensForTokens(amounts[dir], big.NewInt(0), paths[dir], c.alice.From, x.deadline()))
		gas += rcpt.GasUsed
	}
	b.ReportMetric(float64(gas)/float64(b.N), "gas/swap")
}
