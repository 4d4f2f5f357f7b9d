package agent

import (
	"context"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
)

// v3Policy is roomyPolicy on contracts with SwapRouter02's multicall.
func v3Policy(contracts ...string) configs.Policy {
	cp := roomyPolicy(contracts...)
	cp.AllowedMethods = append(cp.AllowedMethods, dex.V3MulticallMethod)
	return cp
}

// v3Agent is a dex agent of w built the way Boot builds it.
type v3Agent struct {
	w      *world
	s      *wallet.Signer
	strat  strategies.Strategy
	policy *Policy
	quote  strategies.Token
	rt     *Runtime
	st     *state
	log    *signLog
}

func newV3Agent(t *testing.T, w *world, name, strategy string, brain Brain, mode Mode, cp configs.Policy, edit func(any)) *v3Agent {
	t.Helper()
	a := &v3Agent{w: w, log: &signLog{}}
	a.s = w.signer(rand.New(rand.NewPCG(uint64(len(name)), 0x3)), map[string]int64{"USDC": 10_000, "WETH": 5})
	a.policy, a.quote = w.policy(cp)
	a.strat = w.strategy(strategy, a.s.Address(), edit)
	a.rt = w.runtime()
	a.st = w.add(a.rt, Spec{Name: name, Strategy: a.strat, Brain: brain, Mode: mode, Interval: time.Second,
		Policy: a.policy, Quote: a.quote, Signer: a.s, Assets: assets(a.policy)}, a.log)
	return a
}

