package main

import (
	"bytes"
	"context"
	"path/filepath"
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

// `agentctl log` shows what a person made of an ask-mode decision: one
// denied reads "allowed, approval denied", not "allowed skipped".
func TestLogTextShowsTheApproval(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	db, err := store.Open(filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ap := range []struct {
		approval store.Approval
		outcome  store.Outcome
	}{{store.ApprovalDenied, store.OutcomeSkipped}, {store.ApprovalTimeout, store.OutcomeSkipped},
		{store.ApprovalApproved, store.OutcomeFailed}, {store.ApprovalAuto, store.OutcomeFailed}} {
		if _, _, err := db.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: "momentum", Strategy: "dex.momentum", Model: "rules",
			Action: []byte(`{"action":"buy","rationale":"up"}`), Verdict: store.VerdictAllowed, Approval: ap.approval,
			Outcome: ap.outcome, Error: "no chain"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	out := cli(t, home, 0, "log")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var decisions []string
	for _, l := range lines {
		if strings.Contains(l, "momentum") {
			decisions = append(decisions, l)
		}
	}
	if len(decisions) != 4 {
		t.Fatalf("log shows %d decision lines, want 4:\n%s", len(decisions), out)
	}
	for i, want := range []string{"buy       allowed, approval denied skipped", "allowed, approval timed out skipped",
		"allowed, approved failed", "buy       allowed  failed"} {
		if !strings.Contains(decisions[i], want) {
			t.Errorf("line %d: %q lacks %q", i+1, decisions[i], want)
		}
	}
}

// An ask-mode decision names the approval id the TUI's Approvals showed,
// in the text log and in --json, so a person can find the one they
// answered.
func TestLogNamesTheApprovalID(t *testing.T) {
	t.Parallel()
	rec := store.Record{Kind: store.KindDecision, Agent: "momentum", Seq: 9, Time: time.Now(), Model: "rules",
		Action:     []byte(`{"action":"buy","params":{},"confidence":0.5,"rationale":"up"}`),
		Simulation: []byte(`{"summary":"swap 500 USDC for >= 0.1657 WETH on dex-a","calls":[],"approval":"9f2c41d07ab3e615"}`),
		Verdict:    store.VerdictAllowed, Approval: store.ApprovalDenied, Outcome: store.OutcomeSkipped}
	var b bytes.Buffer
	printRecord(&b, rec)
	if !strings.Contains(b.String(), "approval id: 9f2c41d07ab3e615") {
		t.Errorf("the text log lacks the approval id:\n%s", b.String())
	}
	if got := recordJSON(rec).ApprovalID; got != "9f2c41d07ab3e615" {
		t.Errorf("--json approvalId = %q", got)
	}
	b.Reset()
	rec.Simulation, rec.Approval = []byte(`{"summary":"hold","calls":[]}`), store.ApprovalAuto
	printRecord(&b, rec)
	if strings.Contains(b.String(), "approval id") {
		t.Errorf("an auto decision names an approval id:\n%s", b.String())
	}
}
