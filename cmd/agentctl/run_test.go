package main

import (
	"database/sql"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// A headless run on a fresh home trades on the devnet with both demo
// agents; the log shows rationale, tx hashes and outcomes; verify passes;
// an edited row makes verify fail naming its seq.
func TestRunHeadlessLogVerify(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	// Metrics on a port the system picks: 9464 may be another run's.
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")
	code, out, errs := runCLI(t, home, "run", "--headless", "--for", "6s")
	if code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 2000))
	}
	for _, want := range []string{`"msg":"agent started","agent":"momentum"`, `"msg":"agent started","agent":"arbitrage"`, `"msg":"stopped cleanly"`} {
		if !strings.Contains(out, want) {
			t.Errorf("run output lacks %s", want)
		}
	}
	// The last batches are anchored before the run says it stopped, not
	// behind its back in a deferred close.
	if _, after, ok := strings.Cut(out, `"msg":"stopped cleanly"`); ok && strings.Contains(after, `"msg":"anchor sent"`) {
		t.Errorf("anchors sent after \"stopped cleanly\":\n%s", after)
	}
	if !strings.Contains(out, `"msg":"anchor sent"`) {
		t.Errorf("run output lacks an anchor sent:\n%s", tail(out, 2000))
	}

	code, out, errs = runCLI(t, home, "log", "--json")
	if code != 0 {
		t.Fatalf("log exit %d: %s", code, errs)
	}
	agents := map[string]bool{}
	var confirmedTx bool
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			Agent, Kind, Outcome, Rationale, TxHash string
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		agents[r.Agent] = true
		if r.Kind == "decision" && r.Rationale == "" {
			t.Errorf("decision without rationale: %s", line)
		}
		if r.Kind == "completion" && r.Outcome == "confirmed" && r.TxHash != "" {
			confirmedTx = true
		}
	}
	if !agents["momentum"] || !agents["arbitrage"] || !confirmedTx {
		t.Fatalf("log: agents %v, a confirmed trade with tx hash: %v", agents, confirmedTx)
	}

	if code, out, errs = runCLI(t, home, "verify"); code != 0 {
		t.Fatalf("verify exit %d: %s %s", code, out, errs)
	}

	// Edit one field of one decision behind agentctl's back.
	db, err := sql.Open("sqlite3", filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	// The store refuses UPDATE with a trigger; an attacker drops it.
	if _, err := db.Exec(`DROP TRIGGER IF EXISTS records_no_update`); err != nil {
		t.Fatal(err)
	}
	var triggers []string
	rows, _ := db.Query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'records'`)
	for rows.Next() {
		var n string
		rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	for _, n := range triggers {
		db.Exec(`DROP TRIGGER ` + n)
	}
	if _, err := db.Exec(`UPDATE records SET obs_summary = 'nothing to see' WHERE agent = 'momentum' AND seq = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errs = runCLI(t, home, "verify")
	if code != 1 || !strings.Contains(out+errs, "momentum: seq 2") {
		t.Fatalf("verify after edit: exit %d, output %s %s; want exit 1 naming momentum seq 2", code, out, errs)
	}
}

func TestPaperConfigSendsNothing(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "paper.yaml")
	data, err := os.ReadFile("../../configs/example-paper.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfg, data, 0o600)
	code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "5s")
	if code != 0 {
		t.Fatalf("run exit %d: %s %s", code, errs, tail(out, 2000))
	}
	if strings.Contains(out, `"msg":"tx sent"`) {
		t.Fatal("a paper run sent a transaction")
	}
	if !strings.Contains(out, `"msg":"agent summary"`) || !strings.Contains(out, `"paper":true`) {
		t.Fatalf("paper PnL not reported:\n%s", tail(out, 3000))
	}
}

func TestVerifyWithoutDatabaseIsUsageError(t *testing.T) {
	code, _, errs := runCLI(t, t.TempDir(), "verify")
	if code != 2 || !strings.Contains(errs, "no decision log") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// TestRunMetricsPortTaken: a metrics address another process holds is a
// configuration error (exit 2) that says what to do, found before the
// run boots anything in the home.
func TestRunMetricsPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	code, _, errs := runCLI(t, home, "run", "--headless", "--for", "5s", "--metrics", l.Addr().String())
	if code != exitUsage || !strings.Contains(errs, "metrics.enabled: false") || !strings.Contains(errs, l.Addr().String()) {
		t.Fatalf("exit %d (want %d), stderr %q", code, exitUsage, errs)
	}
	if _, err := os.Stat(filepath.Join(home, "agentctl.db")); !os.IsNotExist(err) {
		t.Fatalf("the run booted before finding the port taken: %v", err)
	}
}
