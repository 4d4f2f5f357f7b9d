package agent

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// addrOnly gives the CLOB client the agent's address for L2 headers and
// signs nothing: only the runtime's wallet signs orders.
type addrOnly common.Address

func (a addrOnly) Address() common.Address { return common.Address(a) }
func (addrOnly) SignHash([]byte) ([]byte, error) {
	panic("the strategy's CLOB client must never sign")
}

var pmCondition = "0x" + strings.Repeat("ab", 32)

var (
	pmYes = big.NewInt(7001)
	pmNo  = big.NewInt(7002)
)

// pmWorld is a headless runtime with a predict.polymarket agent trading
// on the test CLOB, which checks every order's signature and HMAC.
type pmWorld struct {
	h       *harness
	srv     *clobtest.Server
	journal clob.DirJournal
	creds   clob.Credentials
	pusd    strategies.Token
	ex      clob.Exchange
	// postOnly agents rest bids rather than take asks.
	postOnly bool
	// wrap, when set, is the strategy the runtime runs around the
	// polymarket one (a test venue's fills on top).
	wrap func(*polymarket.Strategy) strategies.Strategy
}

func newPMWorld(t *testing.T) *pmWorld {
	h := newHarness(t)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: pmCondition,
		Tokens: [2]*big.Int{pmYes, pmNo}, Tick: "0.01", MinSize: "1"}}})
	srv.Fund(h.signer.Address(), units(1_000, 6))
	srv.AddLiquidity(pmYes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(pmYes, clob.Buy, "0.40", "100")
	// L1: the agent's own key derives its API key once (as setup would).
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: h.signer})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.CreateOrDeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := clob.ContractsFor(clob.Polygon)
	ex, _ := clob.ExchangeFor(clob.Polygon, 2, false)
	return &pmWorld{h: h, srv: srv, journal: clob.DirJournal{Dir: t.TempDir()}, creds: creds,
		pusd: strategies.Token{Address: cs.Collateral, Symbol: "pUSD", Decimals: 6}, ex: ex}
}

// policy compiles, as Boot does, a config that allows the YES/NO market
// (a chain.polymarket entry) on the given exchanges with a per-order cap of
// maxOrder pUSD.
func (w *pmWorld) policy(t *testing.T, maxOrder int64, exchanges ...common.Address) *Policy {
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": w.pusd}}
	entry, err := polymarket.FromConfig(configs.PolymarketMarket{Tokens: []string{pmYes.String(), pmNo.String()}})
	if err != nil {
		t.Fatal(err)
	}
	cat.Add("pm-market", entry)
	cp := configs.Policy{AllowedTokens: []string{"PUSD"}, AllowedContracts: []string{"pm-market"},
		MaxTrade: map[string]configs.Decimal{"PUSD": configs.Decimal(big.NewInt(maxOrder).String())}, MaxDailyQuote: "50",
		QuoteToken: "PUSD", MaxTradesPerHour: 100}
	for _, e := range exchanges {
		cp.AllowedContracts = append(cp.AllowedContracts, e.Hex())
	}
	p, quote, err := CompilePolicy("agents[0]", cp, cat)
	if err != nil || quote != w.pusd {
		t.Fatalf("compile policy: %v (quote %v)", err, quote)
	}
	return p
}

// agent adds a predict.polymarket agent (fair value 0.70 on YES) to a new
// runtime on the world's store; attempts bounds the client's posts.
func (w *pmWorld) agent(t *testing.T, p *Policy, attempts int) (*Runtime, *state) {
	return w.agentIn(t, p, attempts, ModeAuto)
}

