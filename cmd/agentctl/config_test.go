package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/configs"
)

func TestConfigShow(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	cfg := writeTestFile(t, "agentctl.yaml", `chain:
  rpc: https://alice:hunter2pass@rpc.example.org/?apikey=qwertyTOKEN
  chain_id: 11155111
  tokens:
    USDC: {address: "0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", decimals: 6}
anchoring: {enabled: false}
identity: {mode: "off"}
log: {level: debug, format: text}
agents:
  - name: watcher
    strategy: dex.momentum
    mode: paper
    policy: {allowed_tokens: [USDC]}
`)
	code, out, errOut := runCLI(t, home, "--config", cfg, "config", "show")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# merged configuration: built-in defaults < " + cfg, "level: debug", "format: text", "name: watcher", "wallet: watcher",
		"chain_id: 11155111", "alice:REDACTED@rpc.example.org", "apikey=REDACTED"} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"hunter2pass", "qwertyTOKEN", "name: momentum"} {
		if strings.Contains(out, secret) {
			t.Errorf("config show prints %q:\n%s", secret, out)
		}
	}

	code, out, errOut = runCLI(t, home, "--config", cfg, "config", "show", "--json")
	if code != exitOK {
		t.Fatalf("--json exit %d: %s", code, errOut)
	}
	var doc struct {
		Log    struct{ Level string } `json:"log"`
		Agents []struct{ Name string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Log.Level != "debug" || len(doc.Agents) != 1 || doc.Agents[0].Name != "watcher" {
		t.Errorf("--json = %v, %+v:\n%s", err, doc, out)
	}
	if strings.Contains(out, "hunter2pass") {
		t.Errorf("--json prints the RPC password")
	}
}

func TestConfigShowDefaultsAndHomeFile(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	code, out, errOut := runCLI(t, home, "config", "show")
	if code != exitOK || !strings.Contains(out, "name: momentum") || !strings.Contains(out, "name: arbitrage") || !strings.Contains(out, "rpc: devnet") {
		t.Fatalf("defaults: exit %d, %s\n%s", code, errOut, out)
	}
	// $AGENTCTL_HOME/config.yaml is read when no --config is given.
	if err := os.WriteFile(filepath.Join(home, "config.yaml"), []byte("metrics: {addr: \"127.0.0.1:9999\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, home, "config", "show")
	if code != exitOK || !strings.Contains(out, "addr: 127.0.0.1:9999") || !strings.Contains(out, filepath.Join(home, "config.yaml")) {
		t.Fatalf("home config: exit %d, %s\n%s", code, errOut, out)
	}
}

func TestConfigShowInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"validation", "agents:\n  - name: a\n    strategy: dex.momentum\n    mode: auto\n    policy:\n      max_slippage_bps: 20000\n  - name: a\n    strategy: dex.momentum\n    mode: often\n",
			[]string{"bad.yaml:6: agents[0].policy.max_slippage_bps: 20000 is above 10000 (100%)",
				`bad.yaml:7: agents[1].name: "a" is already the name of agents[0] (names must be unique)`,
				`bad.yaml:9: agents[1].mode: "often" is not a mode (use auto, ask or paper)`}},
		{"unknown key", "chain:\n  rpc: devnet\n  chainid: 5\n", []string{"bad.yaml:3: chain.chainid: unknown key (did you mean chain_id?)"}},
		{"unknown strategy", "agents:\n  - name: a\n    strategy: dex.momentun\n    mode: paper\n",
			[]string{`bad.yaml:3: agents[0].strategy: "dex.momentun" is not a known strategy (use one of audit.watch, dex.arbitrage, dex.momentum, predict.forecaster, predict.polymarket)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := writeTestFile(t, "bad.yaml", tt.yaml)
			code, out, errOut := runCLI(t, t.TempDir(), "--config", cfg, "config", "show")
			if code != exitUsage || out != "" {
				t.Fatalf("exit %d (want %d), stdout %q", code, exitUsage, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, filepath.Dir(cfg)+string(filepath.Separator)+want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
	code, _, errOut := runCLI(t, t.TempDir(), "--config", filepath.Join(t.TempDir(), "nope.yaml"), "config", "show")
	if code != exitUsage || !strings.Contains(errOut, "does not exist") {
		t.Errorf("missing file: exit %d, %s", code, errOut)
	}
}

func TestConfigExample(t *testing.T) {
	t.Parallel()
	code, out, errOut := runCLI(t, t.TempDir(), "config", "example")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	path := writeTestFile(t, "example.yaml", out)
	if _, err := configs.Load(configs.LoadOptions{Path: path, LookupEnv: func(string) (string, bool) { return "", false }}); err != nil {
		t.Errorf("the printed example does not load: %v", err)
	}
}
