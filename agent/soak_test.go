package agent

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// The soak test is a long, messy, realistic session on the embedded devnet:
// the demo agents and an ask-mode agent whose approvals come late (some
// after the plan's TTL), noise traders, a front-runner that moves the pool
// in front of the agents' swaps so that they revert, a model server
// (Ollama's wire format) that goes down, comes back and sometimes answers
// nonsense, and an RPC path that drops and delays requests. At the end:
// PnL reconciles with equity for every agent, no agent stayed stuck for
// long, nothing outside policy was mined, no intent was sent twice, every
// log verifies and no arbitrage leg is left open. It prints its figures as
// a benchmark does.
//
// AGENTCTL_SOAK sets its length: `make soak` runs 10m, `make test` (and so
// CI) 2m. Unset, it is skipped with how to run it, so that `go test ./...`
// while developing stays quick; the make targets always set it.
func TestSoak(t *testing.T) {
	dur := soakDuration(t)
	ctx := context.Background()
	home := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("AGENTCTL_SOAK_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("soak: %s, seed %d (AGENTCTL_SOAK_SEED=%d repeats the model's, the RPC's and the front-runner's choices)", dur, seed, seed)

	net, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0", NoiseTraders: 3, Seed: int64(seed)})
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	fr := newSoakFrontRunner(t, net, seed)
	px := newSoakProxy(t, net.Manifest().RPC, fr, seed, dur)
	m := *net.Manifest()
	m.RPC = px.URL()
	if err := m.Save(home); err != nil {
		t.Fatal(err)
	}
	model := newFlakyModel(t, seed)
	env := map[string]string{"AGENTCTL_OLLAMA_HOST": model.URL, "AGENTCTL_IDENTITY": configs.IdentityOff}
	cfg := loadConfig(t, soakConfig, env)

	// The session.
	h, err := Boot(ctx, BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	stats := newSoakStats(seed)
	sub := h.Runtime.Bus().Subscribe(1 << 14)
	detach := h.Runtime.AttachApprover()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() { stats.watch(h.Runtime, sub, soakTTL, stop) })
	runCtx, cancel := context.WithTimeout(ctx, dur)
	h.Runtime.Run(runCtx)
	model.cycle(runCtx)
	px.cycle(runCtx)
	<-runCtx.Done()
	cancel()
	px.heal()
	model.heal()
	if !h.Runtime.Shutdown(time.Minute) {
		t.Error("the drain did not finish within a minute")
	}
	end := map[string]Snapshot{}
	for _, s := range h.Runtime.Snapshots() {
		end[s.Name] = s
	}
	detach()
	close(stop)
	wg.Wait()
	sub.Close()
	h.Close()

	// A second runtime on the same home, with the faults gone, settles
	// whatever the first left unknown: recovery runs before its first tick.
	h2, err := Boot(ctx, BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatalf("restart after the soak: %v", err)
	}
	defer h2.Close()
	ctx2, cancel2 := context.WithCancel(ctx)
	h2.Runtime.Run(ctx2)
	// PnL and valuation are judged on the restarted runtime's first ticks,
	// with the faults gone: a valuation the storm made fail at the very end
	// of the session is shown as such, which is right, but says nothing of
	// whether PnL reconciles.
	for _, name := range soakAgents {
		s := waitValued(t, h2.Runtime, name)
		s.Wallet = end[name].Wallet
		end[name] = s
	}
	cancel2()
	h2.Runtime.Shutdown(time.Minute)

	report := stats.check(t, ctx, h2, net, end)
	report += "\n" + model.figures() + "\n" + px.figures() + fmt.Sprintf("\nfront-runs: %d", fr.count())
	t.Log(report)
	fmt.Println(report)
}

var soakAgents = []string{"arbitrage", "careful", "momentum"}

const soakTTL = 3 * time.Second

func soakDuration(t *testing.T) time.Duration {
	v := os.Getenv("AGENTCTL_SOAK")
	if v == "" {
		t.Skip("the soak test runs with AGENTCTL_SOAK=<duration>: `make soak` (10m) or `make test` (2m)")
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 30*time.Second {
		t.Fatalf("AGENTCTL_SOAK=%q: want a duration of at least 30s, like 2m or 10m", v)
	}
	return d
}

// soakConfig: momentum on the flaky model (rules stand in while it is
// down), arbitrage on the rules brain, and a careful ask-mode momentum agent
// on dex-b whose approvals come late.
const soakConfig = `
models:
  default: ollama:qwen2.5:3b
  timeout: 3s
  retries: 0
  breaker: {failures: 3, cooldown: 5s}
anchoring: {enabled: true, every_records: 10, every: 10s, confirmations: 2}
agents:
  - name: momentum
    strategy: dex.momentum
    params: {dex: dex-a, base: WETH, quote: USDC, lookback: 5, threshold_bps: 20, max_trade: "1000", slippage_bps: 50}
    fallback_model: rules
    mode: auto
    interval: 2s
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: &dexpolicy
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, dex-b]
      allowed_methods: [approve, swapExactTokensForTokens, arbitrage]
      max_trade: {USDC: "2000", WETH: "1"}
      max_trade_quote: "2000"
      max_daily: {USDC: "100000", WETH: "40"}
      max_daily_quote: "100000"
      quote_token: USDC
      max_slippage_bps: 50
      max_gas_price_gwei: "100"
      max_trades_per_hour: 200
      drawdown_kill_pct: 50
  - name: arbitrage
    strategy: dex.arbitrage
    params: {dexes: [dex-a, dex-b], base: WETH, quote: USDC, max_trade: "1000", min_profit: "1", slippage_bps: 50, gas_units: 400000, executor: auto}
    model: rules
    mode: auto
    interval: 3s
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: *dexpolicy
  - name: careful
    strategy: dex.momentum
    params: {dex: dex-b, base: WETH, quote: USDC, lookback: 5, threshold_bps: 20, max_trade: "500", slippage_bps: 50}
    fallback_model: rules
    mode: ask
    approval_timeout: 10s
    approval_ttl: 3s
    interval: 2s
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: *dexpolicy
`

// waitValued waits for the agent's first valuation after a start.
func waitValued(t *testing.T, rt *Runtime, name string) Snapshot {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		for _, s := range rt.Snapshots() {
			if s.Name == name && s.Equity != "" && s.Ticks > 0 {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("agent %s was never valued", name)
	return Snapshot{}
}

// legitDenial says a denial is the policy doing its job (a limit reached),
// not an agent wedged by its own plans.
func legitDenial(reason string) bool {
	for _, s := range []string{"trades in the last hour", "daily spend", "drawdown", "above the policy cap"} {
		if strings.Contains(reason, s) {
			return true
		}
	}
	return false
}

// soakMaxStreak is the longest run of denied or failed decisions an agent
// may have for reasons of its own making: the stuck threshold.
const soakMaxStreak = 10

func ratOf(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a decimal: %q", s)
	}
	return r
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var _ = store.KindDecision
