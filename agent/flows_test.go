package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// flowsConfig is an agent with little ETH (so 1,000 USDC is most of a 5%
// drawdown switch's margin), a cold wallet it may send to, and a venue.
const flowsConfig = `
chain:
  rpc: devnet
anchoring:
  enabled: false
identity:
  mode: "off"
agents:
  - name: keeper
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "0.1", USDC: "10000"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      allowed_recipients: ["0x00000000000000000000000000000000c01d0001"]
      max_trade: {USDC: "2000", WETH: "1"}
      max_daily: {USDC: "5000", WETH: "5"}
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
      drawdown_kill_pct: 5
`

// flowRig values one booted agent the way its tick does.
type flowRig struct {
	t  *testing.T
	h  *Host
	rt *Runtime
	st *state
}

// tick runs the drawdown check (it values the agent and counts flows),
// then returns the equity and the exact PnL.
func (g flowRig) tick() (equity, pnl *big.Rat) {
	g.t.Helper()
	ctx := context.Background()
	obs, err := g.st.spec.Strategy.Observe(ctx)
	if err != nil {
		g.t.Fatal(err)
	}
	if err := g.rt.checkDrawdown(ctx, g.st, obs); err != nil {
		g.t.Fatalf("drawdown check: %v", err)
	}
	eq, err := g.rt.account(ctx, g.st, g.st.spec, g.st.mode() == ModePaper, obs)
	if err != nil {
		g.t.Fatal(err)
	}
	snap := g.st.snap()
	if snap.ValueErr != "" {
		g.t.Fatalf("valuation problem: %s", snap.ValueErr)
	}
	g.st.mu.Lock()
	defer g.st.mu.Unlock()
	return eq, new(big.Rat).Set(g.st.pnl)
}

// ethValue is wei of gas at the native coin's mark, in USDC units.
func (g flowRig) ethValue(wei *big.Int) *big.Rat {
	g.t.Helper()
	ctx := context.Background()
	obs, err := g.st.spec.Strategy.Observe(ctx)
	if err != nil {
		g.t.Fatal(err)
	}
	mark, err := g.rt.nativeMark(ctx, g.st.spec, obs)
	if err != nil {
		g.t.Fatal(err)
	}
	return new(big.Rat).SetFrac(new(big.Int).Mul(wei, mark), pow10(18))
}

func bootFlows(t *testing.T) flowRig { return bootFlowsIn(t, "auto") }

func bootFlowsIn(t *testing.T, mode string) flowRig {
	t.Helper()
	cfg := loadConfig(t, strings.Replace(flowsConfig, "mode: auto", "mode: "+mode, 1), nil)
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	st, err := h.Runtime.agent("keeper")
	if err != nil {
		t.Fatal(err)
	}
	return flowRig{t: t, h: h, rt: h.Runtime, st: st}
}