func (w *pmWorld) agentIn(t *testing.T, p *Policy, attempts int, mode Mode) (*Runtime, *state) {
	c, err := clob.NewClient(clob.Options{Host: w.srv.URL, ChainID: clob.Polygon, Signer: addrOnly(w.h.signer.Address()), Creds: &w.creds,
		Retry: clob.RetryPolicy{Attempts: attempts, Base: time.Millisecond}, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	params := polymarket.DefaultParams()
	params.Markets = []polymarket.MarketParam{{Name: "yes", TokenID: pmYes.String(), Fair: "0.70", ConditionID: pmCondition}}
	params.Kelly, params.PostOnly = "0.5", w.postOnly
	strat, err := polymarket.New(polymarket.Deps{Client: c, Journal: w.journal, Account: w.h.signer.Address()}, params)
	if err != nil {
		t.Fatal(err)
	}
	var run strategies.Strategy = strat
	if w.wrap != nil {
		run = w.wrap(strat)
	}
	rt := w.h.runtime(Spec{Name: "poly", Strategy: run, Policy: p, Mode: mode, ApprovalTimeout: time.Minute, ApprovalTTL: time.Hour})
	st, err := rt.agent("poly")
	if err != nil {
		t.Fatal(err)
	}
	st.mu.Lock()
	st.spec.Quote, st.spec.Assets = w.pusd, nil
	st.mu.Unlock()
	return rt, st
}

// accepted counts the agent's orders on the CLOB (the house's two aside).
func (w *pmWorld) accepted() int { return w.srv.Accepted() - 2 }

func pmRecords(t *testing.T, h *harness) []store.Record {
	recs, err := h.db.Records(context.Background(), "poly", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func pmVerified(t *testing.T, h *harness) {
	res, err := h.db.Verify(context.Background(), "poly")
	if err != nil || !res.OK() {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// TestPolymarketOrderWithinPolicyIsSignedPostedAndRecorded: a tick quotes
// the forecast against the book, the policy allows the decoded order, the
// wallet signs it, the test CLOB (which checks the signature and the L2
// HMAC) accepts it once, and the log holds the decision before and the
// order id after; verify passes.
func TestPolymarketOrderWithinPolicyIsSignedPostedAndRecorded(t *testing.T) {
	w := newPMWorld(t)
	rt, st := w.agent(t, w.policy(t, 5, w.ex.Address), 3)
	if err := rt.tick(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	if n := w.accepted(); n != 1 {
		t.Fatalf("CLOB accepted %d orders, want 1", n)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 2 || recs[0].Verdict != store.VerdictAllowed || recs[0].Outcome != store.OutcomePending ||
		recs[1].Kind != store.KindCompletion || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("records: %+v", recs)
	}
	if recs[0].Inputs == (common.Hash{}) {
		t.Fatal("the order decision records no replay inputs (the policy and the limits it was judged with)")
	}
	var doc simulationDoc
	if err := json.Unmarshal(recs[0].Simulation, &doc); err != nil || len(doc.Signs) != 1 || doc.Signs[0].Terms == nil {
		t.Fatalf("decision keeps no decoded order: %s", recs[0].Simulation)
	}
	terms := doc.Signs[0].Terms
	if terms.Side != "BUY" || terms.Asset != pmYes.String() || terms.Market != "pm-market" || terms.Exchange != w.ex.Address || terms.Price != "0.6800" {
		t.Fatalf("decoded order %+v", terms)
	}
	if recs[0].Intent != "sign/"+terms.ID || !strings.Contains(string(recs[1].Receipt), terms.ID) {
		t.Fatalf("intent %q / receipt %s do not name order %s", recs[0].Intent, recs[1].Receipt, terms.ID)
	}
	if w.srv.Posts(terms.ID) != 1 {
		t.Fatalf("order posted %d times", w.srv.Posts(terms.ID))
	}
	// The agent bought YES tokens with pUSD on the CLOB.
	if got := w.srv.Tokens(w.h.signer.Address(), pmYes); got.Sign() <= 0 {
		t.Fatalf("agent holds %v YES tokens after a taking buy", got)
	}
	pmVerified(t, w.h)
}

// TestPolymarketOrderOutsidePolicyIsDeniedAndNotPosted: an order above the
// per-trade cap, or for an exchange the policy does not allow, is a
// recorded denial and the CLOB sees no order.
func TestPolymarketOrderOutsidePolicyIsDeniedAndNotPosted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cap    int64
		allow  bool
		reason string
	}{
		{"over the per-trade cap", 1, true, "above the per-trade cap"},
		{"exchange not allowed", 5, false, "is not an allowed contract"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newPMWorld(t)
			var exs []common.Address
			if tc.allow {
				exs = append(exs, w.ex.Address)
			} else {
				cs, _ := clob.ContractsFor(clob.Polygon)
				exs = append(exs, cs.NegRiskExchange) // another exchange is allowed, not this one
			}
			rt, st := w.agent(t, w.policy(t, tc.cap, exs...), 3)
			if err := rt.tick(context.Background(), st); err != nil {
				t.Fatal(err)
			}
			if n := w.accepted(); n != 0 {
				t.Fatalf("CLOB accepted %d orders outside the policy", n)
			}
			recs := pmRecords(t, w.h)
			if len(recs) != 1 || recs[0].Verdict != store.VerdictDenied || !strings.Contains(strings.Join(recs[0].Reasons, "; "), tc.reason) {
				t.Fatalf("records: %+v", recs)
			}
			pmVerified(t, w.h)
		})
	}
}

// TestPolymarketLostReplyIsOneOrderAfterRestart: the CLOB accepts the order
// but answers 500 and the client gives up, so the decision stays pending
// (and counts against the limits); a restarted runtime looks the order up,
// completes the decision with its id and posts nothing again.
func TestPolymarketLostReplyIsOneOrderAfterRestart(t *testing.T) {
	w := newPMWorld(t)
	w.srv.Fail("POST /order", clobtest.Fault{Status: 500, AfterAccept: true})
	p := w.policy(t, 5, w.ex.Address)
	rt, st := w.agent(t, p, 1)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 1 || recs[0].Outcome != store.OutcomePending {
		t.Fatalf("after a lost reply: %+v", recs)
	}
	spent, err := rt.spent(ctx, "poly", false, w.pusd, nil, p)
	if err != nil || spent.Quote.Sign() <= 0 || spent.TradesHour != 1 {
		t.Fatalf("the pending order does not count against the limits: %+v %v", spent, err)
	}

	rt2, st2 := w.agent(t, w.policy(t, 5, w.ex.Address), 3)
	if err := rt2.reconcile(ctx, st2); err != nil {
		t.Fatal(err)
	}
	recs = pmRecords(t, w.h)
	if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed || recs[1].Completes != recs[0].Seq {
		t.Fatalf("after restart: %+v", recs)
	}
	id := strings.TrimPrefix(recs[0].Intent, "sign/")
	if w.accepted() != 1 || w.srv.Posts(id) != 1 {
		t.Fatalf("after restart the CLOB has %d orders, order posted %d times; want exactly one", w.accepted(), w.srv.Posts(id))
	}
	// Once complete, the order still counts against the day's limits.
	spent, err = rt2.spent(ctx, "poly", false, w.pusd, nil, p)
	if err != nil || spent.Quote.Sign() <= 0 || spent.TradesHour != 1 {
		t.Fatalf("the posted order does not count against the limits: %+v %v", spent, err)
	}
	pmVerified(t, w.h)
}

// TestPolymarketAskShowsTheDecodedOrderAndPaperSignsNothing: in ask mode
// the approval request carries the order as the rules decoded it (side,
// token, price, size, cost, exchange) and nothing is posted before the
// person approves; in paper mode the order is recorded and never signed
// or posted.
func TestPolymarketAskShowsTheDecodedOrderAndPaperSignsNothing(t *testing.T) {
	t.Run("ask", func(t *testing.T) {
		w := newPMWorld(t)
		rt, st := w.agentIn(t, w.policy(t, 5, w.ex.Address), 3, ModeAsk)
		defer rt.AttachApprover()()
		got := answerNext(t, rt, func(req ApprovalRequest) error {
			if n := w.accepted(); n != 0 {
				t.Errorf("%d orders posted before approval", n)
			}
			return rt.Approve(req.ID)
		})
		if err := rt.tick(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		req := <-got
		if len(req.Orders) != 1 {
			t.Fatalf("approval request shows %d orders", len(req.Orders))
		}
		o := req.Orders[0]
		if o.Side != "BUY" || o.Asset != pmYes.String() || o.Price != "0.6800" || o.Size == "" || !strings.HasSuffix(o.Cost, " pUSD") || o.Exchange != w.ex.Address {
			t.Fatalf("approval shows %+v", o)
		}
		if n := w.accepted(); n != 1 || w.srv.Posts(o.ID) != 1 {
			t.Fatalf("after approval %d orders, posted %d times", n, w.srv.Posts(o.ID))
		}
		recs := pmRecords(t, w.h)
		if len(recs) != 2 || recs[0].Approval != store.ApprovalApproved || recs[1].Outcome != store.OutcomeConfirmed {
			t.Fatalf("records: %+v", recs)
		}
		// The log names the approval the person saw.
		if id := approvalIDOf(recs[0].Simulation); id == "" || id != req.ID {
			t.Fatalf("the order decision keeps approval id %q, the person approved %q", id, req.ID)
		}
	})
	t.Run("paper", func(t *testing.T) {
		w := newPMWorld(t)
		rt, st := w.agentIn(t, w.policy(t, 5, w.ex.Address), 3, ModePaper)
		if err := rt.tick(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		if n := w.accepted(); n != 0 {
			t.Fatalf("paper mode posted %d orders", n)
		}
		recs := pmRecords(t, w.h)
		if len(recs) != 1 || recs[0].Outcome != store.OutcomePaper || !strings.Contains(string(recs[0].Simulation), `"side":"BUY"`) {
			t.Fatalf("records: %+v", recs)
		}
		pmVerified(t, w.h)
	})
}

// TestPolymarketLostReplyIsLookedUpBeforeTheNextTick: within one run, an
// order whose reply was lost is looked up on the CLOB before the next
// tick; found, its decision completes with its id and nothing is posted
// again.
func TestPolymarketLostReplyIsLookedUpBeforeTheNextTick(t *testing.T) {
	w := newPMWorld(t)
	w.srv.Fail("POST /order", clobtest.Fault{Status: 500, AfterAccept: true})
	rt, st := w.agent(t, w.policy(t, 5, w.ex.Address), 1)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if recs := pmRecords(t, w.h); len(recs) != 1 || recs[0].Outcome != store.OutcomePending {
		t.Fatalf("after a lost reply: %+v", recs)
	}
	if why := rt.holdForInflight(ctx, st); why != "" {
		t.Fatalf("held: %s", why)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("after the lookup: %+v", recs)
	}
	id := strings.TrimPrefix(recs[0].Intent, "sign/")
	if w.accepted() != 1 || w.srv.Posts(id) != 1 || !strings.Contains(string(recs[1].Receipt), id) {
		t.Fatalf("CLOB has %d orders, order posted %d times; completion %s", w.accepted(), w.srv.Posts(id), recs[1].Receipt)
	}
	pmVerified(t, w.h)
}

// TestPolymarketForecastsAreScoredAfterResolution: the forecast behind an
// order is indexed with its decision, and once the CLOB reports the market
// resolved the next tick scores it (Brier score, log loss) as the FPMM
// forecaster's forecasts are.
func TestPolymarketForecastsAreScoredAfterResolution(t *testing.T) {
	w := newPMWorld(t)
	rt, st := w.agent(t, w.policy(t, 5, w.ex.Address), 3)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	w.srv.Resolve(pmCondition, 0) // YES pays
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	scores, err := w.h.db.Scores(ctx, "poly")
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) == 0 {
		t.Fatal("no forecast was scored after the market resolved")
	}
	// The rules brain said 0.70 for YES, which paid: Brier (1 - 0.7)^2 = 0.09
	// (had it scored NO's token, or YES lost, it would be 0.49).
	if b := scores[0].Brier; b < 0.0899 || b > 0.0901 {
		t.Fatalf("Brier score %v, want 0.09", b)
	}
	pmVerified(t, w.h)
}

// openOrders are the agent's orders resting on the CLOB.
func (w *pmWorld) openOrders(t *testing.T) map[string]bool {
	c, err := clob.NewClient(clob.Options{Host: w.srv.URL, ChainID: clob.Polygon, Signer: addrOnly(w.h.signer.Address()), Creds: &w.creds})
	if err != nil {
		t.Fatal(err)
	}
	open, err := c.OpenOrders(context.Background(), "", "", pmYes.String())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, o := range open {
		out[strings.ToLower(o.ID)] = true
	}
	return out
}

// TestPolymarketReplaceCancelsOnlyWhenCarriedOut: a resting bid the book
// has moved past is replaced by one decision that cancels it and signs
// the new bid; in paper mode the same plan is recorded and the real order
// is left alone.
func TestPolymarketReplaceCancelsOnlyWhenCarriedOut(t *testing.T) {
	w := newPMWorld(t)
	w.postOnly = true
	rt, st := w.agent(t, w.policy(t, 12, w.ex.Address), 3) // a resting bid at 0.41 is 10 pUSD

	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs := pmRecords(t, w.h)
	if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("first tick: %+v", recs)
	}
	first := strings.ToLower(strings.TrimPrefix(recs[0].Intent, "sign/"))
	if !w.openOrders(t)[first] {
		t.Fatalf("the post-only bid %s does not rest on the book", first)
	}
	w.srv.AddLiquidity(pmYes, clob.Buy, "0.50", "50")

	if err := rt.SetMode("poly", ModePaper); err != nil {
		t.Fatal(err)
	}
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs = pmRecords(t, w.h)
	if last := recs[len(recs)-1]; last.Outcome != store.OutcomePaper || !strings.Contains(strings.ToLower(string(last.Simulation)), `"cancels":[{"venue":"polymarket","id":"`+first) {
		t.Fatalf("paper replace recorded as %+v", last)
	}
	if open := w.openOrders(t); !open[first] || len(open) != 1 {
		t.Fatalf("paper mode touched the real orders: %v", open)
	}

	if err := rt.SetMode("poly", ModeAuto); err != nil {
		t.Fatal(err)
	}
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs = pmRecords(t, w.h)
	dec, done := recs[len(recs)-2], recs[len(recs)-1]
	second := strings.ToLower(strings.TrimPrefix(dec.Intent, "sign/"))
	if done.Outcome != store.OutcomeConfirmed || !strings.Contains(strings.ToLower(string(done.Receipt)), first) || !strings.Contains(strings.ToLower(string(done.Receipt)), second) {
		t.Fatalf("replace completed as %+v", done)
	}
	if open := w.openOrders(t); open[first] || !open[second] {
		t.Fatalf("after the replace the open orders are %v (stale %s, new %s)", open, first, second)
	}
	pmVerified(t, w.h)
}
