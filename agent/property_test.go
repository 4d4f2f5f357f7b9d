package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// TestPropertyNoOutOfPolicySignature throws at least 100,000 random and
// adversarial model replies (replygen_test.go) at agents running the real
// dex.momentum and dex.arbitrage strategies on the devnet, through
// ModelBrain and the real policy, and judges every transaction an agent's
// key signs with an independent reading of its configured policy
// (invariant_test.go).
//
// The replies are split between two paths, because a full tick that trades
// waits for four receipts:
//
//   - full ticks (rt.tick, 2,000 by default, most of them on replies that
//     parse, some on replies that do not): observe, think, plan, simulate,
//     check, sign (recorded by the signer wrapper), send, record. The signed
//     transactions are judged, then the mined ones are booked against the
//     daily and hourly caps and their minOut is checked against the
//     router's quote on the block before them;
//   - every other reply goes through the same ModelBrain.Think, and a
//     decision that parses through the strategy's Plan, the bundle
//     simulation and Policy.Check exactly as tick does, stopping where tick
//     would sign: each plan the policy allows is judged as if signed.
//
// AGENTCTL_PROPERTY_SEED, _REPLIES and _FULL_TICKS override the seed (random
// by default, printed on failure), the number of replies and of full ticks;
// -short runs 10,000 replies.
func TestPropertyNoOutOfPolicySignature(t *testing.T) {
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("AGENTCTL_PROPERTY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("AGENTCTL_PROPERTY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	replies := envInt(t, "AGENTCTL_PROPERTY_REPLIES", 100_000, 10_000)
	full := envInt(t, "AGENTCTL_PROPERTY_FULL_TICKS", 2_000, 400)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("reproduce with AGENTCTL_PROPERTY_SEED=%d", seed)
		}
	})
	t.Logf("seed %d: %d replies, %d full ticks", seed, replies, full)
	for i, name := range []string{dex.MomentumName, dex.ArbitrageName} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newPropWorld(t, name, seed+uint64(i))
			share := replies / 2
			if i == 0 {
				share = replies - replies/2
			}
			p.run(share, full/2)
		})
	}
}

func envInt(t testing.TB, name string, def, short int) int {
	t.Helper()
	if s := os.Getenv(name); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("%s=%q: want a positive integer", name, s)
		}
		return v
	}
	if testing.Short() {
		return short
	}
	return def
}

// propAgent is one agent under test with its judge.
type propAgent struct {
	name   string
	mode   Mode
	policy *Policy
	quote  strategies.Token
	signer *wallet.Signer
	strat  strategies.Strategy
	model  *cannedModel
	brain  *ModelBrain
	st     *state
	log    *signLog
	b      bounds
	ledger *ledger
	queue  []string
	obs    *strategies.Observation
	stale  bool
	plans  int    // fast plans on obs
	spent  *Spend // what tick would read for obs; nil after a full tick
}

// propWorld is one devnet with a few agents of one strategy, a generator and
// a mover that pushes prices between decisions.
type propWorld struct {
	t      *testing.T
	w      *world
	rt     *Runtime
	rng    *rand.Rand
	gen    *replyGen
	agents []*propAgent
	mover  *mover

	violations []string
	fullTicks  int
	moved      int // full ticks at the last move
	stats      map[string]int
	dur        map[string]time.Duration
}

func tightPolicy(contracts ...string) configs.Policy {
	return configs.Policy{
		AllowedTokens: []string{"WETH", "USDC"}, AllowedContracts: contracts,
		AllowedMethods: []string{"approve", "swapExactTokensForTokens"},
		MaxTrade:       map[string]configs.Decimal{"USDC": "400", "WETH": "0.15"}, MaxTradeQuote: "450",
		MaxDaily: map[string]configs.Decimal{"USDC": "4000", "WETH": "1.5"}, MaxDailyQuote: "6000",
		QuoteToken: "USDC", MaxSlippageBps: 50, MaxGasPriceGwei: "100", MaxTradesPerHour: 25,
	}
}

func roomyPolicy(contracts ...string) configs.Policy {
	return configs.Policy{
		AllowedTokens: []string{"WETH", "USDC"}, AllowedContracts: contracts,
		AllowedMethods: []string{"approve", "swapExactTokensForTokens"},
		MaxTrade:       map[string]configs.Decimal{"USDC": "1000", "WETH": "0.5"}, MaxTradeQuote: "1000",
		MaxDaily:   map[string]configs.Decimal{"USDC": "10000000", "WETH": "100000"},
		QuoteToken: "USDC", MaxSlippageBps: 100, MaxGasPriceGwei: "100", MaxTradesPerHour: 1_000_000,
	}
}

