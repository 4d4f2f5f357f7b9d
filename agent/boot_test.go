package agent

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
)

func loadConfig(t *testing.T, yaml string, env map[string]string) *configs.Config {
	t.Helper()
	opts := configs.LoadOptions{LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	if yaml != "" {
		opts.Data = []byte(yaml)
	}
	cfg, err := configs.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The embedded default boots on the devnet and both demo agents decide;
// the arbitrage agent trades the gap dex-b starts with.
func TestBootDefaultConfigTrades(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, "", map[string]string{"AGENTCTL_MODEL": "rules"})
	home := t.TempDir()
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	sub := h.Runtime.Bus().Subscribe(4096)
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	h.Runtime.Run(ctx)
	decided := map[string]bool{}
	traded := false
	deadline := time.After(60 * time.Second)
	for !(traded && decided["momentum"] && decided["arbitrage"]) {
		select {
		case e := <-sub.C:
			if r, ok := e.(DecisionRecorded); ok {
				decided[r.Agent] = true
				if r.Agent == "arbitrage" && r.Outcome == store.OutcomeConfirmed {
					traded = true
				}
			}
		case <-deadline:
			t.Fatalf("after 60s: decided %v, arbitrage traded %v", decided, traded)
		}
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)
	res, err := h.DB.VerifyAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK() {
			t.Fatalf("verify %v", r)
		}
	}
}

func TestBootRejectsUnresolvablePolicy(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, `
agents:
  - name: bad
    strategy: dex.momentum
    model: rules
    mode: paper
    interval: 1s
    policy:
      allowed_tokens: [WETH, NOPE]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 10
`, nil)
	_, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err == nil || !strings.Contains(err.Error(), "agents[0].policy.allowed_tokens") || !strings.Contains(err.Error(), "NOPE") {
		t.Fatalf("err = %v, want the policy path and the unknown token", err)
	}
}

// A strategy whose largest trade is above the policy's per-trade cap
// boots (smaller sizes still pass) with a warning that names both
// numbers; before, its full-size trades were denied on every tick with no
// word at start.
func TestBootWarnsWhenStrategySizeIsAboveThePolicyCap(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, `
agents:
  - name: big
    strategy: dex.momentum
    params: {max_trade: "1000"}
    model: rules
    mode: paper
    interval: 1s
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "250", WETH: "1"}
      max_trade_quote: "400"
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 10
  - name: fits
    strategy: dex.momentum
    params: {max_trade: "100"}
    model: rules
    mode: paper
    interval: 1s
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "250", WETH: "1"}
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 10
`, nil)
	var buf bytes.Buffer
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true,
		Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	out := buf.String()
	for _, want := range []string{
		"dex.momentum max_trade 1000 USDC is above policy.max_trade.USDC 250: trades above 250 (size_bps over 2500) are denied",
		"dex.momentum max_trade 1000 USDC is above policy.max_trade_quote 400 USDC: trades above 400 (size_bps over 4000) are denied",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "level=WARN msg=\"strategy size above") != 2 || strings.Contains(out, "agent=fits") {
		t.Fatalf("want two warnings for big and none for fits:\n%s", out)
	}
}
