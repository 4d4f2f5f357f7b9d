package agent

import (
	"context"
	"encoding/json"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// execAgent is an arbitrage agent with executor: auto, set up the way
// Boot does (setupExecutor deploys from its key and records the step).
type execAgent struct {
	w      *world
	rt     *Runtime
	st     *state
	s      *wallet.Signer
	strat  *dex.Arbitrage
	policy *Policy
	quote  strategies.Token
	home   string
	log    *signLog
	host   *Host
}

func execPolicy() configs.Policy {
	cp := roomyPolicy("dex-a", "dex-b")
	cp.AllowedMethods = append(cp.AllowedMethods, dex.ExecutorMethod)
	return cp
}

func newExecAgent(t *testing.T, w *world, seed uint64) *execAgent {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	x := &execAgent{w: w, s: w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5}), home: t.TempDir(), log: &signLog{}}
	x.policy, x.quote = w.policy(execPolicy())
	x.strat = w.strategy(dex.ArbitrageName, x.s.Address(), func(p any) { p.(*dex.ArbitrageParams).Executor = dex.ExecutorAuto }).(*dex.Arbitrage)
	x.rt = w.runtime()
	x.host = &Host{Runtime: x.rt, DB: w.db, Client: w.client}
	a := &configs.Agent{Name: "arb", Mode: configs.ModeAuto}
	if err := x.host.setupExecutor(context.Background(), BootOptions{Home: x.home, Logger: slog.New(slog.DiscardHandler)}, a, x.s, x.strat, x.policy); err != nil {
		t.Fatal(err)
	}
	x.st = w.add(x.rt, Spec{Name: "arb", Strategy: x.strat, Brain: RulesBrain{}, Mode: ModeAuto, Interval: time.Second,
		Policy: x.policy, Quote: x.quote, Signer: x.s, Assets: assets(x.policy)}, x.log)
	return x
}