func newPropWorld(t *testing.T, strategy string, seed uint64) *propWorld {
	w := newWorld(t)
	p := &propWorld{t: t, w: w, rt: w.runtime(), rng: rand.New(rand.NewPCG(seed, 0xa9e47)), stats: map[string]int{}, dur: map[string]time.Duration{}}
	actions, foreign := []string{"buy", "sell", "hold"}, []string{"arbitrage"}
	contracts := []string{"dex-a"}
	if strategy == dex.ArbitrageName {
		actions, foreign, contracts = []string{"arbitrage", "hold"}, []string{"buy", "sell"}, []string{"dex-a", "dex-b"}
	}
	p.gen = newReplyGen(p.rng, actions, foreign)
	for _, a := range []struct {
		name string
		mode Mode
		cp   configs.Policy
	}{
		{"tight", ModeAuto, tightPolicy(contracts...)},
		{"roomy", ModeAuto, roomyPolicy(contracts...)},
		{"paper", ModePaper, roomyPolicy(contracts...)},
	} {
		pa := &propAgent{name: a.name, mode: a.mode, log: &signLog{}, stale: true}
		pa.signer = w.signer(p.rng, map[string]int64{"USDC": 1_000_000, "WETH": 300})
		pa.policy, pa.quote = w.policy(a.cp)
		var err error
		if pa.b, err = boundsOf(pa.signer.Address(), a.cp, w.cat); err != nil {
			t.Fatal(err)
		}
		pa.ledger = newLedger(pa.b)
		pa.strat = w.strategy(strategy, pa.signer.Address(), nil)
		pa.model = &cannedModel{answer: func(llm.Request) string {
			if len(pa.queue) > 0 {
				s := pa.queue[0]
				pa.queue = pa.queue[1:]
				return s
			}
			return p.gen.next()
		}}
		pa.brain = modelBrain(pa.model)
		pa.st = w.add(p.rt, Spec{Name: a.name, Strategy: pa.strat, Brain: pa.brain, Mode: a.mode, Interval: time.Second,
			Policy: pa.policy, Quote: pa.quote, Signer: pa.signer, Assets: assets(pa.policy)}, pa.log)
		p.agents = append(p.agents, pa)
	}
	p.mover = newMover(w, p.rng, strategy == dex.ArbitrageName)
	return p
}

func (p *propWorld) served() int {
	n := 0
	for _, a := range p.agents {
		n += a.model.served()
	}
	return n
}

func (p *propWorld) fail(format string, args ...any) {
	p.violations = append(p.violations, fmt.Sprintf(format, args...))
}

// parses says whether the strategy accepts a reply, as DecideJSON would.
func parses(s strategies.Strategy, text string) bool {
	js, err := llm.ExtractJSON(text)
	if err != nil {
		return false
	}
	_, err = s.Parse(js)
	return err == nil
}

func (p *propWorld) run(replies, fullBudget int) {
	t, ctx := p.t, context.Background()
	start := time.Now()
	for step := 0; p.served() < replies; step++ {
		if p.fullTicks%20 == 19 && p.moved < p.fullTicks {
			p.moved = p.fullTicks
			t0 := time.Now()
			err := p.mover.move(ctx)
			p.dur["mover"] += time.Since(t0)
			if err != nil {
				t.Fatalf("mover: %v", err)
			}
			for _, a := range p.agents {
				a.stale = true
			}
		}
		a := p.agents[step%len(p.agents)]
		text := p.gen.next()
		a.queue = append(a.queue[:0], text)
		ok := parses(a.strat, text)
		t0 := time.Now()
		if p.fullTicks < fullBudget && (ok || p.rng.IntN(40) == 0) {
			p.full(ctx, a)
			p.dur["full"] += time.Since(t0)
		} else {
			p.fast(ctx, a)
			p.dur["fast"] += time.Since(t0)
		}
	}
	took := time.Since(start)
	t.Logf("durations %v", p.dur)
	if n := p.served(); n < replies {
		t.Errorf("only %d replies served, want %d", n, replies)
	}
	p.finish(ctx)
	t.Logf("%d replies (%d full ticks) in %v; kinds %v; paths %v", p.served(), p.fullTicks, took.Round(time.Millisecond), p.gen.kinds, p.stats)
	if len(p.violations) > 0 {
		t.Errorf("%d violations, first ones:\n%s", len(p.violations), strings.Join(p.violations[:min(20, len(p.violations))], "\n"))
	}
}

