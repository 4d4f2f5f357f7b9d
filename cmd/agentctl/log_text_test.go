package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/store"
)

// The text log names a rules fallback in a few words and shows the plan's
// amounts; --json keeps the whole reason.
func TestLogTextShortModelAndPlan(t *testing.T) {
	t.Parallel()
	long := "rules (fallback: ollama:qwen2.5:3b unavailable: ollama: circuit breaker open after 7 consecutive failures; next try after 03:33:43 (last failure: ollama chat: cannot reach http://127.0.0.1:11434: connection r...)"
	for in, want := range map[string]string{
		long:                  "rules (ollama:qwen2.5:3b down)",
		"ollama:qwen2.5:3b":   "ollama:qwen2.5:3b",
		"rules":               "rules",
		"mcp:desk":            "mcp:desk",
		"rules (fallback: x)": "rules (x down)",
	} {
		if got := shortModel(in); got != want {
			t.Errorf("shortModel(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	printRecord(&b, store.Record{Kind: store.KindDecision, Agent: "momentum", Seq: 7, Time: time.Now(), Model: long,
		Action:     []byte(`{"action":"buy","params":{"size_bps":5000},"confidence":0.5,"rationale":"up"}`),
		Simulation: []byte(`{"summary":"swap 500 USDC for >= 0.1657 WETH on dex-a","calls":[]}`),
		Verdict:    store.VerdictAllowed, Outcome: store.OutcomePending})
	out := b.String()
	for _, want := range []string{"rules (ollama:qwen2.5:3b down)", "plan: swap 500 USDC for >= 0.1657 WETH on dex-a", "why: up"} {
		if !strings.Contains(out, want) {
			t.Errorf("log line lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "circuit breaker") {
		t.Errorf("the text line carries the fallback's whole reason:\n%s", out)
	}
}