func (x *execAgent) balance(t *testing.T, tok strategies.Token) *big.Int {
	t.Helper()
	b, err := dex.BalanceOf(context.Background(), x.w.client.Backend(), tok.Address, x.s.Address(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (x *execAgent) last(t *testing.T) store.Record {
	t.Helper()
	recs, err := x.w.db.Records(context.Background(), "arb", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return recs[len(recs)-1]
}

// Boot's executor step deploys the artifact from the agent's key once,
// writes it into the decision log and the home, and lets the policy allow
// that executor; a second boot on the same home reuses it. The agent's next
// tick is one approval and one round trip, which books both legs and
// leaves the agent's WETH where it was.
func TestExecutorDeployedOnceAndArbitrageSettles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	x := newExecAgent(t, w, 1)
	exec := x.strat.Executor()
	if exec == (common.Address{}) || !dexRules(x.policy).Executors[exec] {
		t.Fatalf("executor %s, policy executors %v", exec.Hex(), dexRules(x.policy).Executors)
	}
	if err := dex.VerifyExecutor(ctx, w.client.Backend(), exec, x.s.Address()); err != nil {
		t.Fatal(err)
	}
	recs, err := w.db.Records(ctx, "arb", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Kind != store.KindDecision || recs[0].Verdict != store.VerdictNone ||
		!strings.Contains(string(recs[0].Action), "deploy_executor") || !strings.Contains(string(recs[0].Action), exec.Hex()) ||
		recs[1].Kind != store.KindCompletion || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("deployment records = %+v", recs)
	}
	file, err := os.ReadFile(filepath.Join(x.home, ExecutorFile))
	if err != nil || !strings.Contains(strings.ToLower(string(file)), strings.ToLower(exec.Hex())) {
		t.Fatalf("%s: %s %v", ExecutorFile, file, err)
	}
	// A second boot on this home: the executor is found, nothing is sent.
	nonce, _ := w.client.Backend().NonceAt(ctx, x.s.Address(), nil)
	again := w.strategy(dex.ArbitrageName, x.s.Address(), func(p any) { p.(*dex.ArbitrageParams).Executor = dex.ExecutorAuto }).(*dex.Arbitrage)
	p2, _ := w.policy(execPolicy())
	if err := x.host.setupExecutor(ctx, BootOptions{Home: x.home, Logger: slog.New(slog.DiscardHandler)}, &configs.Agent{Name: "arb", Mode: configs.ModeAuto}, x.s, again, p2); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.client.Backend().NonceAt(ctx, x.s.Address(), nil); n != nonce || again.Executor() != exec {
		t.Fatalf("second boot: nonce %d -> %d, executor %s; want the same executor and nothing sent", nonce, n, again.Executor().Hex())
	}

	usdc0, weth0 := x.balance(t, w.usdc), x.balance(t, w.weth)
	before := x.log.len()
	if err := x.rt.tick(ctx, x.st); err != nil {
		t.Fatal(err)
	}
	last := x.last(t)
	if last.Outcome != store.OutcomeConfirmed {
		t.Fatalf("round trip: outcome %s (%s)", last.Outcome, last.Error)
	}
	signed := x.log.since(before)
	if len(signed) != 2 || *signed[1].To() != exec {
		t.Fatalf("%d transactions signed, the last to %v; want approve and one executor call", len(signed), signed[len(signed)-1].To())
	}
	gain := new(big.Int).Sub(x.balance(t, w.usdc), usdc0)
	if gain.Sign() <= 0 || x.balance(t, w.weth).Cmp(weth0) != 0 {
		t.Fatalf("USDC gain %s, WETH %s -> %s", gain, weth0, x.balance(t, w.weth))
	}

	// Settlement of the mined round trip, from the recorded calls and the receipt.
	decision, err := w.db.Record(ctx, "arb", last.Completes)
	if err != nil {
		t.Fatal(err)
	}
	var doc simulationDoc
	if err := json.Unmarshal(decision.Simulation, &doc); err != nil {
		t.Fatal(err)
	}
	call := strategies.Call{To: doc.Calls[1].To, Data: doc.Calls[1].Data}
	d, err := decodeCall(call)
	if err != nil || d.method != dex.ExecutorMethod {
		t.Fatalf("decode %v %s", err, d.method)
	}
	rc, err := w.client.Backend().TransactionReceipt(ctx, signed[1].Hash())
	if err != nil {
		t.Fatal(err)
	}
	leg, fee := 0, wallet.FeePaid(rc)
	trades, err := x.rt.settleCall(ctx, x.s.Address(), x.policy, &strategies.Plan{}, call, rc, &leg, fee)
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) != 2 || leg != 2 || trades[0].TokenIn != w.usdc.Address || trades[1].TokenOut != w.usdc.Address ||
		trades[0].AmountOut.Cmp(trades[1].AmountIn) != 0 || trades[0].Fee.Sign() <= 0 {
		t.Fatalf("trades = %+v", trades)
	}
	if net := new(big.Int).Sub(trades[1].AmountOut, trades[0].AmountIn); net.Cmp(gain) != 0 {
		t.Fatalf("booked round trip nets %s USDC units, the balance moved %s", net, gain)
	}
	if _, _, err := w.db.AppendWithTrades(ctx, &store.Record{Kind: store.KindDecision, Agent: "booked", Verdict: store.VerdictNone,
		Approval: store.ApprovalNone, Outcome: store.OutcomeConfirmed}, trades); err != nil {
		t.Fatalf("the booked legs do not store: %v", err)
	}
	// A fill that does not match the call is refused.
	args, err := execABI.Methods[dex.ExecutorMethod].Inputs.Unpack(call.Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	args[4] = new(big.Int).Add(args[4].(*big.Int), big.NewInt(1))
	bad := call
	if bad.Data, err = execABI.Pack(dex.ExecutorMethod, args...); err != nil {
		t.Fatal(err)
	}
	leg = 0
	if _, err := x.rt.settleCall(ctx, x.s.Address(), x.policy, &strategies.Plan{}, bad, rc, &leg, new(big.Int)); err == nil {
		t.Fatal("a fill for another amount was booked")
	}
}

// Pool B moves between the approval and the round trip: the runtime's
// executor call reverts on chain, nothing is booked, and the agent holds
// exactly the WETH and USDC it had, with no open leg to unwind.
func TestExecutorFrontRunLeavesNoOpenLeg(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	x := newExecAgent(t, w, 2)
	rng := rand.New(rand.NewPCG(22, 7))
	fr := w.signer(rng, map[string]int64{"WETH": 200})
	tr := w.client.Transactor(fr.Address(), fr.SignerFn(big.NewInt(devnet.ChainID)))
	weth, dexB := w.weth.Address, w.dexB
	if _, err := tr.Send(ctx, wallet.Intent{To: &weth, Data: tokenABIb.PackApprove(dexB, units(200, 18))}); err != nil {
		t.Fatal(err)
	}
	// The front-runner moves dex-b once the plan is simulated, checked and
	// recorded. The subscription holds one event: while the front-runner
	// works, the approval's TxSent fills it, so the runtime cannot publish
	// the approval's TxConfirmed, and so cannot send the round trip, until
	// the front-runner's swap is mined.
	sub := x.rt.Bus().Subscribe(1)
	defer sub.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case e := <-sub.C:
				if r, ok := e.(DecisionRecorded); !ok || r.Outcome != store.OutcomePending {
					continue
				}
				data := routerABIb.PackSwapExactTokensForTokens(units(60, 18), big.NewInt(0),
					[]common.Address{w.weth.Address, w.usdc.Address}, fr.Address(), big.NewInt(1<<40))
				if _, err := tr.Send(ctx, wallet.Intent{To: &dexB, Data: data}); err != nil {
					t.Error(err)
				}
			}
		}
	}()
	usdc0, weth0 := x.balance(t, w.usdc), x.balance(t, w.weth)
	if err := x.rt.tick(ctx, x.st); err != nil {
		t.Fatal(err)
	}
	last := x.last(t)
	if last.Outcome != store.OutcomeReverted || !strings.Contains(last.Error, dex.ExecutorMethod) {
		t.Fatalf("outcome %s (%q), want the executor call reverted", last.Outcome, last.Error)
	}
	if x.balance(t, w.weth).Cmp(weth0) != 0 || x.balance(t, w.usdc).Cmp(usdc0) != 0 {
		t.Fatalf("balances moved: WETH %s -> %s, USDC %s -> %s", weth0, x.balance(t, w.weth), usdc0, x.balance(t, w.usdc))
	}
	if trades, _ := w.db.Trades(ctx, "arb"); len(trades) != 0 {
		t.Fatalf("a reverted round trip booked %+v", trades)
	}
	obs, err := x.strat.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(obs.Summary, "Open leg") {
		t.Fatalf("open leg after an atomic revert: %s", obs.Summary)
	}
}

