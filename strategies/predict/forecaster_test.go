package predict

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// forecaster builds a forecaster for the test's own markets with priors.
func (e *env) forecaster(t *testing.T, tr *wallet.Transactor, priors map[string][]string, ms ...*testMarket) *Forecaster {
	t.Helper()
	d := e.deps(tr.From())
	d.Markets = map[string]MarketRef{}
	p := DefaultForecasterParams()
	for _, m := range ms {
		d.Markets[m.Ref.Name] = m.Ref
		p.Markets = append(p.Markets, m.Ref.Name)
	}
	p.Priors = priors
	f, err := NewForecaster(d, p)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func observe(t *testing.T, f *Forecaster) *strategies.Observation {
	t.Helper()
	obs, err := f.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return obs
}

// TestForecasterBuysThenRedeems: a prior of 0.8 on an outcome priced 0.3
// buys it within the caps; after the oracle reports, the holding is
// redeemed and no forecast is asked for the resolved market.
func TestForecasterBuysThenRedeems(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 5_000)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), []int64{70, 30})
	f := e.forecaster(t, e.tr, map[string][]string{m.Ref.Name: {"0.8", "0.2"}}, m)

	obs := observe(t, f)
	if !strings.Contains(obs.Summary, "outcome 0 at 0.3000") || strings.Contains(obs.Summary, "test question") {
		t.Fatalf("summary lacks the price or carries the question:\n%s", obs.Summary)
	}
	if obs.Untrusted["market "+m.Ref.Name+" question"] != "test question" {
		t.Fatalf("untrusted = %v", obs.Untrusted)
	}
	d := f.Propose(obs)
	if d.Action != ActionForecast || d.Confidence != 0.6 {
		t.Fatalf("proposal = %+v", d)
	}
	plan, err := f.Plan(ctx, obs, d)
	if err != nil || plan == nil {
		t.Fatalf("plan = %v, %v", plan, err)
	}
	if len(plan.Trades) != 1 || plan.Calls[1].Method != "buy" || plan.Trades[0].TokenOut.Address != m.OutcomeToken(0).Address {
		t.Fatalf("plan = %s %+v", plan.Summary, plan.Calls)
	}
	stake := plan.Trades[0].AmountIn
	if stake.Cmp(e.whole(250)) > 0 || stake.Sign() <= 0 {
		t.Fatalf("stake %s is outside (0, max bet 250 USDC]", stake)
	}
	execute(t, e.tr, plan)

	obs = observe(t, f)
	mark := obs.Marks[m.OutcomeToken(0).Address]
	if mark == nil || mark.Cmp(e.whole(1)) >= 0 || mark.Cmp(big.NewInt(300_000)) <= 0 {
		t.Fatalf("mark of the bought outcome = %v, want a price between 0.3 and 1 USDC", mark)
	}

	m.resolve(t, 1, 0)
	obs = observe(t, f)
	d = f.Propose(obs)
	if fs, _ := ForecastsOf(d); len(fs) != 0 {
		t.Fatalf("forecasts for a resolved market: %v", fs)
	}
	if _, err := f.Parse(json.RawMessage(`{"forecasts":[{"market":"` + m.Ref.Name + `","probabilities":[1,0],"confidence":1,"rationale":"x"}]}`)); err == nil {
		t.Fatal("a forecast of a resolved market parsed")
	}
	held, err := m.Read(ctx, e.tr.From(), nil)
	if err != nil {
		t.Fatal(err)
	}
	plan, err = f.Plan(ctx, obs, d)
	if err != nil || plan == nil || len(plan.Calls) != 1 || plan.Calls[0].Method != "redeemPositions" {
		t.Fatalf("plan after resolution = %v, %v", plan, err)
	}
	before, _ := BalanceOf(ctx, e.d.Client(), e.usdc.Address, e.tr.From(), nil)
	execute(t, e.tr, plan)
	after, _ := BalanceOf(ctx, e.d.Client(), e.usdc.Address, e.tr.From(), nil)
	if got := new(big.Int).Sub(after, before); got.Cmp(held.Held[0]) != 0 {
		t.Fatalf("redeemed %s, held %s winning tokens", got, held.Held[0])
	}
	if plan, err := f.Plan(ctx, observe(t, f), d); err != nil || plan != nil {
		t.Fatalf("a plan with nothing left to do: %v, %v", plan, err)
	}
}

