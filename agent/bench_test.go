package agent

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// BenchmarkThousandAgents runs 1,000 agents in one process on a 1 s
// interval for 60 s (AGENTCTL_BENCH_DURATION; 10 s under -short;
// AGENTCTL_BENCH_AGENTS changes the count), each with a model that answers
// at once, a real store in a temporary directory and the devnet client:
//
//	go test -run '^$' -bench ThousandAgents -benchtime 1x ./agent
//
// It reports the missed ticks summed over every agent (Snapshot.Missed),
// the process's resident memory at the end (VmRSS) and its peak (VmHWM),
// and the loop's own time per decision.
//
// The strategy holds most of the time: Observe and Plan are in memory, and
// on one decision in a hundred the model says "buy", which plans a real
// approve and swap on dex-a that the bundle simulation runs on the devnet
// and the policy denies (no trades per hour), so the chain is exercised but
// nothing is sent. The loop's own time is measured from the events each
// tick publishes: DecisionRecorded.At - Observed.At (Observed is published
// right after Observe returns, DecisionRecorded right after the record is
// stored), less the time the model took (measured inside the model). It
// covers thinking (prompt, hash, parse), planning, the record written to
// SQLite and the events; think_p99_us and record_p99_us split it at the
// Decided event (before: prompt, hash, parse; after: plan, the SQLite
// append through the store's group commit, events). Ticks that reached the
// chain (the buys) are left out of these figures; their count and their
// own p99 (chain time included) are reported apart.
// Agents are added one interval/N apart after Run, as a running runtime
// would spread them, so their ticks do not all fall on the same instant.
// The store lives in the benchmark's temporary directory: TMPDIR=/dev/shm
// puts it on tmpfs, which separates the disk's share of record_p99_us
// (SQLite's WAL writes and checkpoints) from the loop's.
func BenchmarkThousandAgents(b *testing.B) {
	n := envInt(b, "AGENTCTL_BENCH_AGENTS", 1000, 1000)
	dur := 60 * time.Second
	if testing.Short() {
		dur = 10 * time.Second
	}
	if s := os.Getenv("AGENTCTL_BENCH_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			b.Fatalf("AGENTCTL_BENCH_DURATION=%q: want a positive duration such as 60s", s)
		}
		dur = d
	}
	var runs []benchResult
	for range b.N {
		runs = append(runs, runThousand(b, n, time.Second, dur))
	}
	med := func(f func(benchResult) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	b.ReportMetric(med(func(r benchResult) float64 { return float64(r.missed) }), "missed_ticks")
	b.ReportMetric(med(func(r benchResult) float64 { return float64(r.ticks) }), "ticks")
	b.ReportMetric(med(func(r benchResult) float64 { return r.rssMB }), "rss_MB")
	b.ReportMetric(med(func(r benchResult) float64 { return r.hwmMB }), "peak_rss_MB")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.p50) }), "loop_p50_us")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.p99) }), "loop_p99_us")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.max) }), "loop_max_us")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.thinkP99) }), "think_p99_us")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.recordP99) }), "record_p99_us")
	b.ReportMetric(med(func(r benchResult) float64 { return float64(r.chainTicks) }), "chain_ticks")
	b.ReportMetric(med(func(r benchResult) float64 { return us(r.chainP99) }), "chain_tick_p99_us")
	b.ReportMetric(0, "ns/op") // one op is a whole run; its time says nothing
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

type benchResult struct {
	missed, ticks, chainTicks uint64
	rssMB, hwmMB              float64
	p50, p99, max, chainP99   time.Duration
	thinkP99, recordP99       time.Duration
}

