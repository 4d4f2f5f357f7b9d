package wallet

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
)

// Hardhat/Anvil dev account 0: a public key pair, safe to write in a test.
const (
	devKeyHex  = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
	devAddrHex = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
)

var (
	devAddr  = common.HexToAddress(devAddrHex)
	timeZero = time.Unix(0, 0)
)

func newTestKeystore(t *testing.T) *Keystore {
	t.Helper()
	ks, err := OpenKeystore(filepath.Join(t.TempDir(), "keystore"), KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

// snapshot records every file under dir with its mode and content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if info.IsDir() {
			out[rel] = info.Mode().String()
			return nil
		}
		b, err := os.ReadFile(path)
		out[rel] = info.Mode().String() + " " + string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("keystore changed: %s differs or was removed", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("keystore changed: %s appeared", k)
		}
	}
}

var gethFileName = regexp.MustCompile(`^UTC--\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{9}Z--[0-9a-f]{40}$`)

func TestNewWritesGethCompatibleKeyFile(t *testing.T) {
	t.Parallel()
	ks := newTestKeystore(t)
	acc, err := ks.New("alice", "pw")
	if err != nil {
		t.Fatal(err)
	}
	if !gethFileName.MatchString(filepath.Base(acc.File)) {
		t.Errorf("file name %q does not follow geth's UTC--time--address", filepath.Base(acc.File))
	}
	b, err := os.ReadFile(acc.File)
	if err != nil {
		t.Fatal(err)
	}
	key, err := keystore.DecryptKey(b, "pw")
	if err != nil {
		t.Fatalf("go-ethereum cannot open the new key file: %v", err)
	}
	if key.Address != acc.Address {
		t.Errorf("file holds %s, account says %s", key.Address, acc.Address)
	}
	for path, want := range map[string]os.FileMode{ks.Dir(): 0o700, acc.File: 0o600, ks.indexPath(): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", path, got, want)
		}
	}
	found, err := ks.Find("alice")
	if err != nil || found != acc {
		t.Errorf("Find(alice) = %+v, %v; want %+v", found, err, acc)
	}
}

func TestOpenTightensDirectoryMode(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "keystore")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeystore(dir, KeystoreOptions{LightScrypt: true}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(dir)
	if info.Mode().Perm() != 0o700 {
		t.Errorf("mode %o, want 700", info.Mode().Perm())
	}
}

func TestImportPrivateKeyForms(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		devKeyHex,
		"0x" + devKeyHex,
		"0X" + strings.ToUpper(devKeyHex),
		"  \t0x" + devKeyHex + "\r\n",
	} {
		ks := newTestKeystore(t)
		acc, err := ks.ImportPrivateKey("dev", in, "pw")
		if err != nil {
			t.Fatalf("import %q...: %v", in[:6], err)
		}
		if acc.Address != devAddr {
			t.Errorf("address %s, want %s", acc.Address, devAddrHex)
		}
	}
}

func TestExportImportUnlockRoundTrip(t *testing.T) {
	t.Parallel()
	src := newTestKeystore(t)
	if _, err := src.ImportPrivateKey("dev", devKeyHex, "old"); err != nil {
		t.Fatal(err)
	}
	blob, err := src.Export("dev", "old")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(blob)), devKeyHex) {
		t.Fatal("export contains the raw key")
	}
	dst := newTestKeystore(t)
	acc, err := dst.ImportKeystore("moved", blob, "old", "new")
	if err != nil {
		t.Fatal(err)
	}
	if acc.Address != devAddr {
		t.Fatalf("address %s, want %s", acc.Address, devAddrHex)
	}
	if _, err := dst.Unlock("moved", "old"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after re-encryption: err = %v, want ErrWrongPassphrase", err)
	}
	for _, ref := range []string{"moved", devAddrHex, strings.ToLower(devAddrHex)} {
		s, err := dst.Unlock(ref, "new")
		if err != nil {
			t.Fatalf("Unlock(%s): %v", ref, err)
		}
		if s.Address() != devAddr {
			t.Errorf("Unlock(%s) signs for %s", ref, s.Address())
		}
	}
}

func TestImportMnemonicAccounts(t *testing.T) {
	t.Parallel()
	ks := newTestKeystore(t)
	want := map[uint32]string{0: devAddrHex, 1: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}
	for index, addr := range want {
		acc, err := ks.ImportMnemonic(fmt.Sprintf("dev%d", index), testMnemonic, "", index, "pw")
		if err != nil {
			t.Fatal(err)
		}
		if acc.Address != common.HexToAddress(addr) {
			t.Errorf("index %d: %s, want %s", index, acc.Address, addr)
		}
	}
}

// The Web3 Secret Storage spec's PBKDF2 vector: files from other wallets import.
const specPBKDF2Vector = `{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
"kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}`