// full runs one real tick and judges what the agent signed in it.
func (p *propWorld) full(ctx context.Context, a *propAgent) {
	p.fullTicks++
	before := a.log.len()
	if err := p.rt.tick(ctx, a.st); err != nil {
		p.t.Fatalf("agent %s: tick: %v", a.name, err)
	}
	a.spent = nil
	signed := a.log.since(before)
	if len(signed) == 0 {
		p.stats["full:nothing signed"]++
		return
	}
	p.stats["full:signed plans"]++
	a.stale = true
	if a.mode == ModePaper {
		p.fail("%s (paper) signed %d transactions", a.name, len(signed))
	}
	v, legs := a.b.checkSigned(signed)
	for _, s := range v {
		p.fail("%s, signed plan: %s", a.name, s)
	}
	v, err := a.ledger.plan(ctx, p.w.client, legs)
	if err != nil {
		p.t.Fatal(err)
	}
	for _, s := range v {
		p.fail("%s, mined plan: %s", a.name, s)
	}
}

// fast runs the tick's steps up to the signature without sending.
func (p *propWorld) fast(ctx context.Context, a *propAgent) {
	t := p.t
	if a.obs == nil {
		a.refresh(t, ctx)
	}
	th, err := a.brain.Think(ctx, a.name, a.strat, a.obs)
	if err != nil {
		t.Fatalf("agent %s: think: %v", a.name, err)
	}
	if th.Failed != nil {
		p.stats["fast:failed reply"]++
		if th.Decision.Action != "" || len(th.Decision.Params) != 0 {
			p.fail("%s: a failed reply carries a decision %+v", a.name, th.Decision)
		}
		return
	}
	// A fresh observation costs as much as the plan: refresh a stale one
	// every 20 plans. Plan reads the pools itself; only the marks age.
	if a.stale && a.plans >= 20 {
		a.refresh(t, ctx)
	}
	a.plans++
	plan, err := a.strat.Plan(ctx, a.obs, th.Decision)
	if err != nil {
		p.stats["fast:plan refused"]++
		return
	}
	if plan == nil || len(plan.Calls) == 0 {
		p.stats["fast:no calls"]++
		return
	}
	intents := make([]wallet.Intent, len(plan.Calls))
	for i, c := range plan.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data, Value: c.Value}
	}
	from := a.signer.Address()
	sims, err := p.w.client.SimulateBundle(ctx, from, intents)
	if err != nil {
		t.Fatal(err)
	}
	fees, err := p.w.client.SuggestFees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.spent == nil {
		// Trades change only in full ticks, so this is what tick would read.
		spent, err := p.rt.spent(ctx, a.name, a.mode == ModePaper, a.quote, a.obs.Marks, a.policy)
		if err != nil {
			t.Fatal(err)
		}
		a.spent = &spent
	}
	spent := *a.spent
	callSims := make([]CallSim, len(sims))
	for i, s := range sims {
		callSims[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed, Error: s.Error}
	}
	verdict := a.policy.Check(CheckInput{Agent: from, Plan: plan, Sims: callSims, FeeCap: fees.FeeCap,
		Marks: a.obs.Marks, Quote: a.quote, Spent: spent})
	if !verdict.Allowed {
		p.stats["fast:denied"]++
		return
	}
	p.stats["fast:allowed"]++
	v, _ := a.b.checkCalls(callsOfPlan(plan))
	if a.b.maxFee != nil && fees.FeeCap.Cmp(a.b.maxFee) > 0 {
		v = append(v, fmt.Sprintf("fee cap %s above %s", fees.FeeCap, a.b.maxFee))
	}
	for _, s := range v {
		p.fail("%s, allowed plan %q: %s", a.name, plan.Summary, s)
	}
}

func (a *propAgent) refresh(t *testing.T, ctx context.Context) {
	obs, err := a.strat.Observe(ctx)
	if err != nil {
		t.Fatalf("agent %s: observe: %v", a.name, err)
	}
	a.obs, a.stale, a.plans, a.spent = obs, false, 0, nil
}

