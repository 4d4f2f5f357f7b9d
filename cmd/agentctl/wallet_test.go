package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"

	"github.com/agentctl/agentctl/wallet"
)

// Tests encrypt with light scrypt; production never sets this.
func init() { walletLightScrypt = true }

// Public dev keys (Hardhat/Anvil test mnemonic), safe in a test.
const (
	testMnemonic = "test test test test test test test test test test test junk"
	devKeyHex    = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	devAddr0     = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
	devAddr1     = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	testPass     = "Test-Passphrase-1"
)

// runCLI runs agentctl --home home args... without a terminal.
func runCLI(t *testing.T, home string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"--home", home}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeTestFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// keystoreFiles maps every file in home/keystore to its mode and content.
func keystoreFiles(t *testing.T, home string) map[string]string {
	t.Helper()
	dir := filepath.Join(home, "keystore")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		info, _ := e.Info()
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = info.Mode().String() + " " + string(b)
	}
	return out
}

func encryptedKeyJSON(t *testing.T, key *ecdsa.PrivateKey, pass string) string {
	t.Helper()
	b, err := keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key},
		pass, keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The acceptance check: AGENTCTL_PASSWORD=pw agentctl --home H wallet
// new --name alice writes a file keystore.DecryptKey opens with pw, mode 0600;
// a wrong password exits 2 and says so. Not parallel: it sets the environment.
func TestWalletNewWithEnvPassword(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_PASSWORD", "pw")
	code, out, errOut := runCLI(t, home, "wallet", "new", "--name", "alice")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var listed []wallet.Account
	_, js, _ := runCLI(t, home, "wallet", "list", "--json")
	if err := json.Unmarshal([]byte(js), &listed); err != nil || len(listed) != 1 {
		t.Fatalf("list --json = %q, %v", js, err)
	}
	acc := listed[0]
	if acc.Name != "alice" || !strings.Contains(out, acc.Address.Hex()) {
		t.Errorf("new printed %q, list says %+v", out, acc)
	}
	b, err := os.ReadFile(acc.File)
	if err != nil {
		t.Fatal(err)
	}
	key, err := keystore.DecryptKey(b, "pw")
	if err != nil || key.Address != acc.Address {
		t.Fatalf("DecryptKey with pw: %v", err)
	}
	if info, _ := os.Stat(acc.File); info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %o, want 600", info.Mode().Perm())
	}

	t.Setenv("AGENTCTL_PASSWORD", "not-pw")
	outFile := filepath.Join(t.TempDir(), "alice.json")
	code, _, errOut = runCLI(t, home, "wallet", "export", "alice", "--out", outFile)
	if code != exitUsage || !strings.Contains(errOut, "wrong passphrase") {
		t.Errorf("wrong password: exit %d, stderr %q; want 2 and 'wrong passphrase'", code, errOut)
	}
	if _, err := os.Stat(outFile); !os.IsNotExist(err) {
		t.Errorf("failed export left %s behind", outFile)
	}
}

func TestWalletImportSources(t *testing.T) {
	t.Parallel()
	other, _ := crypto.GenerateKey()
	otherAddr := crypto.PubkeyToAddress(other.PublicKey).Hex()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"private key", []string{"--private-key-file", writeTestFile(t, "key", "0x"+devKeyHex+"\n")}, devAddr0},
		{"mnemonic index 1", []string{"--mnemonic-file", writeTestFile(t, "words", testMnemonic+"\n"), "--index", "1"}, devAddr1},
		{"keystore", []string{
			"--keystore", writeTestFile(t, "ks.json", encryptedKeyJSON(t, other, "geth-pass")),
			"--keystore-password-file", writeTestFile(t, "kspw", "geth-pass\n"),
		}, otherAddr},
	}
	pw := writeTestFile(t, "pw", testPass+"\n")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			args := append([]string{"--password-file", pw, "wallet", "import", "--name", "imported"}, c.args...)
			code, out, errOut := runCLI(t, home, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("import printed %q, want address %s", out, c.want)
			}
			_, js, _ := runCLI(t, home, "wallet", "list", "--json")
			var listed []wallet.Account
			if err := json.Unmarshal([]byte(js), &listed); err != nil || len(listed) != 1 ||
				listed[0].Name != "imported" || listed[0].Address.Hex() != c.want {
				t.Errorf("list --json = %s (%v)", js, err)
			}
		})
	}
}

