package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/tools"
)

// The official MCP inspector's CLI (@modelcontextprotocol/inspector-cli,
// pinned in tools/package.json) launches `agentctl --home H mcp` for each
// call as its users script it: it lists the tools, reads a balance and
// the policy resource, gets a swap confirmed, a larger one denied with the
// cap, and for an unknown venue fails with the invalid-params error that
// names the field.
func TestMcpInspectorCLI(t *testing.T) {
	node := tools.Node(t)
	pkg := tools.Require(t, "@modelcontextprotocol/inspector-cli")
	bin := buildAgentctl(t)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, "config.yaml"), []byte(mcpTestConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	inspect := func(args ...string) (map[string]any, string, error) {
		t.Helper()
		cmd := exec.Command(node, append([]string{filepath.Join(pkg, "build", "index.js"), bin, "--home", home, "mcp"}, args...)...)
		// inspector-cli 1.0.3 looks for its package.json at ../package.json
		// of the working directory, then imports it relative to itself: run
		// it from its build directory so both agree.
		cmd.Dir = filepath.Join(pkg, "build")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var v map[string]any
		if err == nil {
			if jerr := json.Unmarshal(out, &v); jerr != nil {
				t.Fatalf("inspector %v: %v\n%s", args, jerr, out)
			}
		}
		return v, string(out) + stderr.String(), err
	}
	must := func(args ...string) map[string]any {
		t.Helper()
		v, out, err := inspect(args...)
		if err != nil {
			t.Fatalf("inspector %v: %v\n%s", args, err, tail(out, 3000))
		}
		return v
	}
	list := must("--method", "tools/list")
	if ts, _ := list["tools"].([]any); len(ts) != 12 {
		t.Fatalf("tools/list: %d tools, want 12", len(ts))
	}
	bal := must("--method", "tools/call", "--tool-name", "balances")
	if sc, _ := bal["structuredContent"].(map[string]any); sc["agent"] != "wallet" || !strings.Contains(toJSON(sc), `"amount":"20000","symbol":"USDC"`) {
		t.Fatalf("balances: %v", bal)
	}
	pol := must("--method", "resources/read", "--uri", "agentctl://policy")
	if !strings.Contains(toJSON(pol), `\"agent\": \"wallet\"`) {
		t.Fatalf("policy resource: %v", pol)
	}
	// The CLI parses each value as JSON first: amounts are quoted strings.
	swap := func(venue, amount string) []string {
		return []string{"--method", "tools/call", "--tool-name", "propose_swap", "--tool-arg", "venue=" + venue,
			"--tool-arg", "token_in=USDC", "--tool-arg", "token_out=WETH", "--tool-arg", `amount_in="` + amount + `"`}
	}
	ok, _ := must(swap("dex-a", "100")...)["structuredContent"].(map[string]any)
	if ok["verdict"] != "allowed" || ok["outcome"] != "confirmed" || ok["tx_hash"] == nil {
		t.Fatalf("swap within policy: %v", ok)
	}
	denied, _ := must(swap("dex-a", "800")...)["structuredContent"].(map[string]any)
	if denied["verdict"] != "denied" || !strings.Contains(toJSON(denied["reasons"]), "above the per-trade cap 500 USDC") {
		t.Fatalf("over-cap swap: %v", denied)
	}
	_, out, err := inspect(swap("dex-z", "1")...)
	if err == nil || !strings.Contains(out, "-32602") || !strings.Contains(out, `invalid argument venue: unknown venue "dex-z" (configured: dex-a`) {
		t.Fatalf("unknown venue: %v\n%s", err, tail(out, 2000))
	}
	if out, err := exec.Command(bin, "--home", home, "verify").CombinedOutput(); err != nil {
		t.Fatalf("agentctl verify: %v\n%s", err, out)
	}
}
