package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
)

// Lock files in the home. One runtime per home: two would double every
// decision and hand out the same nonces. `agentctl devnet` holds its own
// lock, as it owns devnet.json. Read-only commands (log, verify, proof)
// take none and work beside either.
const (
	runtimeLockFile = "runtime.lock"
	devnetLockFile  = "devnet.lock"
)

// homeLock is an exclusive advisory lock (flock) on a file in the home,
// released by the kernel when the process dies, even by kill -9.
type homeLock struct{ fl *flock.Flock }

// lockHome takes the lock named file in the home for what, or says which
// process holds it.
func (a *app) lockHome(file, what string) (*homeLock, error) {
	path := filepath.Join(a.home, file)
	fl := flock.New(path, flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		holder := "another agentctl process"
		if b, err := os.ReadFile(path); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				holder = fmt.Sprintf("agentctl (pid %d)", pid)
			}
		}
		return nil, fmt.Errorf("%s already runs %s on the home %s (lock %s): stop it first, or use another --home; `agentctl log`, `verify` and `proof` work beside it", holder, what, a.home, path)
	}
	// The holder's PID, for the message above; the flock is what counts.
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &homeLock{fl: fl}, nil
}

// Unlock releases the lock; the file stays (removing it would race a newcomer).
func (l *homeLock) Unlock() {
	if l != nil {
		l.fl.Unlock()
	}
}