func TestImportKeystoreSpecVector(t *testing.T) {
	t.Parallel()
	ks := newTestKeystore(t)
	acc, err := ks.ImportKeystore("spec", []byte(specPBKDF2Vector), "testpassword", "pw")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.HexToECDSA("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d")
	if want := crypto.PubkeyToAddress(key.PublicKey); acc.Address != want {
		t.Errorf("address %s, want %s", acc.Address, want)
	}
}

// lightKeyJSON encrypts key as geth or cast would, for files dropped into a keystore.
func lightKeyJSON(t *testing.T, key *ecdsa.PrivateKey, pass string) []byte {
	t.Helper()
	b, err := keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key},
		pass, keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mutateJSON decodes a key file, applies f to it and encodes it again.
func mutateJSON(t *testing.T, b []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func kdfParams(m map[string]any) map[string]any {
	return m["crypto"].(map[string]any)["kdfparams"].(map[string]any)
}

func TestListNamedAndUnnamedKeys(t *testing.T) {
	t.Parallel()
	ks := newTestKeystore(t)
	bob, err := ks.New("bob", "pw")
	if err != nil {
		t.Fatal(err)
	}
	alice, err := ks.ImportPrivateKey("alice", devKeyHex, "pw")
	if err != nil {
		t.Fatal(err)
	}
	// A key file copied in from geth, with no name; and files that are not keys.
	stray, _ := crypto.GenerateKey()
	strayAddr := crypto.PubkeyToAddress(stray.PublicKey)
	strayFile := filepath.Join(ks.Dir(), keyFileName(strayAddr, timeZero))
	os.WriteFile(strayFile, lightKeyJSON(t, stray, "geth"), 0o600)
	os.WriteFile(filepath.Join(ks.Dir(), "README"), []byte("not a key"), 0o600)
	os.WriteFile(filepath.Join(ks.Dir(), ".hidden"), []byte(`{"address":"`+devAddrHex+`"}`), 0o600)

	got, err := ks.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []Account{alice, bob, {Address: strayAddr, File: strayFile}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("List:\n got %v\nwant %v", got, want)
	}
	if s, err := ks.Unlock(strayAddr.Hex(), "geth"); err != nil || s.Address() != strayAddr {
		t.Errorf("unlock unnamed key by address: %v", err)
	}

	// A name whose key file disappeared stays visible, without a file.
	os.Remove(bob.File)
	got, err = ks.List()
	if err != nil {
		t.Fatal(err)
	}
	want = []Account{alice, {Name: "bob", Address: bob.Address}, {Address: strayAddr, File: strayFile}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("List after removing bob's file:\n got %v\nwant %v", got, want)
	}
}

func TestFailedIndexWriteRemovesKeyFile(t *testing.T) {
	t.Parallel()
	ks := newTestKeystore(t)
	if _, err := ks.New("alice", "pw"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, ks.Dir())
	ks.writeIndex = func(*index) error { return errors.New("disk full") }
	if _, err := ks.ImportPrivateKey("dev", devKeyHex, "pw"); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the index write failure", err)
	}
	sameSnapshot(t, before, snapshot(t, ks.Dir()))
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "f.json")
	for _, content := range []string{"one", "two"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		info, _ := os.Stat(path)
		if string(b) != content || info.Mode().Perm() != 0o600 {
			t.Errorf("got %q mode %o, want %q mode 600", b, info.Mode().Perm(), content)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %d entries", len(entries))
	}
}

// Writers in separate Keystore values (as in separate processes: the CLI and
// the runtime) must not lose each other's names.
func TestConcurrentWritersKeepAllNames(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "keystore")
	const writers = 4
	errs := make(chan error, writers)
	for i := range writers {
		go func() {
			ks, err := OpenKeystore(dir, KeystoreOptions{LightScrypt: true})
			if err == nil {
				_, err = ks.New(fmt.Sprintf("w%d", i), "pw")
			}
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	ks, _ := OpenKeystore(dir, KeystoreOptions{LightScrypt: true})
	accs, err := ks.List()
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, a := range accs {
		if a.Name != "" && a.File != "" {
			named++
		}
	}
	if named != writers {
		t.Fatalf("%d named accounts with files, want %d: %v", named, writers, accs)
	}
}

func TestStandardScryptByDefault(t *testing.T) {
	t.Parallel()
	ks, err := OpenKeystore(filepath.Join(t.TempDir(), "keystore"), KeystoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ks.scryptN != keystore.StandardScryptN || ks.scryptP != keystore.StandardScryptP {
		t.Errorf("default scrypt N=%d P=%d, want the standard N=%d P=%d", ks.scryptN, ks.scryptP, keystore.StandardScryptN, keystore.StandardScryptP)
	}
}
