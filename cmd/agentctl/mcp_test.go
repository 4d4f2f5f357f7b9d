package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
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
	ctx := context.Background()
	cs, stop := mcpStdio(t, ctx, "editor", "--home", home, "--config", cfg, "mcp", "--agent", "wallet")
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
	stop()

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

// mcpStdio runs `agentctl args…` in process as an MCP server over pipes
// and connects a client named client to it; stop hangs up and fails the
// test unless the command then exits 0.
func mcpStdio(t *testing.T, ctx context.Context, client string, args ...string) (*sdk.ClientSession, func()) {
	t.Helper()
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	var stderr bytes.Buffer
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, sr, sw, &stderr)
		sw.Close()
	}()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: client, Version: "1"}, nil).Connect(ctx, &sdk.IOTransport{Reader: cr, Writer: cw}, nil)
	if err != nil {
		cancel()
		t.Fatalf("connect: %v\nstderr: %s", err, stderr.String())
	}
	return cs, func() {
		t.Helper()
		defer cancel()
		cs.Close()
		cw.Close()
		if code := <-done; code != 0 {
			t.Fatalf("mcp exit %d: %s", code, stderr.String())
		}
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

// startMCP is what run and the TUI call: mcp.listen serves mcp.clients
// over HTTP with tokens from their token_env; an ask agent's proposal
// waits for the process's approver (the TUI) and completes when approved.
// A missing token variable is a usage error naming the setting.
func TestMcpStartFromConfigForRunAndTUI(t *testing.T) {
	cfgText := strings.Replace(mcpTestConfig, "mode: auto", "mode: ask", 1) +
		"    - name: remote\n      agent: wallet\n      token_env: AGENTCTL_TEST_MCP_TOKEN\n" +
		"  listen: 127.0.0.1:0\n"
	// The editor entry stays tokenless: loopback lets one client do that.
	cfg, err := configs.Load(configs.LoadOptions{Data: []byte(cfgText), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	host, err := agent.Boot(ctx, agent.BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	log := slog.New(slog.DiscardHandler)

	if _, err := startMCP(ctx, cfg, host, log); exitCode(err) != exitUsage || !strings.Contains(err.Error(), "mcp.clients[1].token_env") {
		t.Fatalf("unset token variable: %v", err)
	}
	const token = "remote-token-0123456789abcdef"
	t.Setenv("AGENTCTL_TEST_MCP_TOKEN", token)
	addr, err := startMCP(ctx, cfg, host, log)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Runtime.AttachApprover()()
	cl := sdk.NewClient(&sdk.Implementation{Name: "remote", Version: "1"}, nil)
	cs, err := cl.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: "http://" + addr.String() + "/mcp", MaxRetries: -1,
		HTTPClient: &http.Client{Transport: bearerTransport(token)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	type res struct {
		r   *sdk.CallToolResult
		err error
	}
	done := make(chan res, 1)
	go func() {
		r, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "propose_swap",
			Arguments: map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "20"}})
		done <- res{r, err}
	}()
	var id string
	for deadline := time.Now().Add(20 * time.Second); id == ""; time.Sleep(5 * time.Millisecond) {
		for _, req := range host.Runtime.Approvals() {
			if strings.Contains(req.Summary, "mcp:remote") {
				id = req.ID
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the proposal never reached the approval queue")
		}
	}
	if err := host.Runtime.Approve(id); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.r.IsError {
		t.Fatalf("approved swap: %v %+v", r.err, r.r)
	}
	if m, _ := r.r.StructuredContent.(map[string]any); m["approval"] != "approved" || m["outcome"] != "confirmed" {
		t.Fatalf("approved swap: %v", r.r.StructuredContent)
	}
}

type bearerTransport string

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}
