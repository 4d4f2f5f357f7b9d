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

// v3Deps are Deps for account on the V3 env: its tokens, its V3 venue, and
// a V2 venue by name only (nothing here reads it).
func (e *v3env) v3Deps(account common.Address) Deps {
	return Deps{
		Backend: e.client, Account: account,
		Tokens:   func(sym string) (strategies.Token, bool) { t, ok := e.tokens[sym]; return t, ok },
		Venues:   map[string]Venue{"dex-a": {Name: "dex-a", Router: common.HexToAddress("0xa1"), Factory: common.HexToAddress("0xa2")}},
		V3Venues: map[string]V3Venue{e.venue.Name: e.venue},
	}
}

// A leftover allowance that covers the swap (a reverted swap leaves its
// approval) still gets an exact approve before the swap, and none is left
// after it.
func TestV3PlanSwapApprovesExactlyWhateverTheAllowance(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	ctx := context.Background()
	trader := e.account(map[string]int64{"AAA": 10_000})
	e.approve(trader, "AAA", e.venue.SwapRouter02, ether18(5_000))
	spec := SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], AmountIn: ether18(1_000), SlippageBps: 50,
		Account: trader.From, Deadline: e.deadline()}
	leg, _, err := c.PlanSwap(ctx, spec, 3000, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := erc20ABI.PackApprove(e.venue.SwapRouter02, spec.AmountIn)
	if len(leg.Calls) != 2 || leg.Calls[0].To != spec.TokenIn.Address || string(leg.Calls[0].Data) != string(want) {
		t.Fatalf("calls %+v; want approve(SwapRouter02, exactly %s) then the swap", leg.Calls, spec.AmountIn)
	}
	for _, call := range leg.Calls {
		e.send(trader, call.To, call.Data)
	}
	if left, _ := c.Allowance(ctx, spec.TokenIn.Address, trader.From, nil); left.Sign() != 0 {
		t.Fatalf("allowance left: %s", left)
	}
	// Revoke plans nothing now, and approve(0) when something is left.
	if p, err := c.Revoke(ctx, trader.From, nil, e.tokens["AAA"], e.tokens["BBB"]); err != nil || p != nil {
		t.Fatalf("revoke with nothing left = %+v, %v", p, err)
	}
	e.approve(trader, "BBB", e.venue.SwapRouter02, big.NewInt(7))
	p, err := c.Revoke(ctx, trader.From, nil, e.tokens["AAA"], e.tokens["BBB"])
	if err != nil || p == nil || len(p.Calls) != 1 || string(p.Calls[0].Data) != string(erc20ABI.PackApprove(e.venue.SwapRouter02, new(big.Int))) ||
		p.Calls[0].To != e.tokens["BBB"].Address {
		t.Fatalf("revoke = %+v, %v", p, err)
	}
}

// dex.momentum on a V3 venue trades the deepest tier of the pair: its
// observation shows the pool's tier, price and liquidity, a sell converts
// the quote size to base at the exact V3 mid price, and the swap moves
// exactly what QuoterV2 quoted.
func TestV3MomentumSellsOnTheDeepestTier(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	ctx := context.Background()
	trader := e.account(map[string]int64{"AAA": 1_000})
	p := DefaultMomentumParams()
	p.DEX, p.Base, p.Quote, p.MaxTrade = e.venue.Name, "AAA", "BBB", "100"
	m, err := NewMomentum(e.v3Deps(trader.From), p)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := m.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Router       common.Address
		Fee          uint32
		SqrtPriceX96 string
		Price        string
	}
	if err := json.Unmarshal(obs.Facts, &f); err != nil {
		t.Fatal(err)
	}
	if f.Router != e.venue.SwapRouter02 || f.Fee != 3000 || f.SqrtPriceX96 == "" || !strings.HasPrefix(f.Price, "1.0") {
		t.Fatalf("facts %s; want the 0.3%% pool (deeper than the 1%% one) through SwapRouter02 at price 1", obs.Facts)
	}
	st := obs.State.(*momentumState)
	plan, err := m.Plan(ctx, obs, strategies.Decision{Action: ActionSell, Params: sizeParams(5_000)})
	if err != nil {
		t.Fatal(err)
	}
	// 50 BBB at the mid price, in AAA: 50e18 * 2^192 / sqrtP^2 (AAA is token0 or token1)
	wantIn, err := st.view.toBase(ether18(50), e.tokens["AAA"], e.tokens["BBB"])
	if err != nil {
		t.Fatal(err)
	}
	mid, _ := V3MidPrice(st.view.v3, e.tokens["AAA"], e.tokens["BBB"])
	exact := new(big.Rat).Quo(new(big.Rat).SetInt(ether18(50)), mid)
	if diff := new(big.Rat).Sub(exact, new(big.Rat).SetInt(wantIn)); diff.Sign() < 0 || diff.Cmp(big.NewRat(1, 1)) >= 0 {
		t.Fatalf("sell size %s AAA is not 50 BBB at the mid price (%s) rounded down", wantIn, exact.FloatString(3))
	}
	if len(plan.Trades) != 1 || plan.Trades[0].AmountIn.Cmp(wantIn) != 0 || plan.Trades[0].TokenIn != e.tokens["AAA"] {
		t.Fatalf("plan %+v; want a sell of %s AAA", plan.Trades, wantIn)
	}
	q, err := e.v3().QuoteExactInputSingle(ctx, e.tokens["AAA"].Address, e.tokens["BBB"].Address, 3000, wantIn, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Trades[0].QuotedOut.Cmp(q.Amount) != 0 {
		t.Fatalf("planned %s BBB out, QuoterV2 says %s", plan.Trades[0].QuotedOut, q.Amount)
	}
	idx, err := SwapIndexes(plan, trader.From)
	if err != nil || len(idx) != 1 || idx[0] != 1 {
		t.Fatalf("SwapIndexes = %v, %v", idx, err)
	}
	bbb0 := e.balance("BBB", trader.From)
	for _, c := range plan.Calls {
		e.send(trader, c.To, c.Data)
	}
	if got := new(big.Int).Sub(e.balance("BBB", trader.From), bbb0); got.Cmp(q.Amount) != 0 {
		t.Fatalf("received %s BBB, quoted %s", got, q.Amount)
	}
}

