package agent

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// pmFilled is the polymarket strategy with fills the test venue reports
// (strategies.Matcher): the runtime's side is under test, not the
// venue's.
type pmFilled struct {
	*polymarket.Strategy
	mu    sync.Mutex
	fills []strategies.VenueFill
}

func (s *pmFilled) Fills(context.Context) ([]strategies.VenueFill, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]strategies.VenueFill(nil), s.fills...), nil
}

// orderCost is what the signing decision rec's orders commit, decoded by
// the policy's rules from the recorded typed data.
func orderCost(t *testing.T, p *Policy, rec store.Record, token common.Address) *big.Int {
	t.Helper()
	var doc simulationDoc
	if err := json.Unmarshal(rec.Simulation, &doc); err != nil || len(doc.Signs) == 0 {
		t.Fatalf("decision #%d signs nothing: %s", rec.Seq, rec.Simulation)
	}
	sum := new(big.Int)
	for _, s := range doc.Signs {
		terms, err := p.decodeSign(s.Request)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range terms.Spends {
			if l.Token == token {
				sum.Add(sum, l.Amount)
			}
		}
	}
	return sum
}

// A signed order counts against the daily cap from signing, in full; a
// fill of it booked later does not count a second time; once the order is
// cancelled (a replace) it counts only what its fill used, and the new
// order counts in full. Before, the fill's trade was added to the order,
// and the cancelled order held the cap for 24 hours.
func TestCancelledOrderCountsOnlyItsFillsAndAFillCountsOnce(t *testing.T) {
	w := newPMWorld(t)
	w.postOnly = true
	var venue *pmFilled
	w.wrap = func(s *polymarket.Strategy) strategies.Strategy {
		venue = &pmFilled{Strategy: s}
		return venue
	}
	p := w.policy(t, 12, w.ex.Address)
	rt, st := w.agent(t, p, 3) // a resting bid at 0.41 is 10 pUSD
	ctx := context.Background()
	pusd := w.pusd.Address
	daily := func() (*big.Int, int) {
		t.Helper()
		s, err := rt.spent(ctx, "poly", false, w.pusd, nil, p)
		if err != nil {
			t.Fatal(err)
		}
		return spentOf(s.ByToken, pusd), s.TradesHour
	}

	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("first tick: %+v", recs)
	}
	firstRec := recs[0]
	first := strings.ToLower(strings.TrimPrefix(firstRec.Intent, "sign/"))
	full := orderCost(t, p, firstRec, pusd)
	if got, hour := daily(); got.Cmp(full) != 0 || hour != 1 {
		t.Fatalf("after signing, the daily spend is %s pUSD units in %d trades, want the order's %s in 1", got, hour, full)
	}

	// The venue fills 5 of the bid at 0.41 and settles it.
	paid := big.NewInt(2_050_000)
	venue.mu.Lock()
	venue.fills = []strategies.VenueFill{{ID: "pm-trade-1", Order: first, Time: time.Now(), TxHash: crypto.Keccak256Hash([]byte("settle")),
		Price: "0.41", Fill: strategies.Fill{Venue: "polymarket", TokenIn: pusd, AmountIn: paid,
			TokenOut: common.BigToAddress(pmYes), AmountOut: big.NewInt(5_000_000)}}}
	venue.mu.Unlock()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	fills := 0
	for _, r := range pmRecords(t, w.h) {
		if f, _, ok, err := store.FillOf(r); ok || err != nil {
			fills++
			if err != nil || f.Signed != firstRec.Seq {
				t.Fatalf("the fill names signing decision #%d (%v), want #%d", f.Signed, err, firstRec.Seq)
			}
		}
	}
	if fills != 1 {
		t.Fatalf("%d fill records, want 1", fills)
	}
	if got, hour := daily(); got.Cmp(full) != 0 || hour != 1 {
		t.Fatalf("after the fill, the daily spend is %s in %d trades, want still the order's %s in 1: the fill is part of it", got, hour, full)
	}

	// The book moves past the rest of the bid: one decision cancels it and
	// signs a new one.
	w.srv.AddLiquidity(pmYes, clob.Buy, "0.50", "50")
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs = pmRecords(t, w.h)
	dec, done := recs[len(recs)-2], recs[len(recs)-1]
	if done.Outcome != store.OutcomeConfirmed || !strings.Contains(strings.ToLower(string(done.Receipt)), `"id":"`+first+`","status":"canceled"`) {
		t.Fatalf("replace completed as %+v", done)
	}
	want := new(big.Int).Add(paid, orderCost(t, p, dec, pusd))
	if got, _ := daily(); got.Cmp(want) != 0 {
		t.Fatalf("after the cancel, the daily spend is %s, want %s: the filled part of the cancelled order (%s) and the new order", got, want, paid)
	}
	pmVerified(t, w.h)
	if res, err := w.h.db.VerifyTrades(ctx, "poly"); err != nil || !res.OK() || res.Checked != 1 {
		t.Fatalf("verify trades: %+v %v", res, err)
	}
}

