package dex

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// The devnet starts with dex-b 1.5% dearer: the strategy finds the gap,
// picks the best size, and its two legs land with a profit in quote.
func TestArbitrageCapturesStartingGap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 20_000})
	ctx := context.Background()
	p := DefaultArbitrageParams()
	p.MaxTrade = "20000" // large enough that the best size is inside the range
	a, err := NewArbitrage(e.deps, p)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := obs.State.(*arbState)
	if st.buy != 0 || st.sell != 1 || st.gapBps.Int64() != 150 {
		t.Fatalf("buy on %d, sell on %d, gap %s bps; want dex-a, dex-b, 150", st.buy, st.sell, st.gapBps)
	}
	if st.gasQuote.Sign() <= 0 {
		t.Fatalf("gas priced at %s USDC units", st.gasQuote)
	}
	// The search's answer is the best of every size, checked exhaustively.
	best := st.best
	for bps := int64(1); bps <= BpsDenom; bps++ {
		rt, err := a.quoteRoundTrip(st, a.amountAt(st, bps))
		if err != nil {
			t.Fatal(err)
		}
		if rt.Profit.Cmp(best.Profit) > 0 {
			t.Fatalf("size %d bps earns %s, more than the search's %d bps (%s)", bps, rt.Profit, st.bestBps, best.Profit)
		}
	}
	if st.bestBps <= 100 || st.bestBps >= BpsDenom {
		t.Fatalf("best size %d bps is at the edge of the range; the test wants an interior optimum", st.bestBps)
	}
	d := a.Propose(obs)
	if size, _ := decisionSize(d); d.Action != ActionArbitrage || size != st.bestBps {
		t.Fatalf("proposal %s %s (%s), want arbitrage at %d bps", d.Action, d.Params, d.Rationale, st.bestBps)
	}
	plan, err := a.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Calls) != 4 || len(plan.Trades) != 2 {
		t.Fatalf("plan has %d calls and %d trades, want approve+swap on each DEX", len(plan.Calls), len(plan.Trades))
	}
	l1, l2 := plan.Trades[0], plan.Trades[1]
	switch {
	case l1.Venue != "dex-a" || l2.Venue != "dex-b":
		t.Fatalf("legs on %s then %s", l1.Venue, l2.Venue)
	case l2.AmountIn.Cmp(l1.MinOut) != 0:
		t.Fatalf("leg 2 spends %s, leg 1's minimum out is %s", l2.AmountIn, l1.MinOut)
	case l1.AmountIn.Cmp(best.AmountIn) != 0:
		t.Fatalf("leg 1 spends %s, the observation's best is %s", l1.AmountIn, best.AmountIn)
	}
	usdcBefore := e.balance(t, "USDC", e.tr.From())
	wethBefore := e.balance(t, "WETH", e.tr.From())
	deltas := e.execute(t, plan)
	gain := new(big.Int).Sub(e.balance(t, "USDC", e.tr.From()), usdcBefore)
	minProfit := e.whole(t, "USDC", 1)
	if gain.Cmp(minProfit) < 0 {
		t.Fatalf("the round trip gained %s USDC units, want at least the 1 USDC minimum", gain)
	}
	if legs := new(big.Int).Sub(deltas[1].Received, deltas[0].Spent); legs.Cmp(gain) != 0 {
		t.Fatalf("the legs' deltas net %s USDC units, the balance moved %s", legs, gain)
	}
	if kept := new(big.Int).Sub(e.balance(t, "WETH", e.tr.From()), wethBefore); kept.Sign() < 0 {
		t.Fatalf("WETH balance fell by %s", kept.Neg(kept))
	}
	t.Logf("spent %s at %d bps, gained %s", units(l1.AmountIn, l1.TokenIn), st.bestBps, units(gain, l1.TokenIn))
}

// When dex-b becomes the cheaper DEX the legs swap sides; once the prices
// meet, the strategy holds and refuses to plan a forced round trip.
func TestArbitrageFollowsAndClosesGap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 5_000})
	ctx := context.Background()
	a, err := NewArbitrage(e.deps, DefaultArbitrageParams())
	if err != nil {
		t.Fatal(err)
	}
	e.push(t, "dex-b", "WETH", "USDC", e.whole(t, "WETH", 30)) // dex-b about 10% down
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := obs.State.(*arbState)
	if st.buy != 1 || st.sell != 0 {
		t.Fatalf("after dex-b fell: buy on %d, sell on %d", st.buy, st.sell)
	}
	d := a.Propose(obs)
	if d.Action != ActionArbitrage {
		t.Fatalf("reversed gap %s bps: %s (%s)", st.gapBps, d.Action, d.Rationale)
	}
	plan, err := a.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Trades[0].Venue != "dex-b" || plan.Trades[1].Venue != "dex-a" {
		t.Fatalf("legs on %s then %s, want dex-b then dex-a", plan.Trades[0].Venue, plan.Trades[1].Venue)
	}
	e.execute(t, plan)

	// Sell WETH into dex-b until its price meets dex-a's (fee aside):
	// rb' = sqrt(k * rbA / rqA).
	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st = obs.State.(*arbState)
	rbA, rqA, _ := st.views[0].v2.Reserves(e.token(t, "WETH").Address)
	rbB, rqB, _ := st.views[1].v2.Reserves(e.token(t, "WETH").Address)
	if st.buy == 1 { // dex-b is still the cheaper one: buy WETH on it instead
		target := new(big.Int).Sqrt(mulDiv(new(big.Int).Mul(rbB, rqB), rqA, rbA))
		e.push(t, "dex-b", "USDC", "WETH", new(big.Int).Sub(target, rqB))
	} else {
		target := new(big.Int).Sqrt(mulDiv(new(big.Int).Mul(rbB, rqB), rbA, rqA))
		e.push(t, "dex-b", "WETH", "USDC", new(big.Int).Sub(target, rbB))
	}
	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st = obs.State.(*arbState)
	if gap := new(big.Int).Abs(st.gapBps); gap.Int64() > 5 {
		t.Fatalf("gap %s bps after closing it", st.gapBps)
	}
	if d := a.Propose(obs); d.Action != ActionHold {
		t.Fatalf("closed gap: %s (%s), want hold", d.Action, d.Rationale)
	}
	forced := strategies.Decision{Action: ActionArbitrage, Params: sizeParams(5000)}
	if _, err := a.Plan(ctx, obs, forced); err == nil || !strings.Contains(err.Error(), "no longer clears") {
		t.Fatalf("forced arbitrage with no gap: %v", err)
	}
	if p, err := a.Plan(ctx, obs, strategies.Decision{Action: ActionHold, Params: sizeParams(0)}); p != nil || err != nil {
		t.Fatalf("hold planned %v, %v", p, err)
	}
}