// A trader moves 1,000 USDC to cold storage through the agent's transfer
// rule: equity falls by the amount and the gas, PnL does not move at all,
// and the 5% drawdown switch, which that fall would trip, stays off. The
// flows are listed in the agent's verified chain and survive a restart.
func TestTransferOutIsNotPnLNorDrawdown(t *testing.T) {
	t.Parallel()
	g := bootFlows(t)
	ctx := context.Background()
	eq0, pnl0 := g.tick()
	if pnl0.Sign() != 0 {
		t.Fatalf("PnL at the baseline is %s", pnl0.RatString())
	}

	res, err := g.h.External().Transfer(ctx, "keeper", "bot", TransferArgs{Token: "USDC", To: "0x00000000000000000000000000000000c01d0001", Amount: "1000"})
	if err != nil || res.Outcome != store.OutcomeConfirmed {
		t.Fatalf("transfer: %+v %v", res, err)
	}
	trades, err := g.h.DB.Trades(ctx, "keeper")
	if err != nil || len(trades) != 1 || trades[0].Venue != "transfer" {
		t.Fatalf("trades %+v %v", trades, err)
	}
	gas := g.ethValue(trades[0].Fee)
	out := new(big.Rat).Add(big.NewRat(1000_000000, 1), gas)

	eq1, pnl1 := g.tick()
	if d := new(big.Rat).Sub(eq0, eq1); d.Cmp(out) != 0 {
		t.Fatalf("equity fell by %s, want 1000 USDC and the gas %s", d.RatString(), gas.RatString())
	}
	if floor := new(big.Rat).Mul(eq0, big.NewRat(95, 100)); eq1.Cmp(floor) >= 0 {
		t.Fatalf("the rig is wrong: equity %s is not 5%% below %s, so the switch could not trip anyway", eq1.RatString(), eq0.RatString())
	}
	if pnl1.Sign() != 0 {
		t.Fatalf("PnL after moving funds out is %s, want exactly 0", pnl1.RatString())
	}
	snap := g.st.snap()
	if snap.Status == StatusPaused || g.st.paused {
		t.Fatalf("the drawdown switch tripped on a transfer: %s", snap.Reason)
	}
	if snap.Flows != ratDecimal(new(big.Rat).Neg(out), 6) || snap.PnL != "0" {
		t.Fatalf("snapshot net flows %q, PnL %q; want %s and 0", snap.Flows, snap.PnL, ratDecimal(new(big.Rat).Neg(out), 6))
	}
	if snap.Peak != snap.Equity {
		t.Fatalf("peak %s, want it moved down with the flow to equity %s", snap.Peak, snap.Equity)
	}

	flows, err := g.h.DB.Flows(ctx, "keeper", false)
	if err != nil || len(flows) != 2 {
		t.Fatalf("recorded flows %+v %v, want the USDC and its gas", flows, err)
	}
	if f := flows[0]; f.Source != store.FlowTransfer || f.Token != g.st.spec.Quote.Address || f.Amount.Cmp(big.NewInt(-1000_000000)) != 0 ||
		f.TradeSeq != res.Seq || flows[1].Token != store.NativeToken || flows[1].Amount.Cmp(new(big.Int).Neg(trades[0].Fee)) != 0 {
		t.Fatalf("recorded flows %+v", flows)
	}
	if v, err := g.h.DB.Verify(ctx, "keeper"); err != nil || !v.OK() {
		t.Fatalf("verify: %+v %v", v, err)
	}
	if v, err := g.h.DB.VerifyTrades(ctx, "keeper"); err != nil || !v.OK() {
		t.Fatalf("verify trades: %+v %v", v, err)
	}

	// Another valuation counts nothing twice; a restart (a fresh book)
	// reads the same flows back from the records.
	if _, pnl := g.tick(); pnl.Sign() != 0 {
		t.Fatalf("PnL on the next tick %s", pnl.RatString())
	}
	g.st.mu.Lock()
	g.st.books, g.st.flows = map[bool]*store.Book{}, nil
	g.st.mu.Unlock()
	if _, pnl := g.tick(); pnl.Sign() != 0 {
		t.Fatalf("PnL after a restart %s", pnl.RatString())
	}
	if again, _ := g.h.DB.Flows(ctx, "keeper", false); len(again) != 2 {
		t.Fatalf("a restart recorded the flows again: %+v", again)
	}
}

