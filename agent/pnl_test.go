package agent

import (
	"bytes"
	"context"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// checkPnL values the agent once more and asserts, exactly, that its PnL
// is its equity now (every balance read from the chain, at obs's marks)
// less its equity at the stored baseline, that the baseline is what the
// agent was funded with, that realized + unrealized = PnL, and that the
// snapshot shows it with no valuation problem. It returns the PnL.
func checkPnL(t *testing.T, rt *Runtime, st *state, client *wallet.Client, start map[common.Address]*big.Int) *big.Rat {
	t.Helper()
	ctx := context.Background()
	spec := st.spec
	obs, err := spec.Strategy.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.account(ctx, st, spec, false, obs); err != nil {
		t.Fatalf("account: %v", err)
	}
	b, ok, err := rt.db.Baseline(ctx, spec.Name, false)
	if err != nil || !ok {
		t.Fatalf("no stored baseline (%v)", err)
	}
	for tok, amt := range start {
		found := false
		for _, h := range b.Holdings {
			if h.Token == tok {
				found = h.Amount.Cmp(amt) == 0
			}
		}
		if !found {
			t.Fatalf("baseline holdings %+v do not start with %s of %s", b.Holdings, amt, tok.Hex())
		}
	}

	// Equity now, read independently of the runtime's valuation.
	owner := spec.Signer.Address()
	want := new(big.Rat)
	add := func(amount, markPerWhole *big.Int, decimals uint8) {
		want.Add(want, new(big.Rat).SetFrac(new(big.Int).Mul(amount, markPerWhole), pow10(decimals)))
	}
	for _, a := range spec.Assets {
		bal, err := client.Token(a.Address).BalanceAt(ctx, owner, nil)
		if err != nil {
			t.Fatal(err)
		}
		mark := obs.Marks[a.Address]
		if a.Address == spec.Quote.Address {
			mark = pow10(a.Decimals)
		}
		add(bal, mark, a.Decimals)
	}
	if f, ok := spec.Strategy.(*predict.Forecaster); ok {
		for _, h := range f.Holdings(obs) {
			if m, ok := obs.Marks[h.Token.Address]; ok {
				add(h.Amount, m, h.Token.Decimals)
			}
		}
	}
	eth, err := client.BalanceAt(ctx, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	ethMark, ok := obs.Marks[spec.Native.Address]
	if !ok {
		if ethMark, err = spec.NativeMark(ctx); err != nil {
			t.Fatal(err)
		}
	}
	add(eth, ethMark, 18)
	want.Sub(want, b.Equity)

	snap := st.snap()
	if st.pnl == nil || st.pnl.Cmp(want) != 0 {
		t.Fatalf("PnL %v, want equity now - equity at start = %s exactly", st.pnl, want.RatString())
	}
	if snap.PnL != ratDecimal(want, spec.Quote.Decimals) || want.Sign() == 0 {
		t.Fatalf("snapshot PnL %q, want %s and not zero", snap.PnL, ratDecimal(want, spec.Quote.Decimals))
	}
	if snap.ValueErr != "" || snap.Realized == "" || snap.Unrealized == "" {
		t.Fatalf("snapshot: value error %q, realized %q, unrealized %q", snap.ValueErr, snap.Realized, snap.Unrealized)
	}
	trades, err := rt.db.TradesSince(ctx, spec.Name, false, b.Time)
	if err != nil {
		t.Fatal(err)
	}
	spent := new(big.Int).Sub(start[store.NativeToken], eth)
	realized := store.Realized(b, trades, store.NativeToken, spent)
	if realized.Sign() == 0 || ratDecimal(realized, spec.Quote.Decimals) != snap.Realized ||
		ratDecimal(new(big.Rat).Sub(want, realized), spec.Quote.Decimals) != snap.Unrealized {
		t.Fatalf("realized %q, unrealized %q: they must be non-zero parts of %q", snap.Realized, snap.Unrealized, snap.PnL)
	}
	var gotETH bool
	for _, h := range snap.Holdings {
		gotETH = gotETH || (h.Symbol == "ETH" && h.Amount == wallet.FormatAmount(eth, 18))
	}
	if !gotETH {
		t.Fatalf("holdings %+v do not show the ETH left after gas (%s)", snap.Holdings, wallet.FormatAmount(eth, 18))
	}
	return want
}

// An arbitrage agent trades, pays gas, has its second leg reverted by a
// front-runner (an open WETH position), then trades the other way: its PnL
// is exactly its change in equity, gas (valued at WETH's mark) included.
// Before PnL had a baseline it read 0 once any gas was paid.
func TestPnLReconcilesAfterTradesGasAndRevert(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(21, 3))
	s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
	cp := roomyPolicy("dex-a", "dex-b")
	cp.MaxTradeQuote, cp.MaxTrade["WETH"] = "5000", "2" // the way back is worth more than the way out
	policy, quote := w.policy(cp)
	rt := w.runtime()
	spec := Spec{Name: "arb", Strategy: w.strategy(dex.ArbitrageName, s.Address(), nil), Brain: RulesBrain{},
		Mode: ModeAuto, Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}
	spec.Native, spec.NativeMark, _ = NativeMarker(w.client.Backend(), w.cat, quote)
	st := w.add(rt, spec, nil)

	fr := w.signer(rng, map[string]int64{"WETH": 200})
	tr := w.client.Transactor(fr.Address(), fr.SignerFn(big.NewInt(devnet.ChainID)))
	weth, dexB := w.weth.Address, w.dexB
	if _, err := tr.Send(ctx, wallet.Intent{To: &weth, Data: tokenABIb.PackApprove(dexB, units(200, 18))}); err != nil {
		t.Fatal(err)
	}
	sub := rt.Bus().Subscribe(1)
	defer sub.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		swaps := 0
		for {
			select {
			case <-stop:
				return
			case e := <-sub.C:
				if sent, ok := e.(TxSent); ok && sent.Method == "swapExactTokensForTokens" {
					if swaps++; swaps == 1 {
						data := routerABIb.PackSwapExactTokensForTokens(units(60, 18), big.NewInt(0),
							[]common.Address{w.weth.Address, w.usdc.Address}, fr.Address(), big.NewInt(1<<40))
						if _, err := tr.Send(ctx, wallet.Intent{To: &dexB, Data: data}); err != nil {
							t.Error(err)
						}
					}
				}
			}
		}
	}()
	for range 3 {
		if err := rt.tick(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := w.db.Records(ctx, "arb", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[store.Outcome]int{}
	for _, r := range recs {
		outcomes[r.Outcome]++
	}
	if outcomes[store.OutcomeReverted] == 0 || outcomes[store.OutcomeConfirmed] == 0 {
		for _, r := range recs {
			t.Logf("%d %s %s %q %q %s", r.Seq, r.Verdict, r.Outcome, r.Reasons, r.Error, r.Action)
		}
		t.Fatalf("outcomes %v: want a reverted and a confirmed plan", outcomes)
	}
	checkPnL(t, rt, st, w.client, map[common.Address]*big.Int{
		w.usdc.Address: units(10_000, 6), w.weth.Address: units(5, 18), store.NativeToken: units(10, 18)})
}

// A forecaster bets on a market, the market resolves and the agent
// redeems: PnL is its change in equity with the outcome tokens, the
// redemption and the gas (valued at WETH's mark, which its own
// observations do not carry).
func TestPnLReconcilesAfterABetAndRedeem(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	mk, _ := h.net.Manifest().Market("dexb-premium")
	spec, cat := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"},
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	rt := forecasterRuntime(t, h, spec)
	st, _ := rt.agent("seer")
	st.spec.Native, st.spec.NativeMark, _ = NativeMarker(h.client.Backend(), cat, h.usdc)
	start := map[common.Address]*big.Int{h.usdc.Address: units(10_000, 6), store.NativeToken: units(10, 18)}

	tickOnce(t, rt, "seer") // the bet
	if trades, err := h.db.Trades(context.Background(), "seer"); err != nil || len(trades) != 1 {
		t.Fatalf("trades after the bet: %v (%v)", trades, err)
	}
	checkPnL(t, rt, st, h.client, start)
	waitResolved(t, h, mk)
	tickOnce(t, rt, "seer") // the redemption
	if trades, _ := h.db.Trades(context.Background(), "seer"); len(trades) != 2 {
		t.Fatalf("%d trades, want the bet and its redemption", len(trades))
	}
	pnl := checkPnL(t, rt, st, h.client, start)
	if pnl.Sign() <= 0 {
		t.Fatalf("PnL %s after a winning bet, want a profit", pnl.RatString())
	}
}

// markless hides WETH's mark from its observations.
type markless struct{ *scripted }

func (m markless) Observe(ctx context.Context) (*strategies.Observation, error) {
	obs, err := m.scripted.Observe(ctx)
	if obs != nil {
		delete(obs.Marks, m.h.weth.Address)
	}
	return obs, err
}

// What cannot be valued is said, not shown as 0: the snapshot's ValueErr
// names it, the log warns once however many ticks it lasts, PnL stays
// unknown and the tick fails closed (the drawdown check needs equity).
// Before, a PnL error was dropped and PnL read 0.
func TestValueFailureIsVisibleNotZero(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := &scripted{h: h, decision: strategies.Decision{Action: "hold"}}
	rt := h.runtime(Spec{Strategy: markless{s}})
	var buf bytes.Buffer
	rt.log = slog.New(slog.NewTextHandler(&buf, nil))
	st, _ := rt.agent("tester")
	for range 3 {
		if err := rt.tick(context.Background(), st); err == nil || !strings.Contains(err.Error(), "no price for WETH") {
			t.Fatalf("tick: %v, want it to fail closed on the missing mark", err)
		}
	}
	snap := st.snap()
	if snap.ValueErr != "no price for WETH" || snap.PnL != "" || snap.Equity != "" {
		t.Fatalf("value error %q, PnL %q, equity %q", snap.ValueErr, snap.PnL, snap.Equity)
	}
	if n := strings.Count(buf.String(), "level=WARN msg=\"agent cannot be valued in full\""); n != 1 {
		t.Fatalf("%d warnings, want one:\n%s", n, buf.String())
	}
	// With the mark back the agent is valued; gas is not, as the harness
	// names no wrapped native token: said too, and PnL is known.
	st.mu.Lock()
	st.spec.Strategy = s
	st.mu.Unlock()
	tickOnce(t, rt, "tester")
	snap = st.snap()
	if !strings.Contains(snap.ValueErr, "ETH (gas) is not in equity") || snap.PnL == "" || len(snap.Holdings) != 2 {
		t.Fatalf("value error %q, PnL %q, holdings %+v", snap.ValueErr, snap.PnL, snap.Holdings)
	}
}