// Gas is priced through a native/quote pool when the native token is on
// neither side of the pair (USDC/DAI, gas in WETH).
func TestArbitrageObservationFacts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, map[string]int64{"DAI": 3_000})
	ctx := context.Background()
	p := DefaultArbitrageParams()
	p.Base, p.Quote = "USDC", "DAI"
	a, err := NewArbitrage(e.deps, p)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var facts struct {
		GasQuote string `json:"gasQuote"`
		GapBps   string `json:"gapBps"`
		Best     *struct {
			Profit string `json:"profit"`
		} `json:"best"`
		Venues []struct {
			Name string `json:"name"`
		} `json:"venues"`
	}
	if err := json.Unmarshal(obs.Facts, &facts); err != nil {
		t.Fatal(err)
	}
	if facts.GasQuote == "" || facts.GasQuote == "0" || facts.GapBps != "150" || facts.Best == nil || len(facts.Venues) != 2 {
		t.Fatalf("facts %s", obs.Facts)
	}
	if obs.Untrusted["base token name"] != "USD Coin (devnet)" {
		t.Fatalf("untrusted %v", obs.Untrusted)
	}
	if d := a.Propose(obs); d.Action != ActionArbitrage {
		t.Fatalf("USDC/DAI with a 1.5%% gap: %s (%s)", d.Action, d.Rationale)
	}
	for _, want := range []string{"dex-b is dearer than dex-a by +1.50%", "Best size"} {
		if !strings.Contains(obs.Summary, want) {
			t.Fatalf("summary lacks %q:\n%s", want, obs.Summary)
		}
	}

	// Bad wiring is refused when built.
	for _, edit := range []func(*ArbitrageParams){
		func(p *ArbitrageParams) { p.DEXes = []string{"dex-a", "dex-z"} },
		func(p *ArbitrageParams) { p.Native = "ETH" },
		func(p *ArbitrageParams) { p.MinProfit = "0.0000000000000000001" },
	} {
		q := DefaultArbitrageParams()
		edit(&q)
		if _, err := NewArbitrage(e.deps, q); err == nil {
			t.Errorf("built with %+v", q)
		}
	}
	same := e.deps
	same.Venues = map[string]Venue{"dex-a": e.deps.Venues["dex-a"], "dex-b": e.deps.Venues["dex-a"]}
	if _, err := NewArbitrage(same, DefaultArbitrageParams()); err == nil {
		t.Error("built with one router under two names")
	}
	if _, err := a.Plan(ctx, &strategies.Observation{Strategy: MomentumName}, strategies.Decision{Action: ActionArbitrage, Params: sizeParams(1)}); err == nil {
		t.Error("planned from another strategy's observation")
	}
}

func BenchmarkArbitrageSearch(b *testing.B) {
	usdc := strategies.Token{Address: common.HexToAddress("0xaa"), Symbol: "USDC", Decimals: 6}
	weth := strategies.Token{Address: common.HexToAddress("0xbb"), Symbol: "WETH", Decimals: 18}
	a := &Arbitrage{p: DefaultArbitrageParams(), base: weth, quote: usdc}
	a.p.MaxTrade = "20000"
	a.maxTrade = new(big.Int).Mul(big.NewInt(20_000), pow10(6))
	st := &arbState{
		buy: 0, sell: 1, gasQuote: big.NewInt(1), balQuote: new(big.Int).Set(a.maxTrade),
		views: [2]*marketView{
			{v2: &Pool{Token0: usdc.Address, Token1: a.base.Address, Reserve0: bi("3000000000000"), Reserve1: bi("1000000000000000000000")}},
			{v2: &Pool{Token0: usdc.Address, Token1: a.base.Address, Reserve0: bi("1522500000000"), Reserve1: bi("500000000000000000000")}},
		},
	}
	for b.Loop() {
		if err := a.search(st); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.bestBps), "best-bps")
}