// The policy decodes the executor's calldata itself: the honest plan
// passes, and each tampering is denied with its reason.
func TestExecPolicyDeniesTamperedCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	x := newExecAgent(t, w, 3)
	obs, err := x.strat.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	honest, err := x.strat.Plan(ctx, obs, x.strat.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	if len(honest.Calls) != 2 {
		t.Fatalf("plan = %+v", honest.Calls)
	}
	args, err := execABI.Methods[dex.ExecutorMethod].Inputs.Unpack(honest.Calls[1].Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	amountIn := args[4].(*big.Int)
	// Another agent's executor: genuine code, but not this agent's.
	other := newExecAgent(t, w, 4)
	stranger := w.signer(rand.New(rand.NewPCG(5, 5)), nil).Address()
	check := func(p *strategies.Plan, slip int64) Verdict {
		intents := make([]wallet.Intent, len(p.Calls))
		for i, c := range p.Calls {
			to := c.To
			intents[i] = wallet.Intent{To: &to, Data: c.Data}
		}
		res, err := w.client.SimulateBundle(ctx, x.s.Address(), intents)
		if err != nil {
			t.Fatal(err)
		}
		sims := make([]CallSim, len(res))
		for i, r := range res {
			sims[i] = CallSim{OK: r.OK, Return: r.Return, GasUsed: r.GasUsed, Error: r.Error}
		}
		pol := *x.policy
		if slip > 0 {
			pol.MaxSlippageBps = slip
		}
		return pol.Check(CheckInput{Agent: x.s.Address(), Plan: p, Sims: sims, Marks: obs.Marks, Quote: x.quote})
	}
	if v := check(honest, 0); !v.Allowed {
		t.Fatalf("honest plan denied: %v", v.Reasons)
	}
	pack := func(edit func(a []any)) []byte {
		a := append([]any(nil), args...)
		edit(a)
		data, err := execABI.Pack(dex.ExecutorMethod, a...)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	approve := func(amount *big.Int) strategies.Call {
		return strategies.Call{To: w.usdc.Address, Data: tokenABIb.PackApprove(honest.Calls[1].To, amount)}
	}
	big5000 := units(5_000, 6)
	for _, tc := range []struct {
		name  string
		calls func() []strategies.Call
		want  string
		slip  int64 // the policy's slippage limit, when not the usual one
	}{
		{"proceeds to a stranger", func() []strategies.Call {
			return []strategies.Call{honest.Calls[0], {To: honest.Calls[1].To, Data: pack(func(a []any) { a[6] = stranger })}}
		}, "not the agent's wallet", 0},
		{"a router outside the policy", func() []strategies.Call {
			return []strategies.Call{honest.Calls[0], {To: honest.Calls[1].To, Data: pack(func(a []any) { a[3] = stranger })}}
		}, "not an allowed router", 0},
		{"over the per-trade cap", func() []strategies.Call {
			return []strategies.Call{approve(big5000), {To: honest.Calls[1].To, Data: pack(func(a []any) { a[4] = big5000 })}}
		}, "above the per-trade cap", 0},
		{"no approval before it", func() []strategies.Call {
			return []strategies.Call{honest.Calls[1]}
		}, "without an exact approval", 0},
		{"approval larger than the trade", func() []strategies.Call {
			return []strategies.Call{approve(new(big.Int).Add(amountIn, big.NewInt(1))), honest.Calls[1]}
		}, "not spent exactly", 0},
		{"another agent's executor", func() []strategies.Call {
			c := approve(amountIn)
			c.Data = tokenABIb.PackApprove(other.strat.Executor(), amountIn)
			return []strategies.Call{c, {To: other.strat.Executor(), Data: honest.Calls[1].Data}}
		}, "not the agent's own executor", 0},
		{"a token outside the policy", func() []strategies.Call {
			return []strategies.Call{honest.Calls[0], {To: honest.Calls[1].To, Data: pack(func(a []any) { a[1] = stranger })}}
		}, "not an allowed token", 0},
		{"no profit demanded under a tight slippage limit", func() []strategies.Call {
			return []strategies.Call{honest.Calls[0], {To: honest.Calls[1].To, Data: pack(func(a []any) { a[5] = new(big.Int) })}}
		}, "bps below the simulated", 5},
	} {
		v := check(&strategies.Plan{Summary: tc.name, Calls: tc.calls()}, tc.slip)
		if v.Allowed || !strings.Contains(strings.Join(v.Reasons, "; "), tc.want) {
			t.Errorf("%s: allowed %v, reasons %q; want a denial naming %q", tc.name, v.Allowed, v.Reasons, tc.want)
		}
	}
}

// executor: auto without the method in the policy can never trade: Boot
// refuses it and says what to add.
func TestBootExecutorNeedsTheMethod(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, `
agents:
  - name: arb
    strategy: dex.arbitrage
    model: rules
    mode: auto
    interval: 1s
    params: {executor: auto}
    fund: {ETH: "1", USDC: "1000"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, dex-b]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "1000"}
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 10
`, nil)
	_, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err == nil || !strings.Contains(err.Error(), "agents[0] (arb): executor") || !strings.Contains(err.Error(), "allowed_methods does not list arbitrage") {
		t.Fatalf("err = %v, want the executor step naming the missing method", err)
	}
}

// A paper round trip books both legs from the simulation: what the plan
// spends, the first leg's quoted output, and the simulated return.
func TestExecPaperTradesBookTheSimulatedRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	x := newExecAgent(t, w, 6)
	obs, err := x.strat.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := x.strat.Plan(ctx, obs, x.strat.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	intents := make([]wallet.Intent, len(plan.Calls))
	for i, c := range plan.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data}
	}
	res, err := w.client.SimulateBundle(ctx, x.s.Address(), intents)
	if err != nil {
		t.Fatal(err)
	}
	sim := CallSim{OK: res[1].OK, Return: res[1].Return}
	leg := 0
	trades := paperCall(x.policy, plan, plan.Calls[1], sim, &leg)
	if len(trades) != 2 || leg != 2 || !trades[0].Paper || !trades[1].Paper {
		t.Fatalf("paper trades = %+v", trades)
	}
	l1, l2 := plan.Trades[0], plan.Trades[1]
	if trades[0].AmountIn.Cmp(l1.AmountIn) != 0 || trades[0].AmountOut.Cmp(l1.QuotedOut) != 0 ||
		trades[1].AmountIn.Cmp(l1.QuotedOut) != 0 || trades[1].AmountOut.Cmp(l2.QuotedOut) != 0 ||
		trades[0].Venue != l1.Venue || trades[1].Venue != l2.Venue {
		t.Fatalf("paper trades %+v / %+v, plan legs %+v / %+v", trades[0], trades[1], l1, l2)
	}
	leg = 0
	if got := paperCall(x.policy, plan, plan.Calls[1], CallSim{OK: false}, &leg); len(got) != 0 || leg != 0 {
		t.Fatalf("a failed simulation booked %+v", got)
	}
}
