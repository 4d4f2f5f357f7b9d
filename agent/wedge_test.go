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

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// fixedBrain decides the same thing on every tick.
type fixedBrain struct{ d strategies.Decision }

func (*fixedBrain) Name() string { return "rules" }
func (b *fixedBrain) Think(context.Context, string, strategies.Strategy, *strategies.Observation) (Thought, error) {
	reply, _ := json.Marshal(b.d)
	return Thought{Decision: b.d, Model: "rules", Reply: reply}, nil
}

// frontRunner makes one call of an agent's next plan revert on-chain: it
// reads the plan from the pending decision the runtime records before
// sending, and trades that call's pool (or market) in the same direction
// just before the call goes out, so the call's minimum output fails. Its
// subscription holds one event, so the runtime waits on it: acting on the
// event two before call i is sent (the pending record for call 1, the send
// of call i-2 after that) lands before call i. back undoes the move after
// the tick, so the next plan meets the same prices and the same
// (token, spender) pair the reverted plan left approved.
type frontRunner struct {
	t      *testing.T
	client *wallet.Client
	tr     *wallet.Transactor
	from   common.Address
	db     *store.DB
	agent  string
	// undo sells back what the last front-run bought (swaps only).
	undo func()
}

func newFrontRunner(t *testing.T, net *devnet.Devnet, client *wallet.Client, db *store.DB, agent string, rng *rand.Rand,
	spenders []common.Address, tokens ...common.Address) *frontRunner {
	t.Helper()
	ctx := context.Background()
	s := wallet.NewSigner(key(t, rng))
	if err := net.Fund(ctx, s.Address(), units(10, 18), map[string]*big.Int{"USDC": units(400_000, 6), "WETH": units(150, 18)}); err != nil {
		t.Fatal(err)
	}
	f := &frontRunner{t: t, client: client, tr: client.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID))),
		from: s.Address(), db: db, agent: agent}
	max := new(big.Int).Lsh(big.NewInt(1), 200)
	for _, tok := range tokens {
		for _, sp := range spenders {
			f.send(tok, tokenABIb.PackApprove(sp, max))
		}
	}
	return f
}

func (f *frontRunner) send(to common.Address, data []byte) {
	f.t.Helper()
	if _, err := f.tr.Send(context.Background(), wallet.Intent{To: &to, Data: data}); err != nil {
		f.t.Errorf("front-runner: %v", err)
	}
}

// arm starts watching rt for the next plan and returns a stop func.
func (f *frontRunner) arm(rt *Runtime, index int) func() {
	f.undo = nil
	sub := rt.Bus().Subscribe(1)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var calls []simCallJSON
		sent := 0
		fired := false
		for {
			select {
			case <-stop:
				return
			case e := <-sub.C:
				switch ev := e.(type) {
				case DecisionRecorded:
					if ev.Kind != store.KindDecision || ev.Outcome != store.OutcomePending || calls != nil {
						continue
					}
					recs, err := f.db.Records(context.Background(), f.agent, ev.Seq, 1)
					var doc simulationDoc
					if err != nil || len(recs) != 1 || json.Unmarshal(recs[0].Simulation, &doc) != nil {
						f.t.Errorf("front-runner cannot read the plan of seq %d: %v", ev.Seq, err)
						return
					}
					calls = doc.Calls
					if index <= 1 && !fired {
						fired = true
						f.hit(calls[index])
					}
				case TxSent:
					if calls == nil {
						continue
					}
					if sent == index-2 && !fired {
						fired = true
						f.hit(calls[index])
					}
					sent++
				}
			}
		}
	}()
	return func() { close(stop); <-done; sub.Close() }
}

// hit trades c's pool or market the way c does, enough to break its
// minimum output, and keeps how to undo it.
func (f *frontRunner) hit(c simCallJSON) {
	ctx := context.Background()
	d, err := decodeArgs(strategies.Call{To: c.To, Data: c.Data})
	if err != nil {
		f.t.Errorf("front-runner: %v", err)
		return
	}
	switch d.method {
	case "swapExactTokensForTokens":
		path := d.args[2].([]common.Address)
		in, out := path[0], path[len(path)-1]
		// ~0.4% of the input reserve moves the price ~0.8%: past a 0.5%
		// slippage limit, not past the arbitrage gap.
		pair, err := f.client.Backend().CallContract(ctx, callMsg(c.To, routerABIb.PackFactory()), nil)
		if err != nil {
			f.t.Errorf("front-runner: %v", err)
			return
		}
		factory, _ := routerABIb.UnpackFactory(pair)
		raw, _ := f.client.Backend().CallContract(ctx, callMsg(factory, contracts.NewUniswapV2Factory().PackGetPair(in, out)), nil)
		pairAddr, _ := contracts.NewUniswapV2Factory().UnpackGetPair(raw)
		reserve, err := f.client.Token(in).BalanceAt(ctx, pairAddr, nil)
		if err != nil {
			f.t.Errorf("front-runner: %v", err)
			return
		}
		amt := new(big.Int).Div(reserve, big.NewInt(250))
		before, _ := f.client.Token(out).BalanceAt(ctx, f.from, nil)
		f.send(c.To, routerABIb.PackSwapExactTokensForTokens(amt, big.NewInt(0), []common.Address{in, out}, f.from, big.NewInt(1<<40)))
		after, _ := f.client.Token(out).BalanceAt(ctx, f.from, nil)
		got := new(big.Int).Sub(after, before)
		f.undo = func() {
			f.send(c.To, routerABIb.PackSwapExactTokensForTokens(got, big.NewInt(0), []common.Address{out, in}, f.from, big.NewInt(1<<40)))
		}
	case "buy":
		f.send(c.To, fpmmB.PackBuy(units(150, 6), d.args[1].(*big.Int), big.NewInt(0)))
	default:
		f.t.Errorf("front-runner: call %s cannot be made to revert by trading before it", d.method)
	}
}

