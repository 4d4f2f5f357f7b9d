package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
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
