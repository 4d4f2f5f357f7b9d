package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/tools"
)

// The official TypeScript SDK's client (another implementation than the
// Go SDK the server is built on) launches the agentctl binary as desktop
// agents do, accepts every tool's schemas, reads balances, gets a swap
// executed and receives a field-named invalid-params error.
func TestMcpInteropTypeScriptSDK(t *testing.T) {
	node := tools.Node(t)
	tools.Require(t, "@modelcontextprotocol/sdk")
	bin := buildAgentctl(t)
	home := t.TempDir()
	cfg := writeTestFile(t, "config.yaml", mcpTestConfig)
	calls := `[{"tool":"balances","args":{}},
		{"tool":"propose_swap","args":{"venue":"dex-a","token_in":"USDC","token_out":"WETH","amount_in":"10"}},
		{"tool":"propose_swap","args":{"venue":"dex-a","token_in":"USDC","token_out":"WETH","amount_in":"-1"}}]`
	cmd := exec.Command(node, filepath.Join(tools.Dir(), "mcp-client.mjs"), calls, "--",
		bin, "--home", home, "--config", cfg, "mcp", "--agent", "wallet")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("TypeScript client: %v\nstdout: %s\nstderr: %s", err, out, tail(stderr.String(), 3000))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 {
		t.Fatalf("want the tool list and 3 results, got:\n%s\nstderr: %s", out, tail(stderr.String(), 3000))
	}
	var list struct{ Tools []string }
	json.Unmarshal([]byte(lines[0]), &list)
	if len(list.Tools) != 12 {
		t.Fatalf("tools: %s", lines[0])
	}
	type result struct {
		Tool       string
		IsError    bool
		Error      string
		Structured map[string]any
	}
	var res [3]result
	for i := range res {
		if err := json.Unmarshal([]byte(lines[i+1]), &res[i]); err != nil {
			t.Fatal(err)
		}
	}
	if res[0].IsError || res[0].Structured["agent"] != "wallet" {
		t.Fatalf("balances: %s", lines[1])
	}
	if res[1].IsError || res[1].Structured["outcome"] != "confirmed" {
		t.Fatalf("swap: %s", lines[2])
	}
	if !strings.Contains(res[2].Error, "-32602") || !strings.Contains(res[2].Error, "amount_in") {
		t.Fatalf("bad amount: %s", lines[3])
	}
}