// Money the runtime did not move is found from the balances: a faucet
// deposit of USDC, WETH and ETH after the baseline is not profit, a send
// of USDC by hand from the agent's key is not a loss (its gas, which the
// runtime cannot tell from a trade's, is), and a real trade still moves
// PnL by exactly the change in equity, detecting nothing.
func TestDepositsAndSendsByHandAreNotPnL(t *testing.T) {
	t.Parallel()
	g := bootFlows(t)
	ctx := context.Background()
	spec := g.st.spec
	_, pnl0 := g.tick()
	if pnl0.Sign() != 0 {
		t.Fatalf("PnL at the baseline is %s", pnl0.RatString())
	}

	// A real trade first: PnL moves by exactly the equity it changes.
	eqA, _ := g.tick()
	swap, err := g.h.External().Swap(ctx, "keeper", "bot", SwapArgs{Venue: "dex-a", TokenIn: "USDC", TokenOut: "WETH", AmountIn: "400"})
	if err != nil || swap.Outcome != store.OutcomeConfirmed {
		t.Fatalf("swap: %+v %v", swap, err)
	}
	eqB, pnlB := g.tick()
	if d := new(big.Rat).Sub(eqB, eqA); pnlB.Cmp(d) != 0 || d.Sign() == 0 {
		t.Fatalf("after a trade PnL is %s, want the equity change %s exactly", pnlB.RatString(), d.RatString())
	}
	if flows, _ := g.h.DB.Flows(ctx, "keeper", false); len(flows) != 0 {
		t.Fatalf("a trade was taken for external flows: %+v", flows)
	}

	// The faucet pays in after the baseline.
	weth, _ := g.h.Catalog.Token("WETH")
	usdc := spec.Quote
	dep := map[string]*big.Int{"USDC": units(2500, 6), "WETH": units(1, 18)}
	if err := devnetOf(g.h).Fund(ctx, spec.Signer.Address(), units(1, 18), dep); err != nil {
		t.Fatal(err)
	}
	eqC, pnlC := g.tick()
	if pnlC.Cmp(pnlB) != 0 {
		t.Fatalf("a deposit moved PnL from %s to %s", pnlB.RatString(), pnlC.RatString())
	}
	flows, err := g.h.DB.Flows(ctx, "keeper", false)
	if err != nil || len(flows) != 3 {
		t.Fatalf("detected flows %+v %v, want USDC, WETH and ETH", flows, err)
	}
	in := new(big.Rat)
	for _, f := range flows {
		want := map[common.Address]*big.Int{usdc.Address: dep["USDC"], weth.Address: dep["WETH"], store.NativeToken: units(1, 18)}[f.Token]
		if f.Source != store.FlowDetected || want == nil || f.Amount.Cmp(want) != 0 {
			t.Fatalf("detected flow %+v", f)
		}
		in.Add(in, f.Value)
	}
	if d := new(big.Rat).Sub(eqC, eqB); d.Cmp(in) != 0 {
		t.Fatalf("the deposits are valued at %s, the equity rose by %s", in.RatString(), d.RatString())
	}
	if got := g.st.snap().Flows; got != ratDecimal(in, 6) {
		t.Fatalf("snapshot net flows %q, want %s", got, ratDecimal(in, 6))
	}

	// 500 USDC sent by hand with the agent's key (what wallet send does).
	tr := g.h.Client.Transactor(spec.Signer.Address(), spec.Signer.SignerFn(g.rt.chainID))
	intent, err := g.h.Client.Token(usdc.Address).TransferIntent(common.HexToAddress("0x00000000000000000000000000000000c01d0002"), units(500, 6))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := tr.Send(ctx, intent)
	if err != nil {
		t.Fatal(err)
	}
	_, pnlD := g.tick()
	gas := g.ethValue(wallet.FeePaid(rc))
	if want := new(big.Rat).Sub(pnlC, gas); pnlD.Cmp(want) != 0 {
		t.Fatalf("after a send by hand PnL is %s, want %s (only the gas %s is a cost)", pnlD.RatString(), want.RatString(), gas.RatString())
	}
	flows, _ = g.h.DB.Flows(ctx, "keeper", false)
	if last := flows[len(flows)-1]; len(flows) != 4 || last.Token != usdc.Address || last.Amount.Cmp(units(-500, 6)) != 0 {
		t.Fatalf("the send by hand is not a detected flow: %+v", flows)
	}
	if snap := g.st.snap(); snap.Status == StatusPaused {
		t.Fatalf("paused: %s", snap.Reason)
	}
	if v, err := g.h.DB.Verify(ctx, "keeper"); err != nil || !v.OK() {
		t.Fatalf("verify: %+v %v", v, err)
	}
}