// TestForecasterSellsWhenEdgeReverses: holding an outcome the forecast now
// rates far below its price, the agent sells it.
func TestForecasterSellsWhenEdgeReverses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 5_000)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), []int64{50, 50})
	bull := e.forecaster(t, e.tr, map[string][]string{m.Ref.Name: {"0.9", "0.1"}}, m)
	obs := observe(t, bull)
	plan, err := bull.Plan(ctx, obs, bull.Propose(obs))
	if err != nil || plan == nil {
		t.Fatalf("buy plan: %v, %v", plan, err)
	}
	execute(t, e.tr, plan)

	bear := e.forecaster(t, e.tr, map[string][]string{m.Ref.Name: {"0.2", "0.8"}}, m)
	obs = observe(t, bear)
	plan, err = bear.Plan(ctx, obs, bear.Propose(obs))
	if err != nil || plan == nil {
		t.Fatalf("sell plan: %v, %v", plan, err)
	}
	if len(plan.Calls) != 3 || plan.Calls[1].Method != "sell" || plan.Trades[0].TokenIn.Address != m.OutcomeToken(0).Address {
		t.Fatalf("plan = %s", plan.Summary)
	}
	execute(t, e.tr, plan)
	st, err := m.Read(ctx, e.tr.From(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// What the slippage margin kept back is dust next to what was sold.
	if st.Held[0].Cmp(new(big.Int).Div(plan.Trades[0].AmountIn, big.NewInt(50))) > 0 {
		t.Fatalf("still holding %s after selling %s", st.Held[0], plan.Trades[0].AmountIn)
	}
}

// TestForecasterHoldsWithoutEdge: with no prior the rules brain forecasts
// the market's own price, and a forecast inside the edge does not trade.
func TestForecasterHoldsWithoutEdge(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 5_000)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), []int64{40, 60}) // Yes at 0.6
	for name, priors := range map[string]map[string][]string{
		"no prior":        nil,
		"inside the edge": {m.Ref.Name: {"0.62", "0.38"}},
		// 4 points above the price, but the 2% fee makes it cost 0.6122.
		"edge only before the fee": {m.Ref.Name: {"0.64", "0.36"}},
	} {
		f := e.forecaster(t, e.tr, priors, m)
		obs := observe(t, f)
		if plan, err := f.Plan(ctx, obs, f.Propose(obs)); err != nil || plan != nil {
			t.Errorf("%s: plan %v, %v; want none", name, plan, err)
		}
	}
}

// TestForecasterParseUsesObservedMarkets: names and outcome counts come
// from the latest observation.
func TestForecasterParseUsesObservedMarkets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(100), nil)
	f := e.forecaster(t, e.tr, nil, m)
	ok := `{"forecasts":[{"market":"` + m.Ref.Name + `","probabilities":[0.4,0.6],"confidence":0.5,"rationale":"r"}]}`
	if _, err := f.Parse(json.RawMessage(ok)); err == nil {
		t.Fatal("parsed before any observation")
	}
	observe(t, f)
	if _, err := f.Parse(json.RawMessage(ok)); err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(f.Schema(), &schema); err != nil || !strings.Contains(string(f.Schema()), m.Ref.Name) {
		t.Fatalf("schema does not list the market: %s (%v)", f.Schema(), err)
	}
	bad := strings.Replace(ok, m.Ref.Name, "weth-3000", 1)
	if _, err := f.Parse(json.RawMessage(bad)); err == nil || !strings.Contains(err.Error(), "unknown market") {
		t.Fatalf("a market the agent does not trade: %v", err)
	}
}

func TestNewForecasterRejectsBadConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	deps := e.deps(e.tr.From())
	for _, tc := range []struct {
		name   string
		mutate func(p *ForecasterParams)
		err    string
	}{
		{"unknown market", func(p *ForecasterParams) { p.Markets = []string{"moon"} }, `unknown market "moon"`},
		{"unknown collateral", func(p *ForecasterParams) { p.Collateral = "XYZ" }, "unknown token"},
		{"other collateral", func(p *ForecasterParams) { p.Collateral = "DAI" }, "trades in USDC"},
		{"prior for an untraded market", func(p *ForecasterParams) {
			p.Markets = []string{"weth-3000"}
			p.Priors = map[string][]string{"wbtc-20": {"0.5", "0.5"}}
		}, "not one of the traded markets"},
		{"prior with too many outcomes", func(p *ForecasterParams) { p.Priors = map[string][]string{"wbtc-20": {"0.5", "0.25", "0.25"}} }, "3 probabilities for 2 outcomes"},
		{"bankroll finer than the collateral", func(p *ForecasterParams) { p.Bankroll = "1.0000001" }, "bankroll"},
	} {
		p := DefaultForecasterParams()
		tc.mutate(&p)
		if _, err := NewForecaster(deps, p); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
	if f, err := NewForecaster(deps, DefaultForecasterParams()); err != nil || len(f.Markets()) != len(e.m.Markets) {
		t.Fatalf("all devnet markets: %v", err)
	}
}