func runThousand(b *testing.B, n int, interval, dur time.Duration) benchResult {
	b.StopTimer()
	w := newWorld(b)
	rt := w.runtime()
	model := &timedModel{}
	sub := rt.Bus().Subscribe(1 << 17)
	meter := newLoopMeter(model)
	stop, done := make(chan struct{}), make(chan struct{})
	go func() { meter.read(sub, stop); close(done) }()
	policy, quote := w.policy(configs.Policy{
		AllowedTokens: []string{"WETH", "USDC"}, AllowedContracts: []string{"dex-a"},
		AllowedMethods: []string{"approve", "swapExactTokensForTokens"},
		MaxTrade:       map[string]configs.Decimal{"USDC": "100"}, QuoteToken: "USDC", MaxSlippageBps: 50,
		MaxTradesPerHour: 0, // every plan is denied: the benchmark sends nothing
	})
	ctx, cancel := context.WithCancel(context.Background())
	b.StartTimer()
	rt.Run(ctx)
	for i := range n {
		k, _ := crypto.GenerateKey()
		s := wallet.NewSigner(k)
		spec := Spec{Name: fmt.Sprintf("a%04d", i), Strategy: &holdStrategy{w: w, account: s.Address()},
			Brain: &ModelBrain{Model: llm.Model{Kind: llm.KindOllama, Name: "instant"}, Provider: model},
			Mode:  ModeAuto, Interval: interval, Policy: policy, Quote: quote, Signer: s}
		if err := rt.Add(spec); err != nil {
			b.Fatal(err)
		}
		time.Sleep(interval / time.Duration(n))
	}
	time.Sleep(dur)
	res := benchResult{}
	for _, s := range rt.Snapshots() {
		res.missed += s.Missed
		res.ticks += s.Ticks
	}
	res.rssMB, res.hwmMB = procMB("VmRSS"), procMB("VmHWM")
	cancel()
	b.StopTimer()
	if !rt.Shutdown(30 * time.Second) {
		b.Error("the runtime did not drain in 30 s")
	}
	close(stop)
	<-done
	sub.Close()
	res.p50, res.p99, res.max = meter.quantiles(meter.loop)
	_, res.chainP99, _ = meter.quantiles(meter.chain)
	res.chainTicks = uint64(len(meter.chain))
	_, res.thinkP99, _ = meter.quantiles(meter.think)
	_, res.recordP99, _ = meter.quantiles(meter.record)
	b.Logf("%d agents, %v: %d ticks, %d missed, %d decisions timed (%d dropped), %d reached the chain; rss %.0f MB (peak %.0f); loop p50 %v p99 %v max %v (p99 before Decided %v, after %v); goroutines at end %d",
		n, dur, res.ticks, res.missed, len(meter.loop), meter.unpaired, res.chainTicks, res.rssMB, res.hwmMB,
		res.p50, res.p99, res.max, res.thinkP99, res.recordP99, runtime.NumGoroutine())
	return res
}

// procMB reads a memory line of /proc/self/status in MB (0 if absent).
func procMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			return 0
		}
		return kb / 1024
	}
	return 0
}

// timedModel answers at once and keeps, per agent, the total time spent
// inside it, so the meter can take the model's time out of a tick.
type timedModel struct {
	calls atomic.Uint64
	spent sync.Map // agent -> *atomic.Int64 (ns)
}

const (
	benchHold = `{"action":"hold","size_bps":0,"confidence":0.9,"rationale":"flat"}`
	benchBuy  = `{"action":"buy","size_bps":100,"confidence":0.6,"rationale":"up"}`
)

func (m *timedModel) Decide(_ context.Context, req llm.Request) (llm.Reply, error) {
	start := time.Now()
	text := benchHold
	if m.calls.Add(1)%100 == 0 {
		text = benchBuy
	}
	r := llm.Reply{Text: text, JSON: json.RawMessage(text), Model: "instant", PromptTokens: 1, CompletionTokens: 1}
	v, ok := m.spent.Load(req.Agent)
	if !ok {
		v, _ = m.spent.LoadOrStore(req.Agent, new(atomic.Int64))
	}
	v.(*atomic.Int64).Add(int64(time.Since(start)))
	return r, nil
}

func (m *timedModel) Stream(ctx context.Context, req llm.Request, _ func(string)) (llm.Reply, error) {
	return m.Decide(ctx, req)
}

func (m *timedModel) Models(context.Context) ([]llm.ModelInfo, error) { return nil, nil }

func (m *timedModel) Status(context.Context) llm.Status {
	return llm.Status{Provider: "instant", Up: true}
}