// While a decision waits for its transaction, a balance change may be its
// trade not yet booked: detection waits, and counts the deposit once the
// decision is finished.
func TestDetectionWaitsForPendingDecisions(t *testing.T) {
	t.Parallel()
	g := bootFlows(t)
	ctx := context.Background()
	spec := g.st.spec
	g.tick()
	seq, _, err := g.h.DB.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: "keeper", Strategy: spec.Strategy.Name(),
		Model: "rules", Verdict: store.VerdictAllowed, Approval: store.ApprovalAuto, Outcome: store.OutcomePending})
	if err != nil {
		t.Fatal(err)
	}
	if err := devnetOf(g.h).Fund(ctx, spec.Signer.Address(), nil, map[string]*big.Int{"USDC": units(300, 6)}); err != nil {
		t.Fatal(err)
	}
	if _, pnl := g.tick(); pnl.Cmp(big.NewRat(300_000000, 1)) != 0 {
		t.Fatalf("PnL %s while a decision is pending, want the unexplained 300 USDC until it is settled", pnl.RatString())
	}
	if flows, _ := g.h.DB.Flows(ctx, "keeper", false); len(flows) != 0 {
		t.Fatalf("detected %+v while a decision was pending", flows)
	}
	if _, _, err := g.h.DB.Append(ctx, &store.Record{Kind: store.KindCompletion, Agent: "keeper", Completes: seq,
		Outcome: store.OutcomeFailed, Error: "never sent"}); err != nil {
		t.Fatal(err)
	}
	if _, pnl := g.tick(); pnl.Sign() != 0 {
		t.Fatalf("PnL %s once settled, want 0: the deposit is a flow", pnl.RatString())
	}
	if flows, _ := g.h.DB.Flows(ctx, "keeper", false); len(flows) != 1 || flows[0].Amount.Cmp(units(300, 6)) != 0 {
		t.Fatalf("flows %+v, want the 300 USDC deposit", flows)
	}
}

// The drawdown after a flow is the drawdown trading made: 9,600 of a
// 10,000 peak stays 4% whether 9,000 goes out or 10,000 comes in.
func TestPeakMovesWithFlows(t *testing.T) {
	t.Parallel()
	r := func(n int64) *big.Rat { return big.NewRat(n, 1) }
	dd := func(peak, equity *big.Rat) *big.Rat {
		return new(big.Rat).Quo(new(big.Rat).Sub(peak, equity), peak)
	}
	for _, c := range []struct{ equity, total int64 }{{600, -9000}, {19600, 10000}} {
		p := peakAfter(r(10000), r(c.equity), r(c.total))
		if got := dd(p, r(c.equity)); got.Cmp(big.NewRat(4, 100)) != 0 {
			t.Fatalf("flow %d: peak %s, drawdown %s, want 4%%", c.total, p.RatString(), got.RatString())
		}
	}
	if p := peakAfter(r(10000), r(500), r(500)); p.Cmp(r(500)) != 0 {
		t.Fatalf("an empty agent funded: peak %s, want its equity", p.RatString())
	}
	if peakAfter(nil, r(1), r(1)) != nil {
		t.Fatal("no peak yet, but one was made")
	}
}

// A paper agent's transfer moves its paper book, not its wallet: the paper
// PnL stays exactly 0 and the switch stays off.
func TestPaperTransferIsNotPnL(t *testing.T) {
	t.Parallel()
	g := bootFlowsIn(t, "paper")
	ctx := context.Background()
	eq0, _ := g.tick()
	res, err := g.h.External().Transfer(ctx, "keeper", "bot", TransferArgs{Token: "USDC", To: "0x00000000000000000000000000000000c01d0001", Amount: "1000"})
	if err != nil || res.Outcome != store.OutcomePaper {
		t.Fatalf("paper transfer: %+v %v", res, err)
	}
	eq1, pnl := g.tick()
	if d := new(big.Rat).Sub(eq0, eq1); d.Cmp(big.NewRat(1000_000000, 1)) != 0 || pnl.Sign() != 0 {
		t.Fatalf("paper equity fell by %s (want 1000 USDC), PnL %s (want 0)", d.RatString(), pnl.RatString())
	}
	if snap := g.st.snap(); snap.Status == StatusPaused || snap.Flows != "-1000" {
		t.Fatalf("paper agent: status %s (%s), net flows %q", snap.Status, snap.Reason, snap.Flows)
	}
	if flows, err := g.h.DB.Flows(ctx, "keeper", true); err != nil || len(flows) != 1 || !flows[0].Paper {
		t.Fatalf("paper flows %+v %v", flows, err)
	}
}
