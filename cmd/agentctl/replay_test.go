package main

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/agent"
)

// After a headless run on the embedded default, replay matches every
// momentum decision from the log alone; a stored observation edited behind
// the log's back (triggers dropped) fails both verify and replay, exit 1.
func TestReplayAfterHeadlessRun(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	code, out, errs := runCLI(t, home, "replay", "--agent", "momentum")
	if code != 0 || !strings.Contains(out, "replayed identically") || strings.Contains(out, "MISMATCH") {
		t.Fatalf("replay: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := runCLI(t, home, "replay"); code != 2 || !strings.Contains(errs, "--agent") {
		t.Errorf("replay without --agent: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, home, "replay", "--agent", "momentum", "--seq", "1", "--to", "3"); code != 2 {
		t.Errorf("replay --seq with --to: exit %d, %s", code, errs)
	}

	raw, err := sql.Open("sqlite3", filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var hash []byte
	if err := raw.QueryRow(`SELECT hash FROM blobs WHERE data LIKE '{"strategy":"dex.momentum"%' LIMIT 1`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER blobs_no_update",
		`UPDATE blobs SET data = replace(data, '"history":', '"history":7') WHERE hash = ?`} {
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, hash)
		}
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if code, out, errs := runCLI(t, home, "verify", "--offline", "--agent", "momentum"); code != 1 || !strings.Contains(out+errs, "altered") {
		t.Errorf("verify after the edit: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, home, "replay", "--agent", "momentum")
	if code != 1 || !strings.Contains(out, "MISMATCH") || !strings.Contains(out, "altered") {
		t.Errorf("replay after the edit: exit %d\n%s\n%s", code, out, errs)
	}
}

// After a headless run of the four demo agents, every replayable decision
// of each replays with reply, plan and verdict identical, the plans made
// again offline from the chain reads recorded with them; an edited
// recorded chain answer fails the replay (exit 1).
func TestReplayEveryDemoAgentAfterHeadlessRun(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	for _, name := range []string{"momentum", "arbitrage", "forecaster", "auditor"} {
		code, out, errs := runCLI(t, home, "replay", "--agent", name, "--json")
		if code != 0 {
			t.Fatalf("replay --agent %s: exit %d\n%s\n%s", name, code, out, errs)
		}
		plans, n := 0, 0
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r agent.ReplayResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s: %q: %v", name, line, err)
			}
			if r.Unsupported {
				continue
			}
			n++
			if r.Reply != agent.MatchIdentical || r.Plan != agent.MatchIdentical || r.Verdict != agent.MatchIdentical || !r.OK() {
				t.Errorf("%s seq %d: %+v", name, r.Seq, r)
			}
			if r.Plan == agent.MatchIdentical {
				plans++
			}
		}
		if n == 0 {
			t.Errorf("%s: no decision replayed", name)
		}
		t.Logf("%s: %d decisions replayed, %d plans made again identically", name, n, plans)
	}

	// One recorded chain answer edited behind the log's back: verify finds
	// it, and replay refuses the plan's inputs.
	raw, err := sql.Open("sqlite3", filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var hash []byte
	if err := raw.QueryRow(`SELECT b.hash FROM blobs b WHERE b.data LIKE '[{"m":"%' AND instr(b.data, '"m":"call"') > 0 LIMIT 1`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER IF EXISTS blobs_no_update",
		`UPDATE blobs SET data = replace(data, '"m":"call"', '"m":"code"') WHERE hash = ?`} {
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, hash)
		}
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	failed := 0
	for _, name := range []string{"momentum", "arbitrage", "forecaster"} {
		code, out, _ := runCLI(t, home, "replay", "--agent", name)
		if code == 1 && strings.Contains(out, "MISMATCH") && strings.Contains(out, "altered") {
			failed++
			if code, out, errs := runCLI(t, home, "verify", "--offline", "--agent", name); code != 1 || !strings.Contains(out+errs, "altered") {
				t.Errorf("verify --agent %s after the edit: exit %d\n%s\n%s", name, code, out, errs)
			}
		} else if code != 0 {
			t.Errorf("replay --agent %s after the edit: exit %d\n%s", name, code, out)
		}
	}
	if failed != 1 {
		t.Errorf("%d agents' replays found the edited chain reads, want 1", failed)
	}
}