func (m *timedModel) total(agent string) int64 {
	if v, ok := m.spent.Load(agent); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// loopMeter turns each agent's events into per-decision loop times.
type loopMeter struct {
	model       *timedModel
	observed    map[string]time.Time
	modelBefore map[string]int64
	chained     map[string]bool
	decided     map[string]time.Time
	// loop is each hold tick's time less the model's; think and record
	// split it at the Decided event: prompt, hash and parse before it, the
	// plan, the SQLite append and the events after.
	loop, think, record, chain []time.Duration
	unpaired                   int
}

func newLoopMeter(m *timedModel) *loopMeter {
	return &loopMeter{model: m, observed: map[string]time.Time{}, modelBefore: map[string]int64{}, chained: map[string]bool{}, decided: map[string]time.Time{}}
}

// read takes events until stop, then what is left in the buffer.
func (lm *loopMeter) read(sub *Subscription, stop <-chan struct{}) {
	for {
		select {
		case e := <-sub.C:
			lm.take(e)
		case <-stop:
			for {
				select {
				case e := <-sub.C:
					lm.take(e)
				default:
					return
				}
			}
		}
	}
}

func (lm *loopMeter) take(e Event) {
	name := e.AgentName()
	switch ev := e.(type) {
	case Observed:
		lm.observed[name], lm.chained[name] = ev.At, false
	case Decided:
		lm.decided[name] = ev.At
	case PolicyDenied, PaperTraded, ApprovalRequested, TxSent:
		lm.chained[name] = true
	case DecisionRecorded:
		if ev.Kind != store.KindDecision {
			return
		}
		start, ok := lm.observed[name]
		total := lm.model.total(name)
		modelTime := time.Duration(total - lm.modelBefore[name])
		lm.modelBefore[name] = total
		if !ok {
			lm.unpaired++ // its Observed event was dropped
			return
		}
		delete(lm.observed, name)
		if d := ev.At.Sub(start); lm.chained[name] {
			lm.chain = append(lm.chain, d-modelTime)
		} else {
			lm.loop = append(lm.loop, d-modelTime)
			lm.think = append(lm.think, lm.decided[name].Sub(start)-modelTime)
			lm.record = append(lm.record, ev.At.Sub(lm.decided[name]))
		}
	}
}

func (lm *loopMeter) quantiles(d []time.Duration) (p50, p99, max time.Duration) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2], s[len(s)*99/100], s[len(s)-1]
}

// holdStrategy is the benchmark's strategy: an in-memory observation, a
// strict parser, and a real approve-and-swap plan for the rare "buy".
type holdStrategy struct {
	w       *world
	account common.Address
	n       uint64
}

func (s *holdStrategy) Name() string { return "bench.hold" }

var holdSchema = json.RawMessage(`{"type":"object","properties":{"action":{"type":"string","enum":["buy","hold"]},` +
	`"size_bps":{"type":"integer","minimum":0,"maximum":10000},"confidence":{"type":"number"},"rationale":{"type":"string"}},` +
	`"required":["action","size_bps","confidence","rationale"],"additionalProperties":false}`)

func (s *holdStrategy) Schema() json.RawMessage { return holdSchema }
func (s *holdStrategy) Instructions() string {
	return "You watch one WETH/USDC pool. Hold unless the price clearly rises; then buy a little."
}

func (s *holdStrategy) Observe(context.Context) (*strategies.Observation, error) {
	s.n++
	facts := []byte(`{"tick":` + strconv.FormatUint(s.n, 10) + `}`)
	return &strategies.Observation{Strategy: s.Name(), Block: s.n, Time: time.Now(),
		Summary: "WETH/USDC mid price 3000 USDC; no change over the lookback.", Facts: facts,
		Untrusted: map[string]string{"base token name": "Wrapped Ether"}, Digest: crypto.Keccak256Hash(facts)}, nil
}

func (s *holdStrategy) Propose(*strategies.Observation) strategies.Decision {
	return strategies.Decision{Action: "hold", Params: json.RawMessage(`{"size_bps":0}`), Rationale: "flat"}
}

func (s *holdStrategy) Parse(raw json.RawMessage) (strategies.Decision, error) {
	var r struct {
		Action     string  `json:"action"`
		SizeBps    int64   `json:"size_bps"`
		Confidence float64 `json:"confidence"`
		Rationale  string  `json:"rationale"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return strategies.Decision{}, err
	}
	if r.Action != "hold" && r.Action != "buy" {
		return strategies.Decision{}, errors.New("action must be hold or buy")
	}
	if r.SizeBps < 0 || r.SizeBps > 10_000 {
		return strategies.Decision{}, errors.New("size_bps must be 0..10000")
	}
	params, _ := json.Marshal(map[string]int64{"size_bps": r.SizeBps})
	return strategies.Decision{Action: r.Action, Params: params, Confidence: r.Confidence, Rationale: r.Rationale}, nil
}

func (s *holdStrategy) Plan(_ context.Context, _ *strategies.Observation, d strategies.Decision) (*strategies.Plan, error) {
	if d.Action != "buy" {
		return nil, nil
	}
	amt := units(10, 6)
	path := []common.Address{s.w.usdc.Address, s.w.weth.Address}
	return &strategies.Plan{Summary: "buy WETH with 10 USDC on dex-a", Calls: []strategies.Call{
		{To: s.w.usdc.Address, Data: tokenABIb.PackApprove(s.w.dexA, amt), Method: "approve"},
		{To: s.w.dexA, Data: routerABIb.PackSwapExactTokensForTokens(amt, big.NewInt(1), path, s.account, big.NewInt(1<<40)),
			Method: "swapExactTokensForTokens"},
	}}, nil
}