// lastDecision is the agent's latest decision record and its outcome (the
// completion's when it was sent).
func lastDecision(t *testing.T, db *store.DB, agent string) (store.Record, store.Outcome, string) {
	t.Helper()
	recs, err := db.Records(context.Background(), agent, 1, 0)
	if err != nil || len(recs) == 0 {
		t.Fatalf("records: %v", err)
	}
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].Kind == store.KindDecision {
			out, msg := recs[i].Outcome, recs[i].Error
			if i+1 < len(recs) && recs[i+1].Completes == recs[i].Seq {
				out, msg = recs[i+1].Outcome, recs[i+1].Error
			}
			return recs[i], out, msg
		}
	}
	t.Fatal("no decision recorded")
	return store.Record{}, "", ""
}

// A reverted call leaves the approvals before it on-chain. Whatever call
// of a plan reverts, the agent's next plan must still pass the policy (it
// sets exactly the allowance it spends) and go through. An approve itself
// does not revert on these tokens, so a plan that stops after approve i is
// the state in which call i+1 reverted: every swap and buy index is forced
// to revert here. Before plans always set their allowance, the next
// momentum buy and the next same-way arbitrage skipped the approve
// (the leftover covered it) and were denied forever: "swap spends ...
// without an exact approval before it in the plan".
func TestRevertAtEveryCallLeavesNextPlanAllowed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		strategy string
		decision strategies.Decision
		index    int
	}{
		{dex.MomentumName, strategies.Decision{Action: dex.ActionBuy, Params: json.RawMessage(`{"size_bps":10000}`)}, 1},
		{dex.ArbitrageName, strategies.Decision{Action: dex.ActionArbitrage, Params: json.RawMessage(`{"size_bps":10000}`)}, 1},
		{dex.ArbitrageName, strategies.Decision{Action: dex.ActionArbitrage, Params: json.RawMessage(`{"size_bps":10000}`)}, 3},
	}
	for _, c := range cases {
		t.Run(c.strategy+"/"+string(rune('0'+c.index)), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			w := newWorld(t)
			rng := rand.New(rand.NewPCG(uint64(c.index), 77))
			s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
			cp := roomyPolicy("dex-a", "dex-b")
			cp.MaxTradeQuote, cp.MaxTrade["WETH"] = "5000", "2"
			policy, quote := w.policy(cp)
			rt := w.runtime()
			st := w.add(rt, Spec{Name: "agent", Strategy: w.strategy(c.strategy, s.Address(), nil), Brain: &fixedBrain{c.decision},
				Mode: ModeAuto, Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}, nil)
			fr := newFrontRunner(t, w.net, w.client, w.db, "agent", rng, []common.Address{w.dexA, w.dexB}, w.usdc.Address, w.weth.Address)

			stop := fr.arm(rt, c.index)
			if err := rt.tick(ctx, st); err != nil {
				t.Fatal(err)
			}
			stop()
			if _, out, msg := lastDecision(t, w.db, "agent"); out != store.OutcomeReverted || !strings.Contains(msg, "call "+string(rune('0'+c.index))) {
				t.Fatalf("outcome %s (%s), want call %d reverted", out, msg, c.index)
			}
			if fr.undo != nil {
				fr.undo()
			}
			if err := rt.tick(ctx, st); err != nil {
				t.Fatal(err)
			}
			d, out, msg := lastDecision(t, w.db, "agent")
			if d.Verdict != store.VerdictAllowed || out != store.OutcomeConfirmed {
				t.Fatalf("next plan after the revert: verdict %s %q, outcome %s %s", d.Verdict, d.Reasons, out, msg)
			}
		})
	}
}

