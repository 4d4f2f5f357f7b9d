package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// TestPredictScores prints per-agent and per-market scores from the log.
func TestPredictScores(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	cond := common.Hash{0xc0}
	for i, p := range []float64{0.8, 0.6} {
		seq, _, err := db.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: "seer", Strategy: "predict.forecaster",
			Model: "rules", Action: []byte(`{"action":"forecast"}`), Verdict: store.VerdictNone, Approval: store.ApprovalNone,
			Outcome: store.OutcomeSkipped, ObsSummary: "tick"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RecordForecasts(ctx, []store.Forecast{{Agent: "seer", Seq: seq, Model: "rules", Market: "dexb-premium",
			ConditionID: cond, Probabilities: []float64{p, 1 - p}, Confidence: 0.6}}); err != nil {
			t.Fatalf("forecast %d: %v", i, err)
		}
	}
	code, out, _ := runCLI(t, home, "predict", "scores")
	if code != 0 || !strings.Contains(out, "no scored forecasts yet (2 forecasts") {
		t.Fatalf("before resolution: exit %d\n%s", code, out)
	}
	if _, err := db.RecordResolution(ctx, store.Resolution{ConditionID: cond, Market: "dexb-premium", Payouts: []*big.Int{big.NewInt(1), big.NewInt(0)}, Block: 7}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errOut := runCLI(t, home, "predict", "scores", "--agent", "seer")
	// Mean Brier of (0.8-1)^2 = 0.04 and (0.6-1)^2 = 0.16.
	if code != 0 || !strings.Contains(out, "seer   rules  1        2          0.1000") || !strings.Contains(out, "[0.600 0.400]") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, home, "predict", "scores", "--json")
	var doc struct {
		Scores []store.Score `json:"scores"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Scores) != 1 || doc.Scores[0].Forecasts != 2 {
		t.Fatalf("--json: exit %d %s", code, out)
	}
	if code, _, errOut := runCLI(t, home, "predict", "scores", "--agent", "nobody"); code != exitUsage || !strings.Contains(errOut, `no records for agent "nobody"`) {
		t.Fatalf("unknown agent: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, t.TempDir(), "predict", "scores"); code != exitUsage || !strings.Contains(errOut, "no decision log") {
		t.Fatalf("no database: exit %d %s", code, errOut)
	}
}

// TestPredictMarkets lists the devnet's markets, with live prices when its
// node answers and without them when it runs in-process only.
func TestPredictMarkets(t *testing.T) {
	t.Parallel()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	home := t.TempDir()
	m := d.Manifest()
	if err := m.Save(home); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, home, "predict", "markets")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"dexb-premium  open", "Yes 0.3500, No 0.6500", "weth-3000", "wbtc-20", "usdc-depeg", "Will dex-b price WETH at least 1% above dex-a"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, home, "predict", "markets", "--json")
	var row marketRow
	if code != 0 || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &row) != nil || row.Status != "open" || len(row.Prices) != 2 || row.Fee != "2.00" {
		t.Fatalf("--json: exit %d %s", code, out)
	}

	m.RPC = ""
	offline := t.TempDir()
	if err := m.Save(offline); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, offline, "predict", "markets")
	if code != 0 || !strings.Contains(out, "dexb-premium  unknown") || !strings.Contains(errOut, "runs in-process only") {
		t.Fatalf("offline: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, t.TempDir(), "predict", "markets"); code != exitUsage || !strings.Contains(errOut, "no devnet manifest") {
		t.Fatalf("no manifest: exit %d %s", code, errOut)
	}
}

// TestRunForecasterHeadless: a forecaster agent configured in YAML runs
// headless on the devnet, buys into the mispriced market, and its decisions
// are in the log, verify passes, and its forecasts wait for resolution.
func TestRunForecasterHeadless(t *testing.T) {
	home := t.TempDir()
	cfg := writeTestFile(t, "forecaster.yaml", `agents:
  - name: seer
    strategy: predict.forecaster
    params:
      markets: [dexb-premium]
      priors: {dexb-premium: ["0.8", "0.2"]}
    model: rules
    mode: auto
    interval: 500ms
    fund: {ETH: "10", USDC: "5000"}
    policy:
      allowed_tokens: [USDC]
      allowed_contracts: [dexb-premium]
      allowed_methods: [approve, buy, sell, setApprovalForAll, redeemPositions]
      max_trade: {USDC: "300"}
      max_daily_quote: "5000"
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
      drawdown_kill_pct: 50
`)
	code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "4s")
	if code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 2000))
	}
	code, out, errs = runCLI(t, home, "log", "--json", "--agent", "seer")
	if code != 0 {
		t.Fatalf("log exit %d: %s", code, errs)
	}
	var bought bool
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			Kind, Outcome, Rationale string
			Action                   struct{ Action string }
			Simulation               struct{ Summary string }
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		if r.Kind == "decision" && (r.Action.Action != "forecast" || !strings.Contains(r.Rationale, "configured prior")) {
			t.Errorf("decision: %s", line)
		}
		if strings.HasPrefix(r.Simulation.Summary, "buy dexb-premium:Yes") {
			bought = true
		}
	}
	if !bought {
		t.Fatalf("no buy of dexb-premium Yes in the log:\n%s", out)
	}
	if code, out, errs = runCLI(t, home, "verify", "--agent", "seer"); code != 0 {
		t.Fatalf("verify exit %d: %s %s", code, out, errs)
	}
	if code, out, _ = runCLI(t, home, "predict", "scores", "--agent", "seer"); code != 0 || !strings.Contains(out, "no scored forecasts yet") {
		t.Fatalf("scores: exit %d %s", code, out)
	}
}

// TestPredictMarketsConfigured lists a real chain's chain.markets: a market
// given by its address alone is read from the chain (its prices, and
// "unknown" where the chain cannot say when it resolves), and an address
// that is no market is a configuration error naming it (exit 2).
func TestPredictMarketsConfigured(t *testing.T) {
	t.Parallel()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	m := d.Manifest()
	usdc, _ := m.Token("USDC")
	premium, _ := m.Market("dexb-premium")
	config := func(addr string) string {
		return writeTestFile(t, "markets.yaml", fmt.Sprintf(`chain:
  rpc: %s
  chain_id: 1337
  tokens:
    USDC: {address: "%s", decimals: 6}
  markets:
    premium:
      address: "%s"
identity: {mode: "off"}
anchoring: {enabled: false}
agents: []
`, m.RPC, usdc.Address.Hex(), addr))
	}
	home := t.TempDir() // no devnet manifest: the config names the chain
	code, out, errOut := runCLI(t, home, "--config", config(premium.Address.Hex()), "predict", "markets")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "premium  open    outcome 0 0.3500, outcome 1 0.6500  unknown") {
		t.Fatalf("output:\n%s", out)
	}
	code, out, _ = runCLI(t, home, "--config", config(premium.Address.Hex()), "predict", "markets", "--json")
	var row marketRow
	if code != 0 || json.Unmarshal([]byte(out), &row) != nil || row.ConditionID != premium.ConditionID.Hex() || row.Fee != "2.00" ||
		strings.Contains(out, "resolveBlock") {
		t.Fatalf("--json: exit %d %s", code, out)
	}
	code, _, errOut = runCLI(t, home, "--config", config(usdc.Address.Hex()), "predict", "markets")
	if code != exitUsage || !strings.Contains(errOut, "chain.markets.premium: "+usdc.Address.Hex()+" is not an FPMM: collateralToken()") {
		t.Fatalf("a token as a market: exit %d %s", code, errOut)
	}
}