func (a *v3Agent) balance(t *testing.T, tok strategies.Token) *big.Int {
	t.Helper()
	b, err := dex.BalanceOf(context.Background(), a.w.client.Backend(), tok.Address, a.s.Address(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tick runs one tick and returns the decision and its completion.
func (a *v3Agent) tick(t *testing.T) (decision, done store.Record) {
	t.Helper()
	ctx := context.Background()
	if err := a.rt.tick(ctx, a.st); err != nil {
		t.Fatal(err)
	}
	recs, err := a.w.db.Records(ctx, a.st.spec.Name, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	done = recs[len(recs)-1]
	if done.Kind != store.KindCompletion {
		t.Fatalf("last record is %s (%s, verdict %s: %s), not a completion", done.Kind, done.Outcome, done.Verdict, done.Error)
	}
	decision, err = a.w.db.Record(ctx, a.st.spec.Name, done.Completes)
	if err != nil {
		t.Fatal(err)
	}
	return decision, done
}

func (a *v3Agent) v3(t *testing.T, venue dex.V3Venue) *dex.V3 {
	t.Helper()
	c, err := dex.NewV3(a.w.client.Backend(), venue)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A momentum agent on the V3 pool buys through the runtime: the model's
// buy passes the policy, the approval and the SwapRouter02 multicall are
// mined, and the trade booked is exactly the 500 USDC spent for exactly
// what QuoterV2 quoted before the tick, with no allowance left behind.
func TestV3MomentumAgentTradesThroughTheRuntime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 0)
	model := &cannedModel{answer: func(llm.Request) string {
		return `{"action":"buy","size_bps":5000,"confidence":0.8,"rationale":"up"}`
	}}
	a := newV3Agent(t, w, "mom-v3", dex.MomentumName, modelBrain(model), ModeAuto, v3Policy(v3Venue), func(p any) {
		mp := p.(*dex.MomentumParams)
		mp.DEX, mp.MaxTrade = v3Venue, "1000"
	})
	if !strings.Contains(a.strat.Instructions(), "Uniswap V3") {
		t.Errorf("instructions do not say the pool is V3: %s", a.strat.Instructions())
	}
	spend := units(500, 6)
	q, err := a.v3(t, venue).QuoteExactInputSingle(ctx, w.usdc.Address, w.weth.Address, 3000, spend, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	usdc0, weth0 := a.balance(t, w.usdc), a.balance(t, w.weth)
	before := a.log.len()
	decision, done := a.tick(t)
	if decision.Verdict != store.VerdictAllowed || done.Outcome != store.OutcomeConfirmed {
		t.Fatalf("verdict %s %v, outcome %s (%s)", decision.Verdict, decision.Reasons, done.Outcome, done.Error)
	}
	signed := a.log.since(before)
	if len(signed) != 2 || *signed[0].To() != w.usdc.Address || *signed[1].To() != venue.SwapRouter02 {
		t.Fatalf("%d transactions signed; want approve(USDC) then the SwapRouter02 multicall", len(signed))
	}
	trades, err := w.db.Trades(ctx, "mom-v3")
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) != 1 {
		t.Fatalf("%d trades booked, want 1", len(trades))
	}
	tr := trades[0]
	if tr.Venue != v3Venue || tr.TokenIn != w.usdc.Address || tr.TokenOut != w.weth.Address ||
		tr.AmountIn.Cmp(spend) != 0 || tr.AmountOut.Cmp(q.Amount) != 0 || tr.TxHash != signed[1].Hash() || tr.Fee.Sign() <= 0 {
		t.Fatalf("booked %+v; want %s USDC -> %s WETH (QuoterV2) on %s", tr, spend, q.Amount, v3Venue)
	}
	if got := new(big.Int).Sub(usdc0, a.balance(t, w.usdc)); got.Cmp(spend) != 0 {
		t.Fatalf("USDC fell by %s, want %s", got, spend)
	}
	if got := new(big.Int).Sub(a.balance(t, w.weth), weth0); got.Cmp(q.Amount) != 0 {
		t.Fatalf("WETH rose by %s, QuoterV2 quoted %s", got, q.Amount)
	}
	if left, err := a.v3(t, venue).Allowance(ctx, w.usdc.Address, a.s.Address(), nil); err != nil || left.Sign() != 0 {
		t.Fatalf("allowance left to SwapRouter02: %v %v", left, err)
	}
	// the pending spend of the recorded V3 call is counted as the policy counted it
	legs := pendingSpend(a.policy, decision)
	if len(legs) != 1 || legs[0].Token != w.usdc.Address || legs[0].Amount.Cmp(spend) != 0 {
		t.Fatalf("pending spend of the recorded plan = %+v, want %s USDC", legs, spend)
	}
}

// The showcase: WETH on the V3 pool is 2% dearer than on dex-a (V2). The
// arbitrage agent's observation prices its best round trip with quotes
// equal, to the wei, to the V2 router's getAmountsOut and QuoterV2's; its
// tick buys on dex-a and sells on V3 as two swaps, each booked with
// exactly what the router and the quoter say at the block before it, and
// the agent ends with more USDC.
func TestV3ArbitrageRoundTripThroughTheRuntime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 200)
	a := newV3Agent(t, w, "arb-v3", dex.ArbitrageName, RulesBrain{}, ModeAuto, v3Policy("dex-a", v3Venue), func(p any) {
		ap := p.(*dex.ArbitrageParams)
		ap.DEXes, ap.MaxTrade, ap.MinProfit = []string{"dex-a", v3Venue}, "1000", "0.01"
	})
	arb := a.strat.(*dex.Arbitrage)
	if arb.Routers() != [2]common.Address{w.dexA, venue.SwapRouter02} {
		t.Fatalf("routers %v", arb.Routers())
	}
	obs, err := arb.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var facts struct {
		BuyOn, SellOn string
		Best          *struct{ AmountIn, Out1, Min1, Out2, Profit string }
		Venues        [2]struct{ Fee uint32 }
	}
	if err := json.Unmarshal(obs.Facts, &facts); err != nil {
		t.Fatal(err)
	}
	if facts.BuyOn != "dex-a" || facts.SellOn != v3Venue || facts.Best == nil || facts.Venues[1].Fee != 3000 {
		t.Fatalf("facts %s", obs.Facts)
	}
	n := func(s string) *big.Int { v, _ := new(big.Int).SetString(s, 10); return v }
	amountIn, out1, min1, out2 := n(facts.Best.AmountIn), n(facts.Best.Out1), n(facts.Best.Min1), n(facts.Best.Out2)
	if got := v2Out(t, w, nil, amountIn, w.usdc, w.weth); got.Cmp(out1) != 0 {
		t.Fatalf("leg 1 priced %s, the V2 router says %s", out1, got)
	}
	q, err := a.v3(t, venue).QuoteExactInputSingle(ctx, w.weth.Address, w.usdc.Address, 3000, min1, nil, nil)
	if err != nil || q.Amount.Cmp(out2) != 0 {
		t.Fatalf("leg 2 priced %s, QuoterV2 says %v (%v)", out2, q, err)
	}

	usdc0 := a.balance(t, w.usdc)
	before := a.log.len()
	decision, done := a.tick(t)
	if decision.Verdict != store.VerdictAllowed || done.Outcome != store.OutcomeConfirmed {
		t.Fatalf("verdict %s %v, outcome %s (%s)", decision.Verdict, decision.Reasons, done.Outcome, done.Error)
	}
	signed := a.log.since(before)
	if len(signed) != 4 || *signed[1].To() != w.dexA || *signed[3].To() != venue.SwapRouter02 {
		t.Fatalf("%d transactions signed; want approve, dex-a swap, approve, SwapRouter02 multicall", len(signed))
	}
	trades, err := w.db.Trades(ctx, "arb-v3")
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) != 2 || trades[0].Venue != "dex-a" || trades[1].Venue != v3Venue {
		t.Fatalf("trades %+v", trades)
	}
	blockOf := func(tx *types.Transaction) *big.Int {
		rc, err := w.client.Backend().TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).Sub(rc.BlockNumber, big.NewInt(1))
	}
	t1, t2 := trades[0], trades[1]
	if want := v2Out(t, w, blockOf(signed[1]), t1.AmountIn, w.usdc, w.weth); t1.TokenIn != w.usdc.Address || t1.AmountOut.Cmp(want) != 0 {
		t.Fatalf("leg 1 booked %s USDC -> %s WETH; the V2 router quoted %s", t1.AmountIn, t1.AmountOut, want)
	}
	q2, err := a.v3(t, venue).QuoteExactInputSingle(ctx, w.weth.Address, w.usdc.Address, 3000, t2.AmountIn, nil, blockOf(signed[3]))
	if err != nil || t2.TokenIn != w.weth.Address || t2.AmountOut.Cmp(q2.Amount) != 0 {
		t.Fatalf("leg 2 booked %s WETH -> %s USDC; QuoterV2 quoted %v (%v)", t2.AmountIn, t2.AmountOut, q2, err)
	}
	gain := new(big.Int).Sub(a.balance(t, w.usdc), usdc0)
	if net := new(big.Int).Sub(t2.AmountOut, t1.AmountIn); gain.Sign() <= 0 || net.Cmp(gain) != 0 {
		t.Fatalf("USDC gain %s, booked legs net %s", gain, net)
	}
}