// A forecaster whose buy is front-run and reverts (its approval to the
// market maker stays) bets again on the next tick, allowed.
func TestForecasterRevertedBuyLeavesNextPlanAllowed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"},
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	rt := forecasterRuntime(t, h, spec)
	st, _ := rt.agent("seer")
	mk, _ := h.net.Manifest().Market("dexb-premium")
	fr := newFrontRunner(t, h.net, h.client, h.db, "seer", rand.New(rand.NewPCG(5, 5)), []common.Address{mk.Address}, h.usdc.Address)
	stop := fr.arm(rt, 1)
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	stop()
	if _, out, msg := lastDecision(t, h.db, "seer"); out != store.OutcomeReverted || !strings.Contains(msg, "call 1 (buy)") {
		t.Fatalf("outcome %s (%s), want the buy reverted", out, msg)
	}
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if d, out, msg := lastDecision(t, h.db, "seer"); d.Verdict != store.VerdictAllowed || out != store.OutcomeConfirmed {
		t.Fatalf("next bet after the revert: verdict %s %q, outcome %s %s", d.Verdict, d.Reasons, out, msg)
	}
}

// A momentum agent whose swap reverted revokes the router's leftover
// allowance on its next hold (a single approve(token, router, 0) the
// policy allows), and a hold with nothing left over plans nothing.
func TestHoldRevokesLeftoverAllowance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(8, 8))
	s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
	policy, quote := w.policy(roomyPolicy("dex-a"))
	rt := w.runtime()
	brain := &fixedBrain{strategies.Decision{Action: dex.ActionBuy, Params: json.RawMessage(`{"size_bps":10000}`)}}
	st := w.add(rt, Spec{Name: "mo", Strategy: w.strategy(dex.MomentumName, s.Address(), nil), Brain: brain,
		Mode: ModeAuto, Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}, nil)
	fr := newFrontRunner(t, w.net, w.client, w.db, "mo", rng, []common.Address{w.dexA}, w.usdc.Address)
	stop := fr.arm(rt, 1)
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	stop()
	allowance := func() *big.Int {
		v, err := w.client.Token(w.usdc.Address).Allowance(ctx, s.Address(), w.dexA)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if left := allowance(); left.Cmp(units(1000, 6)) != 0 {
		t.Fatalf("allowance after the reverted swap %s, want the plan's 1000 USDC left over", left)
	}
	brain.d = strategies.Decision{Action: dex.ActionHold, Params: json.RawMessage(`{"size_bps":0}`)}
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	d, out, msg := lastDecision(t, w.db, "mo")
	if d.Verdict != store.VerdictAllowed || out != store.OutcomeConfirmed || !strings.Contains(string(d.Simulation), "revoke") {
		t.Fatalf("hold after the revert: verdict %s %q, outcome %s %s, plan %s", d.Verdict, d.Reasons, out, msg, d.Simulation)
	}
	if left := allowance(); left.Sign() != 0 {
		t.Fatalf("allowance after the revoke %s, want 0", left)
	}
	seq := d.Seq
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if d, out, _ := lastDecision(t, w.db, "mo"); d.Seq == seq || out != store.OutcomeSkipped || d.Verdict != store.VerdictNone {
		t.Fatalf("hold with nothing left over: %s/%s, want a skipped decision with no plan", d.Verdict, out)
	}
}

// A forecaster whose buy reverted, with nothing to bet on afterwards,
// takes back the market maker's leftover collateral allowance (a single
// approve(USDC, market maker, 0) the policy allows); then it plans nothing.
func TestForecasterRevokesLeftoverAllowance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"},
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	rt := forecasterRuntime(t, h, spec)
	st, _ := rt.agent("seer")
	mk, _ := h.net.Manifest().Market("dexb-premium")
	fr := newFrontRunner(t, h.net, h.client, h.db, "seer", rand.New(rand.NewPCG(6, 6)), []common.Address{mk.Address}, h.usdc.Address)
	stop := fr.arm(rt, 1)
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	stop()
	allowance := func() *big.Int {
		v, err := h.client.Token(h.usdc.Address).Allowance(ctx, h.signer.Address(), mk.Address)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if allowance().Sign() == 0 {
		t.Fatal("the reverted buy left no allowance: the test needs one")
	}
	// The same agent, now demanding an edge no market offers.
	calm, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"}, "min_edge_bps": 5_000,
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	st.mu.Lock()
	st.spec.Strategy = calm.Strategy
	st.mu.Unlock()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	d, out, msg := lastDecision(t, h.db, "seer")
	if d.Verdict != store.VerdictAllowed || out != store.OutcomeConfirmed || !strings.Contains(string(d.Simulation), "revoke the dexb-premium market maker") {
		t.Fatalf("revoke: verdict %s %q, outcome %s %s, plan %s", d.Verdict, d.Reasons, out, msg, d.Simulation)
	}
	if left := allowance(); left.Sign() != 0 {
		t.Fatalf("allowance after the revoke %s, want 0", left)
	}
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if d2, out, _ := lastDecision(t, h.db, "seer"); d2.Seq == d.Seq || out != store.OutcomeSkipped || d2.Verdict != store.VerdictNone {
		t.Fatalf("nothing left to do: %s/%s, want a skipped decision with no plan", d2.Verdict, out)
	}
}
