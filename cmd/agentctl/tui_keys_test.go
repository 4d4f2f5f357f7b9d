package main

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/tui"
)

// syncBuffer is a log sink the test reads after the keymaker wrote to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newTestKeymaker(t *testing.T) (tuiKeymaker, string, *syncBuffer) {
	t.Helper()
	home := t.TempDir()
	a := newApp(strings.NewReader(""), nil, nil)
	a.home = home
	if _, err := a.openKeystore(); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	return tuiKeymaker{a: a, log: slog.New(slog.NewJSONHandler(logs, nil))}, home, logs
}

// The Wallet screen's accounts land in the home's keystore, as the CLI's
// do: a new key geth's keystore opens with the passphrase typed, and
// imports of known keys at their known addresses.
func TestTUIKeymakerStoresAccounts(t *testing.T) {
	t.Parallel()
	k, home, logs := newTestKeymaker(t)
	ctx := context.Background()
	const oldPass = "Old-File-Pass-7"
	other, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	file := writeTestFile(t, "UTC--other.json", encryptedKeyJSON(t, other, oldPass))

	alice, err := k.AddAccount(ctx, tui.KeyRequest{Source: tui.KeyNew, Name: "alice", Passphrase: testPass})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q    tui.KeyRequest
		want string
	}{
		{tui.KeyRequest{Source: tui.KeyHex, Name: "dev", Secret: "0x" + devKeyHex + "\n", Passphrase: testPass}, devAddr0},
		{tui.KeyRequest{Source: tui.KeyMnemonic, Name: "second", Secret: "  " + strings.ToUpper(testMnemonic), Index: 1, Passphrase: testPass}, devAddr1},
		{tui.KeyRequest{Source: tui.KeyFile, Name: "other", File: file, SourcePassphrase: oldPass, Passphrase: testPass},
			crypto.PubkeyToAddress(other.PublicKey).Hex()},
	} {
		got, err := k.AddAccount(ctx, c.q)
		if err != nil || got.Address != c.want || got.Name != c.q.Name {
			t.Fatalf("%v: got %+v, %v; want %s", c.q, got, err, c.want)
		}
	}

	ks, err := k.a.openKeystore()
	if err != nil {
		t.Fatal(err)
	}
	accs, err := ks.List()
	if err != nil || len(accs) != 4 {
		t.Fatalf("the keystore lists %d accounts (%v), want 4", len(accs), err)
	}
	// Every stored key opens with the new passphrase, in go-ethereum itself.
	for _, acc := range accs {
		if filepath.Dir(acc.File) != filepath.Join(home, "keystore") {
			t.Fatalf("%s is stored in %s, not the home's keystore", acc.Name, acc.File)
		}
		info, err := os.Stat(acc.File)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("key file of %s: %v, mode %v", acc.Name, err, info.Mode())
		}
		blob, err := os.ReadFile(acc.File)
		if err != nil {
			t.Fatal(err)
		}
		key, err := keystore.DecryptKey(blob, testPass)
		if err != nil || key.Address != acc.Address {
			t.Fatalf("go-ethereum opens %s's key file: %v, address %v want %v", acc.Name, err, key, acc.Address)
		}
		if acc.Name == "alice" && acc.Address.Hex() != alice.Address {
			t.Fatalf("alice is %s in the keystore, %s on the screen", acc.Address.Hex(), alice.Address)
		}
	}
	log := logs.String()
	if strings.Count(log, "account added from the TUI") != 4 || !strings.Contains(log, devAddr0) {
		t.Fatalf("the log does not record the four accounts:\n%s", log)
	}
	for _, s := range []string{testPass, oldPass, devKeyHex, "test test", "junk"} {
		if strings.Contains(strings.ToLower(log), strings.ToLower(s)) {
			t.Fatalf("the log holds a secret (%q):\n%s", s, log)
		}
	}
}