// v2Out is dex-a's getAmountsOut for amount of in at block (nil: latest).
func v2Out(t *testing.T, w *world, block, amount *big.Int, in, out strategies.Token) *big.Int {
	t.Helper()
	ret, err := w.client.Backend().CallContract(context.Background(),
		callMsg(w.dexA, routerABIb.PackGetAmountsOut(amount, []common.Address{in.Address, out.Address})), block)
	if err != nil {
		t.Fatal(err)
	}
	amts, err := routerABIb.UnpackGetAmountsOut(ret)
	if err != nil {
		t.Fatal(err)
	}
	return amts[1]
}

// The V3 rule denies every tampered SwapRouter02 call of an honest plan,
// each for its own reason, and allows the honest one.
func TestV3PolicyDeniesTamperedCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 0)
	a := newV3Agent(t, w, "mom-v3", dex.MomentumName, RulesBrain{}, ModeAuto, v3Policy(v3Venue), func(p any) {
		mp := p.(*dex.MomentumParams)
		mp.DEX, mp.MaxTrade = v3Venue, "1000"
	})
	obs, err := a.strat.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	honest, err := a.strat.Plan(ctx, obs, strategies.Decision{Action: "buy", Params: json.RawMessage(`{"size_bps":5000}`)})
	if err != nil {
		t.Fatal(err)
	}
	if len(honest.Calls) != 2 || honest.Calls[1].To != venue.SwapRouter02 {
		t.Fatalf("plan %+v", honest.Calls)
	}
	swaps, err := dex.DecodeSwapRouter02(honest.Calls[1].Data)
	if err != nil {
		t.Fatal(err)
	}
	s := swaps[0]
	check := func(calls []strategies.Call, slip int64) Verdict {
		intents := make([]wallet.Intent, len(calls))
		for i, c := range calls {
			to := c.To
			intents[i] = wallet.Intent{To: &to, Data: c.Data}
		}
		res, err := w.client.SimulateBundle(ctx, a.s.Address(), intents)
		if err != nil {
			t.Fatal(err)
		}
		sims := make([]CallSim, len(res))
		for i, r := range res {
			sims[i] = CallSim{OK: r.OK, Return: r.Return, GasUsed: r.GasUsed, Error: r.Error}
		}
		pol := *a.policy
		if slip > 0 {
			pol.MaxSlippageBps = slip
		}
		return pol.Check(CheckInput{Agent: a.s.Address(), Plan: &strategies.Plan{Calls: calls}, Sims: sims, Marks: obs.Marks, Quote: a.quote})
	}
	if v := check(honest.Calls, 0); !v.Allowed {
		t.Fatalf("honest plan denied: %v", v.Reasons)
	}
	// the approval screen shows the V3 leg with its multicall deadline
	if l := legs(honest); len(l) != 1 || !strings.HasPrefix(l[0], v3Venue+": ") ||
		!strings.HasSuffix(l[0], " by "+time.Unix(s.Deadline.Int64(), 0).Format("15:04:05")) {
		t.Fatalf("legs %q", l)
	}
	stranger := common.HexToAddress("0x5742a17e5742a17e5742a17e5742a17e5742a17e")
	inner := func(to common.Address, amountIn, minOut *big.Int) []byte {
		return dex.ExactInputSingleData(s.TokenIn, s.TokenOut, s.Fee(), to, amountIn, minOut, s.SqrtPriceLimitX96)
	}
	swap := func(data ...[]byte) strategies.Call {
		return strategies.Call{To: venue.SwapRouter02, Data: dex.MulticallData(s.Deadline, data...)}
	}
	approve := func(amount *big.Int) strategies.Call {
		return strategies.Call{To: w.usdc.Address, Data: tokenABIb.PackApprove(venue.SwapRouter02, amount)}
	}
	over := units(5_000, 6)
	half := new(big.Int).Rsh(s.AmountIn, 1)
	for _, tc := range []struct {
		name  string
		calls []strategies.Call
		want  string
		slip  int64
	}{
		{"output to a stranger", []strategies.Call{honest.Calls[0], swap(inner(stranger, s.AmountIn, s.AmountOut))}, "not the agent's wallet", 0},
		{"output left in the router", []strategies.Call{honest.Calls[0], swap(inner(common.BigToAddress(big.NewInt(2)), s.AmountIn, s.AmountOut))}, "not the agent's wallet", 0},
		{"no approval before it", []strategies.Call{honest.Calls[1]}, "without an exact approval", 0},
		{"approval larger than the swap", []strategies.Call{approve(new(big.Int).Add(s.AmountIn, big.NewInt(1))), honest.Calls[1]}, "not spent exactly", 0},
		{"over the per-trade cap", []strategies.Call{approve(over), swap(inner(a.s.Address(), over, s.AmountOut))}, "above the per-trade cap", 0},
		{"minimum out beyond the slippage limit", []strategies.Call{honest.Calls[0], swap(inner(a.s.Address(), s.AmountIn, big.NewInt(1)))}, "bps slippage from the simulated", 0},
		{"the honest minimum under a tighter limit", honest.Calls, "bps slippage from the simulated", 10},
		{"two swaps in one multicall", []strategies.Call{honest.Calls[0], swap(inner(a.s.Address(), half, big.NewInt(1)), inner(a.s.Address(), half, big.NewInt(1)))}, "one per call", 0},
		{"a router outside the policy", []strategies.Call{approve(s.AmountIn), {To: stranger, Data: honest.Calls[1].Data}}, "not an allowed contract", 0},
		{"a swap without multicall's deadline", []strategies.Call{honest.Calls[0], {To: venue.SwapRouter02, Data: inner(a.s.Address(), s.AmountIn, s.AmountOut)}}, "unknown method selector", 0},
	} {
		v := check(tc.calls, tc.slip)
		if v.Allowed || !strings.Contains(strings.Join(v.Reasons, "; "), tc.want) {
			t.Errorf("%s: allowed %v, reasons %q; want a denial naming %q", tc.name, v.Allowed, v.Reasons, tc.want)
		}
	}
}

