package wallet

import (
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

const (
	alicePass = "Alice-Passphrase-7"
	wrongPass = "Wrong-Passphrase-9"
	otherPass = "Other-Passphrase-3"
)

// failCase is one bad input: op must fail with want and leave the keystore
// byte-identical, and its error must not contain any secret.
type failCase struct {
	name    string
	prepare func(t *testing.T, ks *Keystore) // damages the keystore before the snapshot
	op      func(ks *Keystore) error
	want    error
}

func TestFailuresLeaveKeystoreUnchanged(t *testing.T) {
	t.Parallel()
	// One keystore with "alice" (the public dev key), copied for every case.
	tmpl := newTestKeystore(t)
	alice, err := tmpl.ImportPrivateKey("alice", devKeyHex, alicePass)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := crypto.GenerateKey()
	otherHex := hex.EncodeToString(crypto.FromECDSA(otherKey))
	otherJSON := lightKeyJSON(t, otherKey, otherPass)
	secrets := []string{devKeyHex, otherHex, alicePass, wrongPass, otherPass, "abandon", "junk"}

	importJSON := func(b []byte) func(ks *Keystore) error {
		return func(ks *Keystore) error { _, err := ks.ImportKeystore("other", b, otherPass, alicePass); return err }
	}
	importKey := func(k string) func(ks *Keystore) error {
		return func(ks *Keystore) error { _, err := ks.ImportPrivateKey("other", k, alicePass); return err }
	}
	newNamed := func(name, pass string) func(ks *Keystore) error {
		return func(ks *Keystore) error { _, err := ks.New(name, pass); return err }
	}
	mutated := func(f func(m map[string]any)) []byte { return mutateJSON(t, otherJSON, f) }
	aliceFile := func(ks *Keystore) string { return filepath.Join(ks.Dir(), filepath.Base(alice.File)) }

	cases := []failCase{
		{name: "duplicate name", op: newNamed("alice", alicePass), want: ErrDuplicateName},
		{name: "empty name", op: newNamed("", alicePass), want: ErrInvalidName},
		{name: "upper-case name", op: newNamed("Alice", alicePass), want: ErrInvalidName},
		{name: "address-like name", op: newNamed("0xabc", alicePass), want: ErrInvalidName},
		{name: "name with space", op: newNamed("a b", alicePass), want: ErrInvalidName},
		{name: "name too long", op: newNamed(strings.Repeat("a", 33), alicePass), want: ErrInvalidName},
		{name: "empty passphrase", op: newNamed("bob", ""), want: ErrEmptyPassphrase},
		{name: "same key twice", op: importKey(devKeyHex), want: ErrDuplicateAccount},
		{name: "bad hex", op: importKey("zz" + otherHex[2:]), want: ErrInvalidKey},
		{name: "short key", op: importKey(otherHex[:62]), want: ErrInvalidKey},
		{name: "long key", op: importKey(otherHex + "00"), want: ErrInvalidKey},
		{name: "zero key", op: importKey(strings.Repeat("0", 64)), want: ErrInvalidKey},
		{name: "key above group order", op: importKey(strings.Repeat("f", 64)), want: ErrInvalidKey},
		{name: "keystore wrong passphrase", op: func(ks *Keystore) error {
			_, err := ks.ImportKeystore("other", otherJSON, wrongPass, alicePass)
			return err
		}, want: ErrWrongPassphrase},
		{name: "keystore not JSON", op: importJSON([]byte("hello")), want: ErrCorruptKeystore},
		{name: "keystore truncated", op: importJSON(otherJSON[:len(otherJSON)/2]), want: ErrCorruptKeystore},
		{name: "keystore version 1", op: importJSON(mutated(func(m map[string]any) { m["version"] = "1" })), want: ErrCorruptKeystore},
		{name: "keystore without crypto", op: importJSON(mutated(func(m map[string]any) { delete(m, "crypto") })), want: ErrCorruptKeystore},
		{name: "scrypt n missing", op: importJSON(mutated(func(m map[string]any) { delete(kdfParams(m), "n") })), want: ErrCorruptKeystore},
		{name: "scrypt n not power of two", op: importJSON(mutated(func(m map[string]any) { kdfParams(m)["n"] = 1000 })), want: ErrCorruptKeystore},
		{name: "scrypt n huge", op: importJSON(mutated(func(m map[string]any) { kdfParams(m)["n"] = 1 << 30 })), want: ErrCorruptKeystore},
		{name: "dklen 16", op: importJSON(mutated(func(m map[string]any) { kdfParams(m)["dklen"] = 16 })), want: ErrCorruptKeystore},
		{name: "unknown kdf", op: importJSON(mutated(func(m map[string]any) { m["crypto"].(map[string]any)["kdf"] = "argon2id" })), want: ErrCorruptKeystore},
		{name: "unknown cipher", op: importJSON(mutated(func(m map[string]any) { m["crypto"].(map[string]any)["cipher"] = "aes-256-gcm" })), want: ErrCorruptKeystore},
		{name: "mac missing", op: importJSON(mutated(func(m map[string]any) { delete(m["crypto"].(map[string]any), "mac") })), want: ErrCorruptKeystore},
		{name: "address does not match key", op: importJSON(mutated(func(m map[string]any) { m["address"] = strings.TrimPrefix(strings.ToLower(devAddrHex), "0x") })), want: ErrCorruptKeystore},
		{name: "mnemonic bad checksum", op: func(ks *Keystore) error {
			_, err := ks.ImportMnemonic("other", strings.Repeat("abandon ", 12), "", 0, alicePass)
			return err
		}, want: ErrInvalidMnemonic},
		{name: "mnemonic index out of range", op: func(ks *Keystore) error {
			_, err := ks.ImportMnemonic("other", testMnemonic, "", 1<<31, alicePass)
			return err
		}, want: ErrInvalidMnemonic},
		{name: "mnemonic account already present", op: func(ks *Keystore) error {
			_, err := ks.ImportMnemonic("other", testMnemonic, "", 0, alicePass)
			return err
		}, want: ErrDuplicateAccount},
		{name: "export unknown name", op: func(ks *Keystore) error { _, err := ks.Export("nobody", alicePass); return err }, want: ErrUnknownAccount},
		{name: "export wrong passphrase", op: func(ks *Keystore) error { _, err := ks.Export("alice", wrongPass); return err }, want: ErrWrongPassphrase},
		{name: "unlock wrong passphrase", op: func(ks *Keystore) error { _, err := ks.Unlock(devAddrHex, wrongPass); return err }, want: ErrWrongPassphrase},
		{name: "unlock unknown address", op: func(ks *Keystore) error {
			_, err := ks.Unlock("0x0000000000000000000000000000000000000001", alicePass)
			return err
		}, want: ErrUnknownAccount},
		{name: "unlock malformed address", op: func(ks *Keystore) error { _, err := ks.Unlock("0x1234", alicePass); return err }, want: ErrUnknownAccount},
		{
			name: "key file damaged on disk",
			prepare: func(t *testing.T, ks *Keystore) {
				b, _ := os.ReadFile(aliceFile(ks))
				os.WriteFile(aliceFile(ks), mutateJSON(t, b, func(m map[string]any) { delete(m, "crypto") }), 0o600)
			},
			op:   func(ks *Keystore) error { _, err := ks.Unlock("alice", alicePass); return err },
			want: ErrCorruptKeystore,
		},
		{
			name:    "key file missing",
			prepare: func(t *testing.T, ks *Keystore) { os.Remove(aliceFile(ks)) },
			op:      func(ks *Keystore) error { _, err := ks.Unlock("alice", alicePass); return err },
			want:    ErrUnknownAccount,
		},
		{
			name:    "names index corrupt",
			prepare: func(t *testing.T, ks *Keystore) { os.WriteFile(ks.indexPath(), []byte("{"), 0o600) },
			op:      newNamed("bob", alicePass),
			want:    ErrCorruptKeystore,
		},
		{
			name: "names index with a bad name",
			prepare: func(t *testing.T, ks *Keystore) {
				os.WriteFile(ks.indexPath(), []byte(`{"version":1,"names":{"Bad Name":"`+devAddrHex+`"}}`), 0o600)
			},
			op:   func(ks *Keystore) error { _, err := ks.List(); return err },
			want: ErrCorruptKeystore,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ks := copyKeystore(t, tmpl)
			if c.prepare != nil {
				c.prepare(t, ks)
			}
			before := snapshot(t, ks.Dir())
			err := c.op(ks)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			sameSnapshot(t, before, snapshot(t, ks.Dir()))
			msg := strings.ToLower(err.Error())
			for _, s := range secrets {
				if strings.Contains(msg, strings.ToLower(s)) {
					t.Errorf("error %q contains a secret", err)
				}
			}
		})
	}
}

// copyKeystore copies src's files into a fresh keystore directory.
func copyKeystore(t *testing.T, src *Keystore) *Keystore {
	t.Helper()
	ks := newTestKeystore(t)
	entries, err := os.ReadDir(src.Dir())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src.Dir(), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ks.Dir(), e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return ks
}
