package predict

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// BenchmarkCollectionID measures one collection ID (a search for a point of
// alt_bn128, a square root each step); OpenMarket and settlement compute
// one per outcome.
func BenchmarkCollectionID(b *testing.B) {
	cond := common.HexToHash("0x25e73d2f118e87fc15df7cf736172737f0b82b7ec6ca6a24cd67ae341ed760fb")
	for b.Loop() {
		if _, err := CollectionID(common.Hash{}, cond, big.NewInt(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBetSize measures sizing one buy (a binary search over exact
// quotes), which Plan runs for every outcome of every open market.
func BenchmarkBetSize(b *testing.B) {
	pool, fee := bi(10_000_000_000, 18_571_428_571), feeOf(2, 100)
	sz := Sizing{Bankroll: big.NewInt(2_000_000_000), Cap: big.NewInt(250_000_000), Kelly: big.NewRat(1, 4),
		MinEdge: big.NewRat(3, 100), Min: big.NewInt(1_000_000)}
	p := big.NewRat(8, 10)
	var stake *big.Int
	for b.Loop() {
		stake, _ = BetSize(pool, fee, 0, p, sz)
	}
	if stake.Sign() == 0 {
		b.Fatal("no bet sized")
	}
}