// A replace whose cancel went through but whose new order the CLOB refused
// is a failed decision; the order it cancelled is gone all the same and
// counts only its fills (none). Before, only confirmed completions freed
// cancelled orders, so every refused replace held the cap for 24 hours
// and a long session locked itself out of trading.
func TestCancelOfAFailedReplaceFreesTheCap(t *testing.T) {
	w := newPMWorld(t)
	w.postOnly = true
	p := w.policy(t, 12, w.ex.Address)
	rt, st := w.agent(t, p, 3)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	w.srv.AddLiquidity(pmYes, clob.Buy, "0.50", "50")
	w.srv.Fail("POST /order", clobtest.Fault{Status: 400})
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs := pmRecords(t, w.h)
	done := recs[len(recs)-1]
	if done.Outcome != store.OutcomeFailed || !strings.Contains(strings.ToLower(string(done.Receipt)), `"status":"canceled"`) {
		t.Fatalf("the refused replace completed as %+v, want failed with its cancel in the receipt", done)
	}
	s, err := rt.spent(ctx, "poly", false, w.pusd, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := spentOf(s.ByToken, w.pusd.Address); got.Sign() != 0 {
		t.Fatalf("after the cancelled bid and the refused replacement the daily spend is %s pUSD units, want 0", got)
	}
}

// A bid matched on the CLOB and then cancelled by a replace, its trade
// not yet settled (so not booked): the match is collateral committed, and
// counts with the new order. Before, it counted only once mined, and the
// agent could sign up to its cap on top of it.
func TestUnsettledMatchOfACancelledOrderCounts(t *testing.T) {
	w := newPMWorld(t)
	srv := clobtest.New(t, clobtest.Options{HoldSettlement: true, Markets: []clobtest.Market{{ConditionID: pmCondition,
		Tokens: [2]*big.Int{pmYes, pmNo}, Tick: "0.01", MinSize: "1"}}})
	srv.Fund(w.h.signer.Address(), units(1_000, 6))
	srv.AddLiquidity(pmYes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(pmYes, clob.Buy, "0.40", "100")
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: w.h.signer})
	if err != nil {
		t.Fatal(err)
	}
	if w.creds, err = c.CreateOrDeriveAPIKey(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	w.srv, w.postOnly = srv, true
	p := w.policy(t, 12, w.ex.Address)
	rt, st := w.agent(t, p, 3)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if ids := srv.Take(pmYes, clob.Sell, "0.41", "20"); len(ids) != 1 { // 20 of the bid at 0.41: 8.2 pUSD, held
		t.Fatalf("the house sale matched %v", ids)
	}
	srv.AddLiquidity(pmYes, clob.Buy, "0.50", "50")
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	want := new(big.Int)
	for _, o := range srv.Orders(w.h.signer.Address()) {
		if o.Status == "CANCELED" {
			want.Add(want, big.NewInt(8_200_000))
		} else {
			want.Add(want, o.Collateral)
		}
	}
	s, err := rt.spent(ctx, "poly", false, w.pusd, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := spentOf(s.ByToken, w.pusd.Address); got.Cmp(want) != 0 {
		t.Fatalf("the daily spend is %s pUSD units; the CLOB holds %s of the agent's collateral (the new bid and the unsettled match of the cancelled one)", got, want)
	}
}
