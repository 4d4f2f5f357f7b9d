package wallet

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// A named account whose key file is truncated, emptied or overwritten is
// reported with the file and the problem, never as a missing account (which
// made agentctl try to create it again and fail with "already names").
func TestDamagedKeyFileNamesFileAndProblem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		damage func(b []byte) []byte
		want   string
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }, "truncated or corrupt"},
		{"empty", func([]byte) []byte { return nil }, "empty"},
		{"garbage", func([]byte) []byte { return []byte("\x00\x01not a key") }, "truncated or corrupt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ks := newTestKeystore(t)
			acc, err := ks.New("momentum", "pass-phrase-1")
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(acc.File)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(acc.File, c.damage(b), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = ks.Unlock("momentum", "pass-phrase-1")
			if !errors.Is(err, ErrCorruptKeystore) || errors.Is(err, ErrUnknownAccount) {
				t.Fatalf("Unlock: %v; want ErrCorruptKeystore, not an unknown account", err)
			}
			for _, want := range []string{acc.File, c.want, acc.Address.Hex()} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q lacks %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "already") {
				t.Errorf("%q blames the name", err)
			}
		})
	}
}

// errAfter is a context whose Err turns to Canceled after its first call:
// Ctrl-C arriving while the key is being encrypted.
type errAfter struct {
	context.Context
	calls atomic.Int32
}

func (c *errAfter) Err() error {
	if c.calls.Add(1) > 1 {
		return context.Canceled
	}
	return nil
}

// Ctrl-C during key creation leaves nothing behind: no key file, no name.
func TestNewContextInterruptedLeavesNothing(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		ctx  func() context.Context
	}{
		{"before", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}},
		{"during encryption", func() context.Context { return &errAfter{Context: context.Background()} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ks := newTestKeystore(t)
			before := snapshot(t, ks.Dir())
			_, err := ks.NewContext(c.ctx(), "momentum", "pass-phrase-1")
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("NewContext: %v; want it interrupted", err)
			}
			sameSnapshot(t, before, snapshot(t, ks.Dir()))
			if _, err := ks.Find("momentum"); !errors.Is(err, ErrUnknownAccount) {
				t.Fatalf("after an interrupted creation: %v", err)
			}
		})
	}
}