// The arbitrage executor speaks only V2 routers: with a V3 venue, auto
// falls back to two swaps and a configured executor is refused by name.
func TestArbitrageWithAV3VenueGoesAsTwoSwaps(t *testing.T) {
	t.Parallel()
	e := newV3Env(t)
	d := e.v3Deps(e.owner.From)
	p := DefaultArbitrageParams()
	p.DEXes, p.Base, p.Quote, p.Native = []string{"dex-a", e.venue.Name}, "AAA", "BBB", "BBB"
	p.Executor = ExecutorAuto
	a, err := NewArbitrage(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if mode, _ := a.ExecutorSetting(); mode != ExecutorOff {
		t.Fatalf("executor mode %q with a V3 venue, want off", mode)
	}
	if a.Routers() != [2]common.Address{d.Venues["dex-a"].Router, e.venue.SwapRouter02} {
		t.Fatalf("routers %v", a.Routers())
	}
	p.Executor = "0x00000000000000000000000000000000000000e1"
	if _, err := NewArbitrage(d, p); err == nil || !strings.Contains(err.Error(), "speaks only Uniswap V2") {
		t.Fatalf("a configured executor with a V3 venue: %v", err)
	}
	p.DEXes = []string{"dex-a", "nowhere"}
	if _, err := NewArbitrage(d, p); err == nil || !strings.Contains(err.Error(), "dex-a, "+e.venue.Name) {
		t.Fatalf("unknown venue: %v; want both kinds listed", err)
	}
}

// V2 <-> V3 on the devnet: WETH on the V3 pool is 2% dearer than on dex-a.
// The arbitrage plans buy on dex-a and sell on V3 at quotes equal to the
// V2 router's and QuoterV2's; when only the first swap happens, the next
// observation shows the open leg and the next plan sells exactly it back
// on V3, after which nothing is open.
func TestArbitrageV2V3OpenLegUnwindsOnV3(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{RPCAddr: "127.0.0.1:0"}, map[string]int64{"USDC": 10_000})
	ctx := context.Background()
	venue := e.deployV3(t, 200)
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	deps := e.deps
	deps.V3Venues = map[string]V3Venue{venue.Name: venue}
	p := DefaultArbitrageParams()
	p.DEXes, p.MaxTrade, p.MinProfit = []string{"dex-a", venue.Name}, "1000", "0.01"
	a, err := NewArbitrage(deps, p)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := a.Propose(obs)
	if d.Action != ActionArbitrage {
		t.Fatalf("proposal %s: %s", d.Action, d.Rationale)
	}
	plan, err := a.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Calls) != 4 || len(plan.Trades) != 2 || plan.Trades[0].Venue != "dex-a" || plan.Trades[1].Router != venue.SwapRouter02 {
		t.Fatalf("plan %s: %d calls, trades %+v", plan.Summary, len(plan.Calls), plan.Trades)
	}
	l1, l2 := plan.Trades[0], plan.Trades[1]
	v2q, err := e.router(t, "dex-a").Quote(ctx, a.mustPool(ctx, t, 0), usdc.Address, weth.Address, l1.AmountIn)
	if err != nil || v2q.Cmp(l1.QuotedOut) != 0 {
		t.Fatalf("leg 1 quoted %s, the V2 router %v (%v)", l1.QuotedOut, v2q, err)
	}
	c, _ := NewV3(e.d.Client(), venue)
	q, err := c.QuoteExactInputSingle(ctx, weth.Address, usdc.Address, 3000, l2.AmountIn, nil, nil)
	if err != nil || q.Amount.Cmp(l2.QuotedOut) != 0 || l2.AmountIn.Cmp(l1.MinOut) != 0 {
		t.Fatalf("leg 2 sells %s for %s, QuoterV2 says %v (%v)", l2.AmountIn, l2.QuotedOut, q, err)
	}
	e.execute(t, &strategies.Plan{Calls: plan.Calls[:2], Trades: plan.Trades[:1]}) // leg 2 never happens

	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ OpenLeg, SellOn string }
	if err := json.Unmarshal(obs.Facts, &f); err != nil {
		t.Fatal(err)
	}
	if f.OpenLeg != l2.AmountIn.String() || f.SellOn != venue.Name {
		t.Fatalf("open leg %q selling on %q; want %s on %s", f.OpenLeg, f.SellOn, l2.AmountIn, venue.Name)
	}
	unwind, err := a.Plan(ctx, obs, a.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	if len(unwind.Trades) != 1 || unwind.Trades[0].Router != venue.SwapRouter02 || unwind.Trades[0].AmountIn.Cmp(l2.AmountIn) != 0 ||
		len(unwind.Calls) != 2 || unwind.Calls[0].Method != "approve" {
		t.Fatalf("unwind %s: %+v", unwind.Summary, unwind.Trades)
	}
	deltas := e.execute(t, unwind)
	if deltas[0].Spent.Cmp(l2.AmountIn) != 0 {
		t.Fatalf("unwind sold %s WETH, want %s", deltas[0].Spent, l2.AmountIn)
	}
	if obs, err = a.Observe(ctx); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(obs.Facts, &f); err != nil || f.OpenLeg != "" {
		t.Fatalf("open leg %q after the unwind (%v)", f.OpenLeg, err)
	}
}