// finish checks the log against the signatures: every signed transaction
// belongs to a decision recorded as allowed before it was sent, failed
// replies carry no action, and each agent's hash chain verifies.
func (p *propWorld) finish(ctx context.Context) {
	t := p.t
	allowed, denied, failedReplies := 0, 0, 0
	for _, a := range p.agents {
		recs, err := p.w.db.Records(ctx, a.name, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		recorded := map[common.Hash]bool{}
		for _, r := range recs {
			if r.Kind != store.KindDecision {
				continue
			}
			var doc simulationDoc
			if len(r.Simulation) > 0 {
				if err := json.Unmarshal(r.Simulation, &doc); err != nil {
					p.fail("%s seq %d: simulation does not decode: %v", a.name, r.Seq, err)
				}
			}
			for _, tx := range doc.Txs {
				recorded[tx.Hash] = r.Verdict == store.VerdictAllowed && r.Approval == store.ApprovalAuto
			}
			switch {
			case r.Verdict == store.VerdictAllowed:
				allowed++
			case r.Verdict == store.VerdictDenied:
				denied++
			}
			if strings.HasPrefix(r.Error, "no valid decision") {
				failedReplies++
				if len(r.Action) != 0 || len(r.Simulation) != 0 || r.TxHash != (common.Hash{}) || r.Outcome != store.OutcomeFailed {
					p.fail("%s seq %d: a failed reply was recorded with an action or a transaction", a.name, r.Seq)
				}
				if len(r.Reply) == 0 {
					p.fail("%s seq %d: a failed reply was recorded without the raw reply", a.name, r.Seq)
				}
			}
		}
		for _, tx := range a.log.since(0) {
			if ok, found := recorded[tx.Hash()]; !found || !ok {
				p.fail("%s: tx %s was signed without an allowed, recorded decision (found %v)", a.name, tx.Hash().Hex(), found)
			}
		}
		res, err := p.w.db.Verify(ctx, a.name)
		if err != nil || !res.OK() {
			p.fail("%s: verify: %v %v", a.name, res, err)
		}
		p.stats["signed txs:"+a.name] = a.log.len()
	}
	p.stats["full:allowed"], p.stats["full:denied"], p.stats["full:failed replies"] = allowed, denied, failedReplies
	// A run that never signs, never denies or never fails a reply has not
	// tested anything: the mix of replies and caps is built to do all three.
	signed := 0
	for _, a := range p.agents {
		signed += a.log.len()
	}
	if signed == 0 || denied == 0 || failedReplies == 0 || p.stats["fast:allowed"] == 0 || p.stats["fast:denied"] == 0 {
		t.Errorf("the run did not exercise every path: signed %d, stats %v", signed, p.stats)
	}
}

// mover trades large amounts between decisions so prices and the gap
// between the DEXes move: momentum sees trends, arbitrage sees gaps.
type mover struct {
	w       *world
	rng     *rand.Rand
	tr      *wallet.Transactor
	from    common.Address
	routers []common.Address
}

func newMover(w *world, rng *rand.Rand, both bool) *mover {
	w.tb.Helper()
	s := w.signer(rng, map[string]int64{"USDC": 100_000_000, "WETH": 30_000})
	m := &mover{w: w, rng: rng, from: s.Address(), tr: w.client.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID))),
		routers: []common.Address{w.dexA}}
	if both {
		m.routers = append(m.routers, w.dexB)
	}
	ctx := context.Background()
	for _, r := range m.routers {
		for _, tok := range []common.Address{w.usdc.Address, w.weth.Address} {
			if _, err := m.tr.Send(ctx, wallet.Intent{To: &tok, Data: tokenABIb.PackApprove(r, units(1, 40))}); err != nil {
				w.tb.Fatal(err)
			}
		}
	}
	return m
}

func (m *mover) move(ctx context.Context) error {
	router := m.routers[m.rng.IntN(len(m.routers))]
	path := []common.Address{m.w.usdc.Address, m.w.weth.Address}
	amount := units(int64(10_000+m.rng.IntN(90_000)), 6)
	if m.rng.IntN(2) == 0 {
		slices.Reverse(path)
		amount = units(int64(3+m.rng.IntN(30)), 18)
	}
	data := routerABIb.PackSwapExactTokensForTokens(amount, big.NewInt(0), path, m.from, big.NewInt(1<<40))
	_, err := m.tr.Send(ctx, wallet.Intent{To: &router, Data: data})
	return err
}