// In paper mode a V3 buy is simulated, never signed, and booked as a paper
// trade of exactly the 500 USDC for QuoterV2's quote.
func TestV3PaperTradeBooksTheSimulatedSwap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 0)
	model := &cannedModel{answer: func(llm.Request) string {
		return `{"action":"buy","size_bps":5000,"confidence":0.8,"rationale":"up"}`
	}}
	a := newV3Agent(t, w, "paper-v3", dex.MomentumName, modelBrain(model), ModePaper, v3Policy(v3Venue), func(p any) {
		mp := p.(*dex.MomentumParams)
		mp.DEX, mp.MaxTrade = v3Venue, "1000"
	})
	spend := units(500, 6)
	q, err := a.v3(t, venue).QuoteExactInputSingle(ctx, w.usdc.Address, w.weth.Address, 3000, spend, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.rt.tick(ctx, a.st); err != nil {
		t.Fatal(err)
	}
	if a.log.len() != 0 {
		t.Fatalf("paper mode signed %d transactions", a.log.len())
	}
	trades, err := w.db.Trades(ctx, "paper-v3")
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) != 1 || !trades[0].Paper || trades[0].Venue != v3Venue || trades[0].TokenIn != w.usdc.Address ||
		trades[0].AmountIn.Cmp(spend) != 0 || trades[0].AmountOut.Cmp(q.Amount) != 0 {
		t.Fatalf("paper trades %+v; want %s USDC -> %s WETH", trades, spend, q.Amount)
	}
}