func TestWalletListText(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	pw := writeTestFile(t, "pw", testPass)
	code, out, _ := runCLI(t, home, "wallet", "list")
	if code != exitOK || !strings.Contains(out, "No accounts") {
		t.Errorf("empty list: exit %d, %q", code, out)
	}
	if code, _, errOut := runCLI(t, home, "--password-file", pw, "wallet", "import", "--name", "dev",
		"--private-key-file", writeTestFile(t, "k", devKeyHex)); code != exitOK {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI(t, home, "--password-file", pw, "wallet", "new", "--name", "bob"); code != exitOK {
		t.Fatal(errOut)
	}
	_, out, _ = runCLI(t, home, "wallet", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") || !strings.HasPrefix(lines[1], "bob ") ||
		!strings.HasPrefix(lines[2], "dev ") || !strings.Contains(lines[2], devAddr0) {
		t.Errorf("list:\n%s", out)
	}
}

func TestWalletExportOverwrite(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	pw := writeTestFile(t, "pw", testPass)
	runCLI(t, home, "--password-file", pw, "wallet", "import", "--name", "dev", "--private-key-file", writeTestFile(t, "k", devKeyHex))
	out := writeTestFile(t, "existing.json", "keep me")

	code, _, errOut := runCLI(t, home, "--password-file", pw, "wallet", "export", "dev", "--out", out)
	if b, _ := os.ReadFile(out); code != exitUsage || !strings.Contains(errOut, "--force") || string(b) != "keep me" {
		t.Fatalf("export over a file without --force: exit %d, %q, file %q", code, errOut, b)
	}
	code, _, errOut = runCLI(t, home, "--password-file", pw, "wallet", "export", devAddr0, "--out", out, "--force")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _ := os.ReadFile(out)
	if strings.Contains(string(b), devKeyHex) {
		t.Fatal("export wrote the raw key")
	}
	key, err := keystore.DecryptKey(b, testPass)
	if err != nil || key.Address.Hex() != devAddr0 {
		t.Fatalf("exported file: %v", err)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Errorf("export mode %o, want 600", info.Mode().Perm())
	}
}

// Every bad input exits 2 with a message naming the problem, leaves the
// keystore byte-identical and never prints key material.
func TestWalletUsageErrors(t *testing.T) {
	t.Parallel()
	secret, _ := crypto.GenerateKey()
	secretHex := hex.EncodeToString(crypto.FromECDSA(secret))
	pw := writeTestFile(t, "pw", testPass)
	wrongPw := writeTestFile(t, "wrong", "Wrong-Passphrase-2")
	secretJSON := writeTestFile(t, "secret.json", encryptedKeyJSON(t, secret, "geth-pass"))
	kspw := writeTestFile(t, "kspw", "geth-pass")
	out := filepath.Join(t.TempDir(), "out.json")
	imp := []string{"--password-file", pw, "wallet", "import", "--name", "carol"}

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"duplicate name", []string{"--password-file", pw, "wallet", "new", "--name", "alice"}, "already names"},
		{"invalid name", []string{"--password-file", pw, "wallet", "new", "--name", "Bad Name"}, "lowercase letters"},
		{"missing name", []string{"--password-file", pw, "wallet", "new"}, `required flag(s) "name"`},
		{"no source", imp, "exactly one of"},
		{"two sources", append(imp, "--private-key-file", pw, "--mnemonic-file", pw), "exactly one of"},
		{"index without mnemonic", append(imp, "--private-key-file", pw, "--index", "2"), "--index only applies"},
		{"negative index", append(imp, "--mnemonic-file", pw, "--index", "-1"), "invalid argument"},
		{"bad hex key", append(imp, "--private-key-file", writeTestFile(t, "k", "zz"+secretHex[2:])), "not a hex digit"},
		{"short key", append(imp, "--private-key-file", writeTestFile(t, "k", secretHex[:40])), "64 hex digits"},
		{"same key twice", append(imp, "--private-key-file", writeTestFile(t, "k", devKeyHex)), "already in the keystore"},
		{"missing key file", append(imp, "--private-key-file", filepath.Join(t.TempDir(), "nope")), "--private-key-file"},
		{"bad mnemonic checksum", append(imp, "--mnemonic-file", writeTestFile(t, "m", strings.Repeat("abandon ", 12))), "checksum"},
		{"keystore without its passphrase", append(imp, "--keystore", secretJSON), "--keystore-password-file"},
		{"keystore wrong passphrase", append(imp, "--keystore", secretJSON, "--keystore-password-file", wrongPw), "wrong passphrase"},
		{"keystore corrupt", append(imp, "--keystore", writeTestFile(t, "c.json", `{"version":3,"crypto":{}}`), "--keystore-password-file", kspw), "corrupt keystore"},
		{"export unknown account", []string{"--password-file", pw, "wallet", "export", "nobody", "--out", out}, "unknown account"},
		{"export wrong passphrase", []string{"--password-file", wrongPw, "wallet", "export", "alice", "--out", out}, "wrong passphrase"},
		{"export without --out", []string{"--password-file", pw, "wallet", "export", "alice"}, `required flag(s) "out"`},
		{"unknown wallet command", []string{"wallet", "bogus"}, "unknown wallet command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			if code, _, errOut := runCLI(t, home, "--password-file", pw, "wallet", "import", "--name", "alice",
				"--private-key-file", writeTestFile(t, "dev", devKeyHex)); code != exitOK {
				t.Fatal(errOut)
			}
			before := keystoreFiles(t, home)
			code, stdout, stderr := runCLI(t, home, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want 2; stderr %q", code, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not say %q", stderr, c.want)
			}
			after := keystoreFiles(t, home)
			if len(after) != len(before) {
				t.Errorf("keystore has %d files, had %d", len(after), len(before))
			}
			for name, v := range before {
				if after[name] != v {
					t.Errorf("keystore file %s changed", name)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a failed command wrote %s", out)
			}
			for _, s := range []string{secretHex, secretHex[2:], devKeyHex, testPass, "geth-pass", "abandon"} {
				if strings.Contains(strings.ToLower(stdout+stderr), strings.ToLower(s)) {
					t.Errorf("output shows a secret: %q %q", stdout, stderr)
				}
			}
		})
	}
}

func TestWalletNoPassphraseSource(t *testing.T) {
	if _, set := os.LookupEnv("AGENTCTL_PASSWORD"); set {
		t.Skip("AGENTCTL_PASSWORD is set in the environment")
	}
	t.Parallel()
	code, _, errOut := runCLI(t, t.TempDir(), "wallet", "new", "--name", "alice")
	if code != exitUsage || !strings.Contains(errOut, "--password-file") {
		t.Errorf("exit %d, %q; want 2 naming --password-file", code, errOut)
	}
}
