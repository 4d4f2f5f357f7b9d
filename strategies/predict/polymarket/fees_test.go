package polymarket

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
)

// TestTakerFeesAreBookedAsTheWalletPaid: in a market with a 3% taker fee
// (GET /clob-markets lists it; clobtest charges it at settlement), the
// agent's taking buy leaves its edge net of the fee, its terms count the
// most the fee can be against the caps, and the fill is booked as what the
// wallet paid: the collateral plus the fee, exactly the CLOB's balance
// change; the taking sale is booked as the proceeds less the fee. The
// observation records the schedule, so a replay plans with it too.
func TestTakerFeesAreBookedAsTheWalletPaid(t *testing.T) {
	t.Parallel()
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: condition, Tokens: [2]*big.Int{yesID, noID}, Tick: "0.01", MinSize: "1",
		Fee: clob.FeeSchedule{Rate: big.NewRat(3, 100), Exponent: 1}}}})
	srv.AddLiquidity(yesID, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yesID, clob.Sell, "0.60", "50")
	a := newAgent(t, srv, 1_000_000_000, nil)

	obs := a.observe()
	if !strings.Contains(string(obs.Facts), `"fee":{"rate":"3/100","exponent":1}`) {
		t.Fatalf("the observation does not record the fee: %s", obs.Facts)
	}
	// The TUI's book view names the schedule once it was read.
	if b := a.s.Books(context.Background()); len(b) != 2 || b[0].Fee != "fee 0.03 × p(1−p) per token, takers pay" {
		t.Fatalf("books %+v", b)
	}
	before := srv.Collateral(a.s.d.Account)
	plan, buy := a.quote(0.70)
	// 0.68 + 0.03 * 0.68 * 0.32 leaves less than the 0.02 edge; 0.67 does.
	if buy == nil || buy.Side != "BUY" || buy.Price != "0.6700" || !strings.Contains(plan.Summary, "take asks") {
		t.Fatalf("taking buy: %+v (%+v)", buy, plan)
	}
	// 2.64 tokens at 0.67, and at most 2.64 * 0.03 * 0.25 in fees.
	if buy.Size != "2.64" || buy.Spends[0].Amount.Cmp(base(1_768_800+19_800)) != 0 || !strings.Contains(buy.Cost, "(+ a fee of up to 0.02 pUSD)") {
		t.Fatalf("the buy's terms %+v count %s", buy, buy.Spends[0].Amount)
	}
	f := a.fills()
	// Filled at the 0.60 ask: 1.584 pUSD and a fee of 2.64 * 0.03 * 0.24 =
	// 0.019008, charged as 0.01900.
	paid := new(big.Int).Sub(before, srv.Collateral(a.s.d.Account))
	if len(f) != 1 || f[0].TokenIn != contracts.Collateral || f[0].AmountIn.Cmp(base(1_584_000+19_000)) != 0 || f[0].AmountIn.Cmp(paid) != 0 ||
		f[0].AmountOut.Cmp(base(2_640_000)) != 0 || f[0].Price != "0.6" || f[0].Fee != "0.019 PUSD" {
		t.Fatalf("buy fill %+v; the CLOB took %s", f, paid)
	}

	before = srv.Collateral(a.s.d.Account)
	_, sale := a.quote(0.30)
	// 0.32 - 0.03 * 0.32 * 0.68 leaves less than 0.30 + 0.02; 0.33 does.
	if sale == nil || sale.Side != "SELL" || sale.Price != "0.3300" || sale.Size != "2.64" {
		t.Fatalf("taking sale: %+v", sale)
	}
	f = a.fills()
	got := new(big.Int).Sub(srv.Collateral(a.s.d.Account), before)
	if len(f) != 1 || f[0].TokenOut != contracts.Collateral || f[0].AmountOut.Cmp(base(1_056_000-19_000)) != 0 || f[0].AmountOut.Cmp(got) != 0 {
		t.Fatalf("sale fill %+v; the CLOB paid %s", f, got)
	}
}