// mustPool is the V2 pool of the arbitrage's venue i, read now.
func (a *Arbitrage) mustPool(ctx context.Context, t *testing.T, i int) *Pool {
	t.Helper()
	v, err := a.mkts[i].read(ctx, nil)
	if err != nil || v.v2 == nil {
		t.Fatalf("venue %d: %v", i, err)
	}
	return v.v2
}

// A V3 pool that cannot fill any size within the ticks a local quote reads
// (here: tiny liquidity among many initialized ticks) leaves no round trip
// to pick, and the strategy says so instead of claiming no balance.
func TestArbitrageSearchSkipsSizesAV3PoolCannotFill(t *testing.T) {
	t.Parallel()
	usdc := strategies.Token{Address: common.HexToAddress("0xaa"), Symbol: "USDC", Decimals: 6}
	weth := strategies.Token{Address: common.HexToAddress("0xbb"), Symbol: "WETH", Decimals: 18}
	a := &Arbitrage{p: DefaultArbitrageParams(), base: weth, quote: usdc}
	a.maxTrade = new(big.Int).Mul(big.NewInt(1_000), pow10(6))
	ticks := &MemTicks{Words: map[int16]*big.Int{-1: new(big.Int), 0: new(big.Int)}, Net: map[int]*big.Int{}}
	for tick := -20; tick <= 20; tick++ {
		if tick == 0 {
			continue
		}
		w := ticks.Words[int16(tick>>8)]
		w.SetBit(w, tick&0xff, 1)
		ticks.Net[tick] = new(big.Int)
	}
	sqrt0, err := SqrtRatioAtTick(0)
	if err != nil {
		t.Fatal(err)
	}
	thin := &V3Pool{Token0: usdc.Address, Token1: weth.Address, Fee: 3000, TickSpacing: 1, SqrtPriceX96: sqrt0, Liquidity: big.NewInt(1_000)}
	st := &arbState{
		buy: 1, sell: 0, gasQuote: big.NewInt(1), balQuote: new(big.Int).Set(a.maxTrade), gapBps: big.NewInt(100),
		views: [2]*marketView{
			{v2: &Pool{Token0: usdc.Address, Token1: weth.Address, Reserve0: bi("3000000000000"), Reserve1: bi("1000000000000000000000")}},
			{v3: thin, ticks: ticks},
		},
	}
	if err := a.search(st); err != nil {
		t.Fatal(err)
	}
	if st.best != nil || !st.unfillable {
		t.Fatalf("best %+v, unfillable %v; want no candidate and the reason", st.best, st.unfillable)
	}
	a.p.DEXes = []string{"dex-a", "uni-v3"}
	d := a.Propose(&strategies.Observation{Strategy: ArbitrageName, State: st})
	if d.Action != ActionHold || !strings.Contains(d.Rationale, "can fill") {
		t.Fatalf("proposal %s: %s", d.Action, d.Rationale)
	}
}
