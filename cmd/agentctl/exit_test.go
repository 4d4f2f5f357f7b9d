package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
)

// usedHome is a home after a short real run: keystore, manifest, database.
func usedHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s")
	if code != 0 {
		t.Fatalf("first run: exit %d\n%s\n%s", code, errs, tail(out, 500))
	}
	return home
}

// damagePage overwrites the root page of object in the database file.
func damagePage(t *testing.T, path, object string) {
	t.Helper()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, object).Scan(&root); err != nil {
		t.Fatal(err)
	}
	raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	raw.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", int(pageSize)/4)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
}

// A damaged database gives the same exit code, 1, for run, verify and log,
// each naming the file; run refuses to trade on it.
func TestDamagedDatabaseExitsOneEverywhere(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	db := filepath.Join(home, "agentctl.db")
	damagePage(t, db, "trades_agent_time")
	for _, args := range [][]string{
		{"run", "--headless", "--metrics", "127.0.0.1:0", "--for", "2s"},
		{"verify", "--offline"},
		{"log"},
	} {
		code, out, errs := runCLI(t, home, args...)
		if code != exitFailure || !strings.Contains(errs, db) || !strings.Contains(errs, "damaged") {
			t.Errorf("agentctl %v: exit %d, stderr %q; want 1 naming the damaged %s", args, code, errs, db)
		}
		if strings.Contains(out, "agent started") {
			t.Errorf("agentctl %v traded on a damaged database", args)
		}
	}
}

