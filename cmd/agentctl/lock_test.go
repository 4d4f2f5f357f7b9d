package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test start agentctl as another process: the test binary
// re-executed with AGENTCTL_TEST_ARGS runs the command line in it.
func TestMain(m *testing.M) {
	if raw := os.Getenv("AGENTCTL_TEST_ARGS"); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			panic(err)
		}
		limitFileSize()
		ctx, stop := context.WithCancel(context.Background())
		go func() {
			// The parent ends the child with SIGTERM.
			ch := make(chan os.Signal, 1)
			signalNotify(ch)
			<-ch
			stop()
		}()
		os.Exit(run(ctx, args, strings.NewReader(""), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// startAgentctl runs agentctl args... in a child process, with env added.
func startAgentctl(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "AGENTCTL_TEST_ARGS="+string(raw), "AGENTCTL_MODEL=rules"), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, &out
}

// waitExit waits for a child agentctl and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode()
}

// waitFor polls cond until it holds; the deadline only guards a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A second run on a home where another process runs the agents is refused
// naming that process's PID; log and verify still work beside it; once the
// first one stops, the home is free again.
func TestOneRuntimePerHome(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	first, out := startAgentctl(t, nil, "--home", home, "run", "--headless", "--metrics", "127.0.0.1:0")
	// A tick's decision, not boot's own records (the executor deployment):
	// the agents are running, so the SIGTERM below is a drain, not an abort.
	waitFor(t, "the first run to record a decision", func() bool {
		code, logOut, _ := runCLI(t, home, "log", "--json", "--agent", "momentum")
		return code == 0 && strings.Contains(logOut, `"kind":"decision"`)
	})
	pid := strconv.Itoa(first.Process.Pid)
	code, stdout, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s")
	if code != exitFailure || !strings.Contains(errs, "pid "+pid) || !strings.Contains(errs, home) {
		t.Fatalf("second run: exit %d, stderr %q; want 1 naming pid %s", code, errs, pid)
	}
	if strings.Contains(stdout, "agent started") {
		t.Fatalf("the second run started agents:\n%s", tail(stdout, 500))
	}
	if code, _, errs := runCLI(t, home, "verify", "--offline"); code != 0 {
		t.Fatalf("verify beside a running runtime: exit %d: %s", code, errs)
	}
	first.Process.Signal(syscall.SIGTERM)
	if code := waitExit(t, first); code != 0 {
		t.Fatalf("first run: exit %d\n%s", code, tail(out.String(), 1000))
	}
	// The home is free again: the next run starts its agents.
	code, stdout, errs = runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s")
	if strings.Contains(errs, "already runs") || !strings.Contains(stdout, "agent started") {
		t.Fatalf("run after the first stopped: exit %d\n%s\n%s", code, errs, tail(stdout, 500))
	}
}

// Two opens in one process conflict too (flock is per open file), and the
// lock is free again after Unlock.
func TestHomeLockInProcess(t *testing.T) {
	t.Parallel()
	a := &app{home: t.TempDir()}
	l, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.lockHome(runtimeLockFile, "agents"); err == nil || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second lock: %v", err)
	}
	// The devnet's lock is another one.
	d, err := a.lockHome(devnetLockFile, "a devnet")
	if err != nil {
		t.Fatal(err)
	}
	d.Unlock()
	l.Unlock()
	l2, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	l2.Unlock()
	if _, err := os.Stat(filepath.Join(a.home, runtimeLockFile)); err != nil {
		t.Fatal(err)
	}
}

func signalNotify(ch chan os.Signal) { signal.Notify(ch, syscall.SIGTERM, os.Interrupt) }