// TestBetSize checks the Kelly sizing's bounds on exact pools.
func TestBetSize(t *testing.T) {
	t.Parallel()
	pool, fee := bi(10_000_000_000, 10_000_000_000), feeOf(2, 100) // 10k USDC a side, p = 0.5
	sz := Sizing{Bankroll: big.NewInt(2_000_000_000), Cap: big.NewInt(1_000_000_000), Kelly: big.NewRat(1, 4), MinEdge: big.NewRat(3, 100), Min: big.NewInt(1_000_000)}
	for _, tc := range []struct {
		name string
		p    *big.Rat
		zero bool
	}{
		{"no edge", big.NewRat(1, 2), true},
		{"edge below fee and threshold", big.NewRat(53, 100), true},
		{"clear edge", big.NewRat(7, 10), false},
		{"certainty", big.NewRat(1, 1), false},
	} {
		stake, tokens := BetSize(pool, fee, 0, tc.p, sz)
		if tc.zero {
			if stake.Sign() != 0 {
				t.Errorf("%s: stake %s, want none", tc.name, stake)
			}
			continue
		}
		if stake.Sign() <= 0 || stake.Cmp(sz.Cap) > 0 {
			t.Fatalf("%s: stake %s outside (0, cap]", tc.name, stake)
		}
		q := new(big.Rat).SetFrac(stake, tokens)
		edge := new(big.Rat).Sub(tc.p, q)
		if edge.Cmp(sz.MinEdge) < 0 {
			t.Fatalf("%s: edge %s below the minimum", tc.name, edge.FloatString(4))
		}
		// Within the fractional Kelly stake: s(1-q) <= k*B*edge.
		lhs := new(big.Rat).Mul(new(big.Rat).SetInt(stake), new(big.Rat).Sub(big.NewRat(1, 1), q))
		rhs := new(big.Rat).Mul(new(big.Rat).Mul(sz.Kelly, new(big.Rat).SetInt(sz.Bankroll)), edge)
		if lhs.Cmp(rhs) > 0 {
			t.Fatalf("%s: stake %s above the fractional Kelly stake", tc.name, stake)
		}
		more, _ := BetSize(pool, fee, 0, tc.p, Sizing{Bankroll: sz.Bankroll, Cap: sz.Cap, Kelly: big.NewRat(1, 1), MinEdge: sz.MinEdge, Min: sz.Min})
		if more.Cmp(stake) < 0 {
			t.Fatalf("%s: full Kelly stakes %s, less than a quarter's %s", tc.name, more, stake)
		}
	}
	// A 0.7 forecast with a huge bankroll hits the cap, not beyond.
	rich := Sizing{Bankroll: new(big.Int).Lsh(sz.Bankroll, 20), Cap: sz.Cap, Kelly: sz.Kelly, MinEdge: sz.MinEdge, Min: sz.Min}
	if stake, _ := BetSize(pool, fee, 0, big.NewRat(7, 10), rich); stake.Cmp(sz.Cap) != 0 {
		t.Fatalf("stake %s, want exactly the cap %s", stake, sz.Cap)
	}
}

// TestForecasterRevokesLeftoverApproval: an operator approval left standing
// (a sell that reverted before its revoke) is withdrawn by the next plan.
func TestForecasterRevokesLeftoverApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 100)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(1_000), nil)
	send(t, e.tr, m.Ref.ConditionalTokens, ctfABI.PackSetApprovalForAll(m.Ref.Address, true))
	f := e.forecaster(t, e.tr, nil, m)
	obs := observe(t, f)
	plan, err := f.Plan(ctx, obs, f.Propose(obs))
	if err != nil || plan == nil || len(plan.Calls) != 1 || plan.Calls[0].Method != "setApprovalForAll" {
		t.Fatalf("plan = %+v, %v; want one revoke", plan, err)
	}
	execute(t, e.tr, plan)
	if on, err := m.approved(ctx, e.tr.From()); err != nil || on {
		t.Fatalf("approval still standing: %v %v", on, err)
	}
	if plan, err := f.Plan(ctx, observe(t, f), f.Propose(observe(t, f))); err != nil || plan != nil {
		t.Fatalf("plan after the revoke = %v, %v", plan, err)
	}
}
