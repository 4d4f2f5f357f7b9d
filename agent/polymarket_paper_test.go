package agent

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// paperOrderOf is the order a paper decision planned: its id and terms.
func paperOrderOf(t *testing.T, rec store.Record) strategies.SignTerms {
	t.Helper()
	var doc simulationDoc
	if err := json.Unmarshal(rec.Simulation, &doc); err != nil || len(doc.Signs) != 1 || doc.Signs[0].Terms == nil {
		t.Fatalf("record %d is not a paper order: %s", rec.Seq, rec.Simulation)
	}
	return *doc.Signs[0].Terms
}

// pmPaperFills are the paper fill records of the log.
func pmPaperFills(t *testing.T, recs []store.Record) []store.Record {
	var out []store.Record
	for _, r := range recs {
		if r.Model == store.ModelFills {
			if r.Outcome != store.OutcomePaper {
				t.Fatalf("fill record %d is %s, not paper", r.Seq, r.Outcome)
			}
			out = append(out, r)
		}
	}
	return out
}

// TestPolymarketPaperBidFillsOnTheLiveBook: a paper agent's bid rests as
// a virtual order (nothing reaches the CLOB); when the house moves the ask
// down through it, exactly one paper fill is booked at the bid's price
// for no more than the ask's size; the paper position and paper PnL are
// exact at the book's marks and the live positions are untouched. The
// same ask on later ticks, and after a restart, fills nothing more (the
// liquidity was taken); the order still rests after the restart, and a
// lower ask fills the rest. A replace then cancels the virtual order: no
// ask fills it again. verify passes.
func TestPolymarketPaperBidFillsOnTheLiveBook(t *testing.T) {
	w := newPMWorld(t)
	w.postOnly = true
	ctx := context.Background()
	p := w.policy(t, 12, w.ex.Address) // a resting bid at 0.41 is 10 pUSD
	rt, st := w.agentIn(t, p, 3, ModePaper)
	st.mu.Lock()
	st.spec.Assets = []strategies.Token{w.pusd}
	st.mu.Unlock()
	cs, _ := clob.ContractsFor(clob.Polygon)
	yes := predict.PositionToken(cs.CTF, pmYes)

	tick := func(rt *Runtime, st *state) {
		t.Helper()
		if err := rt.tick(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	tick(rt, st)
	recs := pmRecords(t, w.h)
	if len(recs) != 1 || recs[0].Outcome != store.OutcomePaper {
		t.Fatalf("first tick: %+v", recs)
	}
	bid := paperOrderOf(t, recs[0])
	if bid.Side != "BUY" || bid.Price != "0.4100" {
		t.Fatalf("paper bid %+v, want a post-only BUY at 0.41", bid)
	}
	if n := w.accepted(); n != 0 {
		t.Fatalf("paper mode posted %d orders", n)
	}
	tick(rt, st) // the ask is still 0.60: no fill, and the bid is kept
	if recs = pmRecords(t, w.h); len(pmPaperFills(t, recs)) != 0 {
		t.Fatalf("a bid below the ask filled: %+v", recs)
	}

	// The house's bid goes and an ask of 8 comes in at 0.40, through ours.
	w.srv.Take(pmYes, clob.Sell, "0.40", "100")
	w.srv.AddLiquidity(pmYes, clob.Sell, "0.40", "8")
	tick(rt, st)
	tick(rt, st) // the same 8 at 0.40 are not taken twice
	recs = pmRecords(t, w.h)
	fills := pmPaperFills(t, recs)
	if len(fills) != 1 {
		t.Fatalf("%d paper fills after the ask crossed the bid, want 1: %+v", len(fills), recs)
	}
	f, trades, _, err := store.FillOf(fills[0])
	if err != nil || len(trades) != 1 {
		t.Fatal(err)
	}
	// 8 YES at the bid's 0.41 (not the ask's better 0.40): 3.28 pUSD.
	tr := trades[0]
	if !tr.Paper || !sameOrder(f.Order, bid.ID) || f.Price != "0.41" || tr.TokenIn != w.pusd.Address || tr.AmountIn.Cmp(big.NewInt(3_280_000)) != 0 ||
		tr.TokenOut != yes || tr.AmountOut.Cmp(big.NewInt(8_000_000)) != 0 || f.Signed != recs[0].Seq {
		t.Fatalf("paper fill %+v trade %+v, want 8 YES for 3.28 pUSD at 0.41 of order %s signed at #%d", f, tr, bid.ID, recs[0].Seq)
	}
	if n := w.accepted(); n != 2 || w.srv.Posts(bid.ID) != 0 { // the house's take and ask
		t.Fatalf("the CLOB has %d orders besides the house's first two (want its take and ask), the bid posted %d times", n, w.srv.Posts(bid.ID))
	}
	positions := func(paper bool) map[common.Address]string {
		t.Helper()
		pos, err := w.h.db.Positions(ctx, "poly", paper)
		if err != nil {
			t.Fatal(err)
		}
		out := map[common.Address]string{}
		for _, p := range pos {
			out[p.Token] = p.Amount.String()
		}
		return out
	}
	if got := positions(true); len(got) != 2 || got[yes] != "8000000" || got[w.pusd.Address] != "-3280000" {
		t.Fatalf("paper positions %v, want +8 YES and -3.28 pUSD", got)
	}
	if got := positions(false); len(got) != 0 {
		t.Fatalf("live positions %v after paper fills", got)
	}
	// The mark is the book's one side, the 0.40 ask: 8 x 0.40 - 3.28.
	st.mu.Lock()
	pnl, valueErr := st.pnl, st.snapshot.ValueErr
	st.mu.Unlock()
	if want := big.NewRat(-80_000, 1); pnl == nil || pnl.Cmp(want) != 0 {
		t.Fatalf("paper PnL %v, want exactly %v pUSD units (8 YES at 0.40 less the 3.28 paid); value error %q", pnl, want, valueErr)
	}

	// With the book gone from under it, the agent replaced its bid: the
	// paper decision after the fill cancels the 0.41 bid and rests one at
	// 0.39 for what Kelly sizes now.
	var replace store.Record
	for _, r := range recs {
		if r.Seq > fills[0].Seq && r.Outcome == store.OutcomePaper && r.Model != store.ModelFills {
			replace = r
			break
		}
	}
	rebid := paperOrderOf(t, replace)
	if rebid.Price != "0.3900" || !strings.Contains(strings.ToLower(string(replace.Simulation)), `"cancels":[{"venue":"polymarket","id":"`+strings.ToLower(bid.ID)) {
		t.Fatalf("after the fill the paper plan is %s, want the 0.41 bid replaced by one at 0.39", replace.Simulation)
	}

	// The paper limits count the cancelled bid's fill and the new bid in
	// full, not the cancelled bid's unfilled rest.
	cost := new(big.Rat).Mul(decOf(t, rebid.Size), big.NewRat(390_000, 1))
	cost.Add(cost, big.NewRat(3_280_000, 1))
	spent, err := rt.spent(ctx, "poly", true, w.pusd, nil, p)
	if err != nil || !cost.IsInt() || spent.Quote.Cmp(cost.Num()) != 0 || spent.TradesHour != 2 {
		t.Fatalf("paper spend %+v %v, want %s pUSD units (3.28 filled of the cancelled bid, the new bid's cost) in 2 orders", spent, err, cost.RatString())
	}
	if live, err := rt.spent(ctx, "poly", false, w.pusd, nil, p); err != nil || live.Quote.Sign() != 0 {
		t.Fatalf("live spend %+v %v after paper orders", live, err)
	}

	// A restart reads the virtual orders back from the log.
	rt2, st2 := w.agentIn(t, p, 3, ModePaper)
	st2.mu.Lock()
	st2.spec.Assets = []strategies.Token{w.pusd}
	st2.mu.Unlock()
	before := len(recs)
	tick(rt2, st2)
	recs = pmRecords(t, w.h)
	if len(pmPaperFills(t, recs)) != 1 {
		t.Fatalf("a restart booked the fill again: %+v", recs[before:])
	}
	if len(recs) != before+1 || recs[len(recs)-1].Outcome != store.OutcomeSkipped {
		t.Fatalf("after the restart the 0.39 bid is not kept as it rests: %+v", recs[before:])
	}
	// Read back from the log: the 0.39 bid rests alone, and carries the
	// fill of the bid it replaced (the liquidity that took).
	if o := st2.paper.orders; len(o) != 1 || !sameOrder(o[0].ID, rebid.ID) || len(o[0].Fills) != 0 || len(o[0].Taken) != 1 || o[0].Taken[0].ID != f.ID {
		t.Fatalf("virtual orders after the restart: %+v", o)
	}
	// An ask at 0.39 fills the 0.39 bid in full; the cancelled 0.41 bid,
	// which it would cross too, fills nothing.
	w.srv.AddLiquidity(pmYes, clob.Sell, "0.39", "100")
	tick(rt2, st2)
	recs = pmRecords(t, w.h)
	fills = pmPaperFills(t, recs)
	if len(fills) != 2 {
		t.Fatalf("%d paper fills after a lower ask, want 2", len(fills))
	}
	if f, _, _, _ := store.FillOf(fills[1]); !sameOrder(f.Order, rebid.ID) {
		t.Fatalf("the second fill is of order %s, not the 0.39 bid %s", f.Order, rebid.ID)
	}
	want := new(big.Rat).Add(decOf(t, rebid.Size), big.NewRat(8, 1))
	want.Mul(want, big.NewRat(1_000_000, 1))
	if got := positions(true)[yes]; got != want.RatString() {
		t.Fatalf("paper YES %s, want the 8 of the first bid and the whole %s of the second: %s", got, rebid.Size, want.RatString())
	}
	if got := positions(false); len(got) != 0 {
		t.Fatalf("live positions %v after paper fills", got)
	}
	if n := w.accepted(); n != 3 {
		t.Fatalf("the CLOB has %d orders besides the house's first two, want only the house's 3", n)
	}
	pmVerified(t, w.h)
	if res, err := w.h.db.VerifyTrades(ctx, "poly"); err != nil || !res.OK() {
		t.Fatalf("verify trades: %+v %v", res, err)
	}
	// Each paper decision replays from its facts to the same plan: the
	// virtual orders and the paper position are in them.
	replayed, res := replayedIdentically(t, w.h.db, "poly")
	if replayed != len(res)-len(fills) {
		t.Fatalf("%d of %d decisions replayed to the same plan, want all but the %d fill records: %+v", replayed, len(res), len(fills), res)
	}
}

// replayedIdentically replays agent's whole log: how many decisions made
// the same plan again, of the results; any that neither matches nor is
// unsupported fails the test.
func replayedIdentically(t *testing.T, db *store.DB, agent string) (int, []ReplayResult) {
	t.Helper()
	res, err := Replay(context.Background(), ReplayOptions{DB: db}, agent, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	replayed := 0
	for _, r := range res {
		if !r.OK() && !r.Unsupported {
			t.Fatalf("replay of #%d: %+v", r.Seq, r)
		}
		if r.Plan == MatchIdentical {
			replayed++
		}
	}
	return replayed, res
}

func decOf(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return r
}

// switchingStrategy is predict.polymarket whose observation is made while
// a person switches the agent's mode.
type switchingStrategy struct {
	*polymarket.Strategy
	switchTo func()
}

func (s *switchingStrategy) Observe(ctx context.Context) (*strategies.Observation, error) {
	obs, err := s.Strategy.Observe(ctx)
	s.switchTo()
	return obs, err
}

// TestPolymarketModeSwitchMidTickSignsNothingFromThePaperBook: a switch
// from paper to auto while the tick observes leaves its plan, made from
// the paper book, unsigned and unposted (recorded as skipped, saying why);
// the next tick, live, quotes from the real book.
func TestPolymarketModeSwitchMidTickSignsNothingFromThePaperBook(t *testing.T) {
	w := newPMWorld(t)
	var rt *Runtime
	w.wrap = func(s *polymarket.Strategy) strategies.Strategy {
		return &switchingStrategy{Strategy: s, switchTo: func() {
			if err := rt.SetMode("poly", ModeAuto); err != nil {
				t.Error(err)
			}
		}}
	}
	rt, st := w.agentIn(t, w.policy(t, 5, w.ex.Address), 3, ModePaper)
	if err := rt.tick(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 1 || recs[0].Outcome != store.OutcomeSkipped || !strings.Contains(recs[0].Error, "mode changed to auto") {
		t.Fatalf("a plan from the paper book after a switch to auto: %+v", recs)
	}
	if n := w.accepted(); n != 0 {
		t.Fatalf("%d orders posted from a paper plan", n)
	}
	if err := rt.tick(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if n := w.accepted(); n != 1 {
		t.Fatalf("the next tick, live, posted %d orders, want its one", n)
	}
	pmVerified(t, w.h)
}