// What cannot be stored says why, in the wallet's words, without the secret
// typed, and leaves the keystore as it was.
func TestTUIKeymakerRefusesBadInput(t *testing.T) {
	t.Parallel()
	k, home, logs := newTestKeymaker(t)
	ctx := context.Background()
	key, err := crypto.HexToECDSA(devKeyHex)
	if err != nil {
		t.Fatal(err)
	}
	file := writeTestFile(t, "dev.json", encryptedKeyJSON(t, key, "Right-Pass-1"))
	notJSON := writeTestFile(t, "notes.txt", "hello")
	if _, err := k.AddAccount(ctx, tui.KeyRequest{Source: tui.KeyNew, Name: "taken", Passphrase: testPass}); err != nil {
		t.Fatal(err)
	}
	before := keystoreFiles(t, home)
	badHex := "0x" + devKeyHex[:60] + "zz99"
	for _, c := range []struct {
		name string
		q    tui.KeyRequest
		want string
	}{
		{"wrong keystore passphrase", tui.KeyRequest{Source: tui.KeyFile, Name: "dev", File: file, SourcePassphrase: "Wrong-Pass-2", Passphrase: testPass},
			"import keystore: wrong passphrase: the passphrase does not open this key"},
		{"not a keystore file", tui.KeyRequest{Source: tui.KeyFile, Name: "dev", File: notJSON, SourcePassphrase: "Some-File-Pass", Passphrase: testPass}, "corrupt keystore"},
		{"missing file", tui.KeyRequest{Source: tui.KeyFile, Name: "dev", File: filepath.Join(home, "nope.json"), Passphrase: testPass}, "nope.json"},
		{"bad name", tui.KeyRequest{Source: tui.KeyHex, Name: "Dev Key", Secret: badHex, Passphrase: testPass}, `invalid account name: "Dev Key"`},
		{"name taken", tui.KeyRequest{Source: tui.KeyNew, Name: "taken", Passphrase: testPass}, "already in use"},
		{"empty passphrase", tui.KeyRequest{Source: tui.KeyNew, Name: "nopass"}, "empty passphrase"},
		{"not hex", tui.KeyRequest{Source: tui.KeyHex, Name: "dev", Secret: badHex, Passphrase: testPass}, "not a hex digit"},
		{"bad mnemonic word", tui.KeyRequest{Source: tui.KeyMnemonic, Name: "dev", Secret: strings.Replace(testMnemonic, "junk", "junq", 1), Passphrase: testPass},
			"word 12 is not in the BIP-39 English wordlist"},
		{"index out of range", tui.KeyRequest{Source: tui.KeyMnemonic, Name: "dev", Secret: testMnemonic, Index: 1 << 31, Passphrase: testPass}, "out of range"},
		{"canceled", tui.KeyRequest{Source: tui.KeyNew, Name: "late", Passphrase: testPass}, "context canceled"},
	} {
		ctx := ctx
		if c.name == "canceled" {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			cancel()
		}
		_, err := k.AddAccount(ctx, c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
			continue
		}
		for _, s := range []string{c.q.Secret, c.q.SourcePassphrase, c.q.Passphrase, devKeyHex[:16], "junq"} {
			if strings.TrimSpace(s) != "" && strings.Contains(err.Error(), strings.TrimSpace(s)) {
				t.Errorf("%s: the error repeats a secret: %v", c.name, err)
			}
		}
		if after := keystoreFiles(t, home); !maps.Equal(before, after) {
			t.Errorf("%s: the keystore changed", c.name)
		}
	}
	// Once the right passphrase is typed the same file imports.
	got, err := k.AddAccount(ctx, tui.KeyRequest{Source: tui.KeyFile, Name: "dev", File: file, SourcePassphrase: "Right-Pass-1", Passphrase: testPass})
	if err != nil || got.Address != devAddr0 {
		t.Fatalf("import with the right passphrase: %+v, %v", got, err)
	}
	if strings.Count(logs.String(), "account added") != 2 {
		t.Fatalf("the log records refused accounts:\n%s", logs.String())
	}
}

func TestExpandHome(t *testing.T) {
	t.Parallel()
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory:", err)
	}
	for in, want := range map[string]string{
		"~/keys/a.json": filepath.Join(home, "keys", "a.json"),
		"/abs/a.json":   "/abs/a.json",
		"rel/a.json":    "rel/a.json",
		"~user/a.json":  "~user/a.json",
	} {
		if got := expandHome(in); got != want {
			t.Errorf("expandHome(%q) = %q, want %q", in, got, want)
		}
	}
}
