package store

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Flows listed in a record read back exact, by book, and editing one
// breaks the agent's chain.
func TestFlowsRoundTripAndEditingIsFound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	usdc := common.HexToAddress("0x01")
	mustAppend(t, db, decision("a", 1))
	live := []Flow{
		{Source: FlowTransfer, TradeSeq: 1, TradeLeg: 0, Token: usdc, Amount: big.NewInt(-1000_000000), Value: big.NewRat(-1000_000000, 1)},
		{Source: FlowDetected, Token: NativeToken, Amount: big.NewInt(7), Value: big.NewRat(21, 1_000_000_000)},
	}
	rec, err := FlowRecord("a", "dex.momentum", usdc, live, "external flows (not PnL): test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec.Action), `"action":"flow","rationale":"external flows (not PnL): test"`) {
		t.Fatalf("action %s does not say what moved", rec.Action)
	}
	mustAppend(t, db, rec)
	paper, err := FlowRecord("a", "dex.momentum", usdc, []Flow{{Paper: true, Source: FlowDetected, Token: usdc, Amount: big.NewInt(5), Value: big.NewRat(5, 1)}}, "paper")
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, paper)

	got, err := db.Flows(ctx, "a", false)
	if err != nil || len(got) != 2 {
		t.Fatalf("live flows %+v %v", got, err)
	}
	for i, f := range got {
		w := live[i]
		if f.Seq != 2 || f.Source != w.Source || f.TradeSeq != w.TradeSeq || f.Token != w.Token || f.Amount.Cmp(w.Amount) != 0 || f.Value.Cmp(w.Value) != 0 {
			t.Fatalf("flow %d read back as %+v, want %+v", i, f, w)
		}
	}
	if p, err := db.Flows(ctx, "a", true); err != nil || len(p) != 1 || !p[0].Paper || p[0].Seq != 3 {
		t.Fatalf("paper flows %+v %v", p, err)
	}
	if _, err := FlowRecord("a", "s", usdc, []Flow{{Source: "gift", Token: usdc, Amount: big.NewInt(1), Value: big.NewRat(1, 1)}}, ""); err == nil {
		t.Fatal("a flow with an unknown source was accepted")
	}
	if res := mustVerify(t, db, "a"); !res.OK() {
		t.Fatalf("verify: %+v", res)
	}

	// Someone makes the transfer out look smaller.
	raw := rawConn(t, db)
	if _, err := raw.Exec(`UPDATE records SET receipt = replace(receipt, '-1000000000', '-1') WHERE agent = 'a' AND seq = 2`); err != nil {
		t.Fatal(err)
	}
	if res := mustVerify(t, db, "a"); res.OK() || res.Seq != 2 {
		t.Fatalf("an edited flow verified: %+v", res)
	}
}

// A deposit into the book costs what it was worth, so selling it later
// realizes only what the price did since; a withdrawal takes its average
// cost out and realizes nothing.
func TestBookFlowsRealizeNothing(t *testing.T) {
	t.Parallel()
	usdc, weth := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	t0 := time.Unix(1000, 0)
	k := NewBook(Baseline{Quote: usdc, Time: t0, Holdings: []Holding{{Token: weth, Amount: big.NewInt(10), Value: big.NewRat(30, 1)}}})
	k.Flow(weth, big.NewInt(10), big.NewRat(50, 1)) // 20 WETH cost 80: 4 each
	k.Flow(usdc, big.NewInt(-7), big.NewRat(-7, 1)) // the quote has no lot
	if r := k.Realized(NativeToken, nil); r.Sign() != 0 {
		t.Fatalf("flows realized %s", r.RatString())
	}
	k.Flow(weth, big.NewInt(-10), big.NewRat(-45, 1)) // takes 10 at 4
	k.Apply(Trade{ID: 1, Time: t0.Add(time.Second), TokenIn: weth, AmountIn: big.NewInt(10), TokenOut: usdc, AmountOut: big.NewInt(45)})
	if r := k.Realized(NativeToken, nil); r.Cmp(big.NewRat(5, 1)) != 0 {
		t.Fatalf("realized %s, want 45 - 10 x 4 = 5", r.RatString())
	}
}
