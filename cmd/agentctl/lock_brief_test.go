package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A lock names the command holding it, and a command that holds the
// runtime lock only to read the home's chain (verify, agent show) is waited
// for instead of being taken for a runtime. (Not parallel: it shortens
// briefWait.)
func TestLockNamesItsHolderAndWaitsForABriefOne(t *testing.T) {
	home := t.TempDir()
	pid := " (pid " + strconv.Itoa(os.Getpid()) + ")"
	runner := &app{home: home, command: "agentctl run"}
	reader := &app{home: home, command: "agentctl verify"}

	l, err := runner.lockHome(runtimeLockFile, "agents")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&app{home: home, command: "agentctl tui"}).lockHome(runtimeLockFile, "agents"); err == nil ||
		!strings.Contains(err.Error(), "`agentctl run`"+pid+" already runs agents") {
		t.Fatalf("a second runtime: %v", err)
	}
	if _, err := reader.lockHomeBrief(runtimeLockFile); err == nil || !strings.Contains(err.Error(), "`agentctl run`"+pid+" runs agents") {
		t.Fatalf("a reader beside a runtime: %v", err)
	}
	if got := reader.runtimePID(); got != os.Getpid() {
		t.Fatalf("runtimePID beside a runtime = %d", got)
	}
	l.Unlock()

	// A run starting while verify reads the chain waits for it.
	r, err := reader.lockHomeBrief(runtimeLockFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := runner.runtimePID(); got != 0 {
		t.Fatalf("a reader is taken for a runtime (pid %d)", got)
	}
	got := make(chan error, 1)
	go func() {
		l, err := runner.lockHome(runtimeLockFile, "agents")
		if err == nil {
			l.Unlock()
		}
		got <- err
	}()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-got:
		t.Fatalf("run did not wait for the reader: %v", err)
	default:
	}
	r.Unlock()
	if err := <-got; err != nil {
		t.Fatalf("run after the reader let go: %v", err)
	}

	// One that does not let go is named, not taken for a runtime.
	defer func(w time.Duration) { briefWait = w }(briefWait)
	briefWait = 100 * time.Millisecond
	r, err = reader.lockHomeBrief(runtimeLockFile)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Unlock()
	_, err = runner.lockHome(runtimeLockFile, "agents")
	if err == nil || !strings.Contains(err.Error(), "`agentctl verify`"+pid+" holds the home") ||
		!strings.Contains(err.Error(), "to read its chain") || strings.Contains(err.Error(), "already runs") {
		t.Fatalf("run beside a reader that stays: %v", err)
	}
}

// The lock file of an older agentctl holds only the pid.
func TestLockHolderOfAnOlderAgentctl(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/runtime.lock"
	if err := os.WriteFile(path, []byte("4242\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if h := readHolder(path); h.String() != "agentctl (pid 4242)" || h.brief {
		t.Fatalf("holder = %+v (%s)", h, h)
	}
}

// `agentctl run` started while a reader holds the runtime lock starts its
// agents once the reader lets go, instead of failing.
func TestRunStartsAfterABriefReader(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	r, err := (&app{home: home, command: "agentctl verify"}).lockHomeBrief(runtimeLockFile)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(500 * time.Millisecond)
		r.Unlock()
	}()
	code, stdout, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s")
	if code != 0 || strings.Contains(errs, "already runs") || !strings.Contains(stdout, "agent started") {
		t.Fatalf("run beside a brief reader: exit %d\n%s\n%s", code, errs, tail(stdout, 500))
	}
}

// verify opening the home's chain holds the runtime lock itself: it must
// not take itself for a runtime that has not recorded yet, so an emptied
// log still fails after the run has ended.
func TestVerifyOnTheHomeChainIsNoRuntimeToItself(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	if code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s"); code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, errs, tail(out, 1000))
	}
	d := openTamper(t, home)
	for _, table := range d.tables {
		if table != "schema_version" {
			d.exec("DELETE FROM " + table)
		}
	}
	out := cli(t, home, 1, "verify")
	if !strings.Contains(out, "holds no decision records at all") || strings.Contains(out, "the runtime running on this home") {
		t.Fatalf("verify of an emptied log on the home's chain:\n%s", out)
	}
}
