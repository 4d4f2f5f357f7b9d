package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

const mcpTestConfig = `
chain:
  rpc: devnet
anchoring:
  enabled: false
identity:
  mode: "off"
agents:
  - name: wallet
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "500", WETH: "0.2"}
      max_trade_quote: "500"
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
mcp:
  clients:
    - name: editor
      agent: wallet
`

// From a clean home, `agentctl mcp` on stdio serves the SDK's client: it
// lists the tools, reads a balance, gets a swap executed within policy and
// a larger one denied with the policy's reason; `agentctl log` shows both
// as decisions by mcp:editor and `agentctl verify` passes.
func TestMcpCommandStdioEndToEnd(t *testing.T) {
	home := t.TempDir()
	cfg := writeTestFile(t, "config.yaml", mcpTestConfig)
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--home", home, "--config", cfg, "mcp", "--agent", "wallet"}, sr, sw, &stderr)
		sw.Close()
	}()
	cl := sdk.NewClient(&sdk.Implementation{Name: "editor", Version: "1"}, nil)
	cs, err := cl.Connect(ctx, &sdk.IOTransport{Reader: cr, Writer: cw}, nil)
	if err != nil {
		t.Fatalf("connect: %v\nstderr: %s", err, stderr.String())
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) < 10 {
		t.Fatalf("tools: %v %v", tools, err)
	}
	callTool := func(name string, args map[string]any) map[string]any {
		t.Helper()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: name, Arguments: args})
		if err != nil || res.IsError {
			t.Fatalf("%s: %v %+v", name, err, res)
		}
		m, _ := res.StructuredContent.(map[string]any)
		return m
	}
	bal := callTool("balances", map[string]any{})
	if !strings.Contains(toJSON(bal), `"amount":"20000","symbol":"USDC"`) {
		t.Fatalf("balances: %v", bal)
	}
	swap := map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "100"}
	if got := callTool("propose_swap", swap); got["outcome"] != "confirmed" {
		t.Fatalf("swap within policy: %v", got)
	}
	swap["amount_in"] = "800"
	if got := callTool("propose_swap", swap); got["verdict"] != "denied" || !strings.Contains(toJSON(got["reasons"]), "cap") {
		t.Fatalf("over-cap swap: %v", got)
	}
	cs.Close()
	cw.Close()
	if code := <-done; code != 0 {
		t.Fatalf("mcp exit %d: %s", code, stderr.String())
	}

	code, out, errs := runCLI(t, home, "--config", cfg, "log", "--json")
	if code != 0 {
		t.Fatalf("log exit %d: %s", code, errs)
	}
	var verdicts []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ Agent, Kind, Model, Verdict, Outcome string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line: %v: %s", err, line)
		}
		if r.Kind == "decision" && r.Model == "mcp:editor" {
			verdicts = append(verdicts, r.Verdict)
		}
	}
	if strings.Join(verdicts, ",") != "allowed,denied" {
		t.Fatalf("decisions by mcp:editor in the log: %v, want allowed,denied", verdicts)
	}
	if code, out, errs := runCLI(t, home, "--config", cfg, "verify"); code != 0 {
		t.Fatalf("verify exit %d: %s %s", code, out, errs)
	}
}

// Without an agent to act as, or with one that is not configured, the
// command is a usage error (exit 2) that says what to pass.
func TestMcpCommandUsage(t *testing.T) {
	home := t.TempDir()
	cfg := writeTestFile(t, "config.yaml", strings.Replace(mcpTestConfig, "mcp:\n  clients:\n    - name: editor\n      agent: wallet\n", "", 1))
	code, _, errs := runCLI(t, home, "--config", cfg, "mcp")
	if code != exitUsage || !strings.Contains(errs, "--agent NAME (configured: wallet)") {
		t.Fatalf("no agent: exit %d %s", code, errs)
	}
	code, _, errs = runCLI(t, home, "--config", cfg, "mcp", "--agent", "ghost")
	if code != exitUsage || !strings.Contains(errs, `no agent "ghost"`) {
		t.Fatalf("unknown agent: exit %d %s", code, errs)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
