package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// buildAgentctl builds the binary into a test directory.
func buildAgentctl(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "agentctl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build agentctl: %v\n%s", err, out)
	}
	return bin
}

// Issue 13's first done-when, on the built binary as a desktop agent
// launches it: with the home's config.yaml binding one MCP client,
// `agentctl --home H mcp` serves the SDK's client over stdio, which lists
// the tools, reads a balance, gets a swap executed on the embedded devnet
// within policy and a larger one denied with the policy's reason; then
// `agentctl --home H log` shows both decisions by mcp:editor, the swap's
// transaction included, and `agentctl --home H verify` passes.
func TestMcpBinaryStdioDoneWhen(t *testing.T) {
	bin := buildAgentctl(t)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "config.yaml"), []byte(mcpTestConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cmd := exec.Command(bin, "--home", home, "mcp")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cl := sdk.NewClient(&sdk.Implementation{Name: "desktop-agent", Version: "1"}, nil)
	cs, err := cl.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("connect: %v\nstderr: %s", err, tail(stderr.String(), 3000))
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
	}
	for _, want := range []string{"balances", "propose_swap", "propose_transfer", "decision_log", "verify"} {
		if !slices.Contains(names, want) {
			t.Fatalf("tools %v lack %s", names, want)
		}
	}
	callTool := func(name string, args map[string]any) map[string]any {
		t.Helper()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: name, Arguments: args})
		if err != nil || res.IsError {
			t.Fatalf("%s: %v %+v\nstderr: %s", name, err, res, tail(stderr.String(), 3000))
		}
		m, _ := res.StructuredContent.(map[string]any)
		return m
	}
	if bal := callTool("balances", map[string]any{}); !strings.Contains(toJSON(bal), `"amount":"20000","symbol":"USDC"`) {
		t.Fatalf("balances: %v", bal)
	}
	swap := map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "100"}
	ok := callTool("propose_swap", swap)
	if ok["verdict"] != "allowed" || ok["outcome"] != "confirmed" || ok["tx_hash"] == nil {
		t.Fatalf("swap within policy: %v", ok)
	}
	swap["amount_in"] = "800"
	denied := callTool("propose_swap", swap)
	const reason = "above the per-trade cap 500 USDC"
	if denied["verdict"] != "denied" || !strings.Contains(toJSON(denied["reasons"]), reason) {
		t.Fatalf("over-cap swap: %v, want denied because %q", denied, reason)
	}
	if err := cs.Close(); err != nil {
		t.Fatalf("close: %v\nstderr: %s", err, tail(stderr.String(), 3000))
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("agentctl mcp exit %d: %s", code, tail(stderr.String(), 3000))
	}

	out, err := exec.Command(bin, "--home", home, "log", "--json").Output()
	if err != nil {
		t.Fatalf("agentctl log: %v", err)
	}
	type logged struct {
		Kind, Model, Verdict, Outcome, TxHash string
		Reasons                               []string
	}
	var mine []logged
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r logged
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line: %v: %s", err, line)
		}
		if r.Kind == "decision" && r.Model == "mcp:editor" { // the config's client name

			mine = append(mine, r)
		}
	}
	if len(mine) != 2 || mine[0].Verdict != "allowed" || !strings.EqualFold(mine[0].TxHash, ok["tx_hash"].(string)) ||
		mine[1].Verdict != "denied" || !strings.Contains(strings.Join(mine[1].Reasons, ";"), reason) {
		t.Fatalf("agentctl log's decisions by the MCP client: %+v\n%s", mine, out)
	}
	if out, err := exec.Command(bin, "--home", home, "verify").CombinedOutput(); err != nil {
		t.Fatalf("agentctl verify: %v\n%s", err, out)
	}
}