// makeReadOnly makes dir refuse new files. chmod does not stop root, so as
// root the directory is made immutable (chattr +i), which stops everyone.
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("running as root without chattr +i (%v: %s): no way to make a directory read-only here", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

// In a read-only home, run refuses at start and the read-only commands say
// the directory is not writable instead of "no such file or directory"
// about a database that exists.
func TestReadOnlyHome(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	makeReadOnly(t, home)
	for _, args := range [][]string{
		{"run", "--headless", "--metrics", "127.0.0.1:0", "--for", "2s"},
		{"log"},
		{"verify", "--offline"},
	} {
		code, out, errs := runCLI(t, home, args...)
		if code != exitFailure || !strings.Contains(errs, "not writable") || strings.Contains(errs, "no such file") {
			t.Errorf("agentctl %v in a read-only home: exit %d, stderr %q; want 1 saying the home is not writable", args, code, errs)
		}
		if strings.Contains(out, "agent started") {
			t.Errorf("agentctl %v started agents in a read-only home", args)
		}
	}
}

// A run whose database fills up exits 1 saying the log could not be
// written, where it used to exit 0. The disk is "full" through
// RLIMIT_FSIZE in a child process: no file may grow past half the
// database's size, so the write-ahead log fails within its first commits
// (EFBIG, as ENOSPC would), without a mount or a real full disk.
func TestRunThatCouldNotRecordFails(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	fi, err := os.Stat(filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	limit := "AGENTCTL_TEST_FSIZE=" + strconv.FormatInt(fi.Size()/2, 10)
	child, out := startAgentctl(t, []string{limit}, "--home", home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "6s")
	code := waitExit(t, child)
	if code != exitFailure || !strings.Contains(out.String(), "could not be written") {
		t.Fatalf("run with a full disk: exit %d; want 1 saying the log could not be written\n%s", code, tail(out.String(), 2000))
	}
}

// A run in which every agent sat paused at the end could not trade: it
// fails naming each agent and why. One agent still running is a success.
func TestEveryAgentPausedFailsTheRun(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	cfg, err := configs.Load(configs.LoadOptions{Flags: map[string]string{"anchoring.enabled": "false"}, LookupEnv: func(k string) (string, bool) {
		if k == "AGENTCTL_MODEL" {
			return "rules", true
		}
		return "", false
	}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rt := h.Runtime
	names := []string{}
	for _, s := range rt.Snapshots() {
		names = append(names, s.Name)
	}
	if len(names) < 2 {
		t.Fatalf("demo agents: %v", names)
	}
	if err := rt.Pause(names[0], "drawdown kill switch"); err != nil {
		t.Fatal(err)
	}
	if err := runResult(rt.Snapshots(), h.DB); err != nil {
		t.Fatalf("one agent could still trade, yet: %v", err)
	}
	for _, n := range names[1:] {
		rt.Pause(n, "paused by the operator")
	}
	err = runResult(rt.Snapshots(), h.DB)
	if err == nil || exitCode(err) != exitFailure {
		t.Fatalf("every agent paused: %v; want a failure", err)
	}
	for _, want := range append(names, "drawdown kill switch", "paused by the operator") {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

// A truncated agent key file stops run naming the file and the problem; it
// used to say the account name was already in use.
func TestRunWithTruncatedKeyFile(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	home := usedHome(t)
	files, err := filepath.Glob(filepath.Join(home, "keystore", "UTC--*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("key files: %v %v", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], b[:len(b)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "2s")
	if code != exitFailure || !strings.Contains(errs, files[0]) || !strings.Contains(errs, "truncated") || strings.Contains(errs, "already") {
		t.Fatalf("run with a truncated key file: exit %d, stderr %q; want 1 naming %s", code, errs, files[0])
	}
	if strings.Contains(out, "agent started") {
		t.Error("agents started with a damaged key file")
	}
}

// Ctrl-C (the signal context ending) during `wallet new` leaves no key
// file and no name behind, and exits 1.
func TestWalletNewInterruptedLeavesNothing(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_PASSWORD", "pw")
	if code, _, errs := runCLI(t, home, "wallet", "list"); code != 0 {
		t.Fatalf("wallet list: %s", errs)
	}
	before := keystoreFiles(t, home)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	code := run(ctx, []string{"--home", home, "wallet", "new", "--name", "alice"}, strings.NewReader(""), &out, &errb)
	if code != exitFailure || !strings.Contains(errb.String(), "nothing was written") {
		t.Fatalf("interrupted wallet new: exit %d, stderr %q", code, errb.String())
	}
	after := keystoreFiles(t, home)
	if len(after) != len(before) {
		t.Fatalf("files before %v, after %v", before, after)
	}
	for f, v := range before {
		if after[f] != v {
			t.Errorf("%s changed", f)
		}
	}
}

// Configuration errors exit 2 with file:line for each, whether found when
// the file is read (all at once) or when the agents meet the chain's
// tokens and venues (those exited 1 without a line).
func TestConfigErrorsExitTwoWithFileLine(t *testing.T) {
	t.Setenv("AGENTCTL_MODEL", "rules")
	agent := func(params, policy string) string {
		return "agents:\n  - name: a\n    strategy: dex.momentum\n    mode: auto\n    interval: 1s\n" +
			"    params: {" + params + "}\n    policy: {" + policy + "}\n"
	}
	good := `allowed_tokens: [WETH, USDC], allowed_contracts: [dex-a], quote_token: USDC, max_trade: {USDC: "1"}`
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"two at load", "log:\n  level: loud\n  format: xml\n", []string{":2: log.level", ":3: log.format"}},
		{"unknown token", agent(`dex: dex-a, base: WETH, quote: USDC, max_trade: "1"`, `allowed_tokens: [FOO, USDC], allowed_contracts: [dex-a], quote_token: USDC, max_trade: {USDC: "1"}`),
			[]string{":7: agents[0].policy.allowed_tokens", `"FOO"`}},
		{"unknown dex", agent(`dex: dex-z, base: WETH, quote: USDC, max_trade: "1"`, good), []string{":6: agents[0].params.dex", `"dex-z"`}},
		// A pair the venue has no pool for: said at start, not every tick.
		{"no pool", agent(`dex: dex-a, base: WBTC, quote: USDC, max_trade: "1"`, `allowed_tokens: [WBTC, USDC], allowed_contracts: [dex-a], quote_token: USDC, max_trade: {USDC: "1"}`),
			[]string{":6: agents[0].params.base", "dex-a has no WBTC/USDC pool to trade", "or dex to a venue with a WBTC/USDC pool"}},
		{"no pool for an arbitrage", "agents:\n  - name: a\n    strategy: dex.arbitrage\n    mode: auto\n    interval: 1s\n" +
			"    params: {dexes: [dex-a, dex-b], base: WBTC, quote: USDC, max_trade: \"1\", min_profit: \"1\", slippage_bps: 50}\n" +
			"    policy: {allowed_tokens: [WBTC, USDC], allowed_contracts: [dex-a, dex-b], quote_token: USDC, max_trade: {USDC: \"1\"}}\n",
			[]string{":6: agents[0].params.dexes", "dex-a has no WBTC/USDC pool to trade"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := writeTestFile(t, "agentctl.yaml", c.yaml)
			code, out, errs := runCLI(t, t.TempDir(), "--config", cfg, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s")
			if code != exitUsage {
				t.Fatalf("exit %d, want 2\nstderr: %s\nstdout: %s", code, errs, tail(out, 500))
			}
			for _, w := range c.want {
				if strings.HasPrefix(w, ":") {
					w = cfg + w
				}
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q: %s", w, errs)
				}
			}
		})
	}
}
