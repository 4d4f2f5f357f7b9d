package wallet

import (
	"errors"
	"os"
	"strings"
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