// On a chain whose only venue is V3, gas is still valued: the native
// token's mark comes from the V3 pool's exact mid price.
func TestV3NativeMarkWithoutAV2Venue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 150)
	cat := &Catalog{Tokens: w.cat.Tokens, Venues: anyVenues(dex.V3Venues(w.cat))}
	native, mark, ok := NativeMarker(w.client.Backend(), cat, w.usdc)
	if !ok || native.Address != w.weth.Address {
		t.Fatalf("native %v %v", native, ok)
	}
	got, err := mark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := dex.NewV3(w.client.Backend(), venue)
	pools, err := c.Pools(ctx, w.weth.Address, w.usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := dex.V3Mark(pools[0], w.weth, w.usdc)
	_, v2mark, _ := NativeMarker(w.client.Backend(), &Catalog{Tokens: w.cat.Tokens, Venues: anyVenues(dex.V2Venues(w.cat))}, w.usdc)
	onA, err := v2mark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// the V3 pool sits 1.5% above dex-a: the mark is V3's, not a V2 price
	if floor := new(big.Int).Div(new(big.Int).Mul(onA, big.NewInt(10_140)), big.NewInt(10_000)); got.Cmp(want) != 0 || got.Cmp(floor) < 0 {
		t.Fatalf("mark %s, the V3 pool's %s, dex-a's %s", got, want, onA)
	}
}
