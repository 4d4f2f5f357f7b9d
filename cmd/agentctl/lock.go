package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Lock files in the home. One runtime per home: two would double every
// decision and hand out the same nonces. `agentctl devnet` holds its own
// lock, as it owns devnet.json. Read-only commands (log, verify, proof)
// take none and work beside either, except to open the home's chain while
// no runtime has it: they hold the runtime lock briefly, and a runtime
// starting then waits for them.
const (
	runtimeLockFile = "runtime.lock"
	devnetLockFile  = "devnet.lock"
)

// homeLock is an exclusive advisory lock (flock) on a file in the home,
// released by the kernel when the process dies, even by kill -9.
type homeLock struct{ fl *flock.Flock }

// briefWait is how long a command waits for a lock held by a command that
// holds it only for a moment (verify, agent show reading the home's chain).
var briefWait = 15 * time.Second

// briefHolder marks, in the lock file, a holder that lets go in a moment.
const briefHolder = "brief"

// lockHome takes the lock named file in the home for what ("agents"), or
// says which command holds it. A holder that reads briefly is waited for
// up to briefWait first.
func (a *app) lockHome(file, what string) (*homeLock, error) {
	return a.takeLock(file, what, false)
}

// lockHomeBrief takes the lock named file for a moment, to read what the
// lock guards: a command wanting the lock meanwhile waits for it.
func (a *app) lockHomeBrief(file string) (*homeLock, error) {
	return a.takeLock(file, "", true)
}

func (a *app) takeLock(file, what string, brief bool) (*homeLock, error) {
	path := filepath.Join(a.home, file)
	fl := flock.New(path, flock.SetPermissions(0o600))
	deadline := time.Now().Add(briefWait)
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		h := readHolder(path)
		if h.brief && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		switch {
		case h.brief:
			return nil, fmt.Errorf("%s holds the home %s (lock %s) to read its chain and has not let go for %v: try again once it ends",
				h, a.home, path, briefWait)
		case brief:
			return nil, fmt.Errorf("%s runs agents on the home %s (lock %s)", h, a.home, path)
		}
		return nil, fmt.Errorf("%s already runs %s on the home %s (lock %s): stop it first, or use another --home; `agentctl log`, `verify` and `proof` work beside it", h, what, a.home, path)
	}
	// The holder's PID and command, for the messages above; the flock is
	// what counts.
	content := strconv.Itoa(os.Getpid()) + "\n" + a.command + "\n"
	if brief {
		content += briefHolder + "\n"
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &homeLock{fl: fl}, nil
}

// lockHolder is what a lock file says of the process holding it.
type lockHolder struct {
	pid     int
	command string // "agentctl run"; "" from an older agentctl
	brief   bool
}

// readHolder reads the lock file at path: the holder's pid, then its
// command and whether it holds the lock briefly (an older agentctl wrote
// only the pid).
func readHolder(path string) lockHolder {
	b, err := os.ReadFile(path)
	if err != nil {
		return lockHolder{}
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var h lockHolder
	if pid, err := strconv.Atoi(strings.TrimSpace(lines[0])); err == nil && pid > 0 {
		h.pid = pid
	}
	if len(lines) > 1 {
		h.command = strings.TrimSpace(lines[1])
	}
	h.brief = len(lines) > 2 && strings.TrimSpace(lines[2]) == briefHolder
	return h
}

// String names the holder: "`agentctl verify` (pid 42)".
func (h lockHolder) String() string {
	name := "another agentctl process"
	if h.command != "" {
		name = "`" + h.command + "`"
	} else if h.pid > 0 {
		name = "agentctl"
	}
	if h.pid > 0 {
		name += fmt.Sprintf(" (pid %d)", h.pid)
	}
	return name
}

// Unlock releases the lock; the file stays (removing it would race a newcomer).
func (l *homeLock) Unlock() {
	if l != nil {
		l.fl.Unlock()
	}
}
