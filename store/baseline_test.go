package store

import (
	"context"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// The first baseline of a book is kept across restarts (a later one does
// not replace it), exactly, and books are separate.
func TestBaselineFirstOneStays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agentctl.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	usdc, weth := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	first := Baseline{Agent: "a", Quote: usdc, Equity: big.NewRat(31_000_000_001, 3), Holdings: []Holding{
		{Token: usdc, Amount: big.NewInt(10_000_000), Value: big.NewRat(10_000_000, 1)},
		{Token: weth, Amount: big.NewInt(7), Value: big.NewRat(1, 3)},
	}}
	if _, err := db.SetBaseline(ctx, first); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	second := first
	second.Equity = big.NewRat(1, 1)
	got, err := db.SetBaseline(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if got.Equity.Cmp(first.Equity) != 0 || len(got.Holdings) != 2 || got.Holdings[1].Value.Cmp(big.NewRat(1, 3)) != 0 || got.Time.IsZero() {
		t.Fatalf("baseline after restart = %+v, want the first one exactly", got)
	}
	if _, ok, err := db.Baseline(ctx, "a", true); ok || err != nil {
		t.Fatalf("paper book has a baseline (%v) before its first valued tick", err)
	}
}

// Realized by average cost: the starting inventory costs its baseline
// value, buys add to the cost, sales realize proceeds less average cost,
// gas is realized at the native coin's average cost.
func TestRealizedAverageCost(t *testing.T) {
	t.Parallel()
	usdc, weth, eth := common.HexToAddress("0x01"), common.HexToAddress("0x02"), NativeToken
	t0 := time.Unix(1000, 0)
	b := Baseline{Quote: usdc, Time: t0, Holdings: []Holding{
		{Token: usdc, Amount: big.NewInt(1000), Value: big.NewRat(1000, 1)},
		{Token: weth, Amount: big.NewInt(10), Value: big.NewRat(30, 1)},  // 3 each
		{Token: eth, Amount: big.NewInt(100), Value: big.NewRat(200, 1)}, // 2 each
	}}
	at := func(s int64) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	trades := []Trade{
		{Time: at(-1), TokenIn: usdc, AmountIn: big.NewInt(999), TokenOut: weth, AmountOut: big.NewInt(1)}, // before the baseline: ignored
		{Time: at(1), TokenIn: usdc, AmountIn: big.NewInt(50), TokenOut: weth, AmountOut: big.NewInt(10)},  // 20 WETH cost 80: 4 each
		{Time: at(2), TokenIn: weth, AmountIn: big.NewInt(5), TokenOut: usdc, AmountOut: big.NewInt(26)},   // cost 20: +6
	}
	got := Realized(b, trades, eth, big.NewInt(3)) // gas: 3 ETH at 2 = -6
	if got.Sign() != 0 {
		t.Fatalf("realized %s, want +6 on the sale and -6 of gas = 0", got.RatString())
	}
	got = Realized(b, trades[:3], eth, nil)
	if got.Cmp(big.NewRat(6, 1)) != 0 {
		t.Fatalf("realized %s, want 6", got.RatString())
	}
}

// A Book fed the stored trades a few at a time (TradesAfter its LastID)
// realizes what Realized does over all of them at once.
func TestBookIncrementalMatchesRealized(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	b, err := db.SetBaseline(ctx, Baseline{Agent: "a", Quote: usdc, Equity: big.NewRat(1030, 1), Holdings: []Holding{
		{Token: usdc, Amount: big.NewInt(1000), Value: big.NewRat(1000, 1)},
		{Token: weth, Amount: big.NewInt(10), Value: big.NewRat(30, 1)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	book := NewBook(b)
	for i := 1; i <= 6; i++ {
		seq, _ := mustAppend(t, db, decision("a", i))
		tr := &Trade{Agent: "a", Seq: seq, Venue: "dex-a", TxHash: common.Hash{byte(i)},
			TokenIn: usdc, AmountIn: big.NewInt(int64(10 * i)), TokenOut: weth, AmountOut: big.NewInt(int64(3 + i))}
		if i%2 == 0 {
			tr.TokenIn, tr.TokenOut = weth, usdc
		}
		if _, err := db.RecordTrade(ctx, tr); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			news, err := db.TradesAfter(ctx, "a", false, book.LastID)
			if err != nil || len(news) != 3 {
				t.Fatalf("%d new trades (%v), want 3", len(news), err)
			}
			for _, n := range news {
				book.Apply(n)
				book.Apply(n) // twice: counted once
			}
		}
	}
	all, err := db.Trades(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := Realized(b, all, NativeToken, nil)
	if got := book.Realized(NativeToken, nil); got.Cmp(want) != 0 || want.Sign() == 0 {
		t.Fatalf("incremental %s, all at once %s", got.RatString(), want.RatString())
	}
}
