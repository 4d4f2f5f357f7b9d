package wallet

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/gofrs/flock"
	"github.com/google/uuid"
)

// lockFile is a hidden, empty file that writers lock; geth ignores dotfiles.
const lockFile = ".lock"

// KeystoreOptions configures a Keystore.
type KeystoreOptions struct {
	// LightScrypt encrypts new keys with go-ethereum's light scrypt parameters
	// (4 MB, fast). For tests only: real keys use the standard ones (256 MB, ~1 s).
	LightScrypt bool
}

// Keystore holds named keys as Web3 Secret Storage v3 files (scrypt), the
// format of geth and Foundry's `cast wallet`, so files move freely between
// them. The directory is 0700 and every file 0600. A failed operation leaves
// the directory as it found it.
type Keystore struct {
	dir              string
	scryptN, scryptP int
	mu               sync.Mutex   // serialises writers in this process
	lock             *flock.Flock // serialises writers across processes (CLI and runtime)
	// writeIndex persists the names index; tests swap it to inject a failure.
	writeIndex func(*index) error
}

// OpenKeystore opens (and creates, mode 0700) the keystore directory dir.
func OpenKeystore(dir string, opts KeystoreOptions) (*Keystore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create keystore %s: %w", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open keystore: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("keystore %s is not a directory", dir)
	}
	// MkdirAll is subject to the umask and keeps an existing mode: a key
	// directory readable by others is tightened rather than trusted.
	if info.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fmt.Errorf("make keystore %s private (0700): %w", dir, err)
		}
	}
	// The lock file exists from the start, so a failed write never adds it.
	lockPath := filepath.Join(dir, lockFile)
	lf, err := os.OpenFile(lockPath, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open keystore lock: %w", err)
	}
	lf.Close()
	ks := &Keystore{dir: dir, scryptN: keystore.StandardScryptN, scryptP: keystore.StandardScryptP, lock: flock.New(lockPath)}
	ks.writeIndex = ks.saveIndex
	if opts.LightScrypt {
		ks.scryptN, ks.scryptP = keystore.LightScryptN, keystore.LightScryptP
	}
	return ks, nil
}

// Dir returns the keystore directory.
func (ks *Keystore) Dir() string { return ks.dir }

// New creates a fresh random key named name, encrypted with passphrase.
func (ks *Keystore) New(name, passphrase string) (Account, error) {
	return ks.NewContext(context.Background(), name, passphrase)
}

// NewContext is New that gives up when ctx ends (Ctrl-C): the key is
// checked against ctx after the slow encryption and before anything is
// written, so an interrupted creation leaves no file and no name behind.
func (ks *Keystore) NewContext(ctx context.Context, name, passphrase string) (Account, error) {
	if err := ctx.Err(); err != nil {
		return Account{}, interrupted(err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		return Account{}, fmt.Errorf("generate key: %w", err)
	}
	defer wipeKey(key)
	return ks.storeContext(ctx, name, key, passphrase)
}

func interrupted(err error) error {
	return fmt.Errorf("key creation interrupted (%w): nothing was written", err)
}

// ImportPrivateKey stores a raw hex private key (64 hex digits, optional 0x,
// surrounding whitespace ignored). Errors never repeat the key.
func (ks *Keystore) ImportPrivateKey(name, hexKey, passphrase string) (Account, error) {
	key, err := ParsePrivateKey(hexKey)
	if err != nil {
		return Account{}, err
	}
	defer wipeKey(key)
	return ks.store(name, key, passphrase)
}

// ImportKeystore stores the key of a keystore JSON file (from geth, cast,
// MetaMask...) opened with oldPassphrase, re-encrypted with newPassphrase.
func (ks *Keystore) ImportKeystore(name string, keyJSON []byte, oldPassphrase, newPassphrase string) (Account, error) {
	if err := ks.precheck(name, newPassphrase); err != nil {
		return Account{}, err
	}
	key, err := decryptKeyJSON(keyJSON, oldPassphrase)
	if err != nil {
		return Account{}, fmt.Errorf("import keystore: %w", err)
	}
	defer wipeKey(key)
	return ks.store(name, key, newPassphrase)
}

// ImportMnemonic stores the key at m/44'/60'/0'/0/index of a BIP-39 mnemonic
// (bip39Passphrase is the optional "25th word", "" for none).
func (ks *Keystore) ImportMnemonic(name, mnemonic, bip39Passphrase string, index uint32, passphrase string) (Account, error) {
	if err := ks.precheck(name, passphrase); err != nil {
		return Account{}, err
	}
	path, err := AccountPath(index)
	if err != nil {
		return Account{}, err
	}
	key, err := DeriveKey(mnemonic, bip39Passphrase, path)
	if err != nil {
		return Account{}, err
	}
	defer wipeKey(key)
	return ks.store(name, key, passphrase)
}

// Export returns the account's keystore JSON after checking that passphrase
// opens it, so what is exported is known to be usable. Never a raw key.
func (ks *Keystore) Export(ref, passphrase string) ([]byte, error) {
	_, b, key, err := ks.open(ref, passphrase)
	if err != nil {
		return nil, err
	}
	wipeKey(key)
	return b, nil
}

// Unlock decrypts the account's key and returns a Signer for it.
func (ks *Keystore) Unlock(ref, passphrase string) (*Signer, error) {
	_, _, key, err := ks.open(ref, passphrase)
	if err != nil {
		return nil, err
	}
	return NewSigner(key), nil
}

// open finds ref and decrypts its key file.
func (ks *Keystore) open(ref, passphrase string) (Account, []byte, *ecdsa.PrivateKey, error) {
	acc, err := ks.Find(ref)
	if err != nil {
		return Account{}, nil, nil, err
	}
	b, err := os.ReadFile(acc.File)
	if err != nil {
		return Account{}, nil, nil, fmt.Errorf("read key file: %w", err)
	}
	key, err := decryptKeyJSON(b, passphrase)
	if err != nil {
		return Account{}, nil, nil, fmt.Errorf("%s (%s): %w", describe(acc), acc.File, err)
	}
	if got := crypto.PubkeyToAddress(key.PublicKey); got != acc.Address {
		wipeKey(key)
		return Account{}, nil, nil, fmt.Errorf("%w: %s holds the key of %s, not %s", ErrCorruptKeystore, acc.File, got, acc.Address)
	}
	return acc, b, key, nil
}

// unreadableKeyFile explains a named account whose key file the directory
// scan skipped because it does not parse (truncated, emptied, overwritten):
// geth-style key files end with their address, so the file is found by
// name. Without this, a damaged file looked like a missing account, and
// creating it again failed with "name already in use".
func (ks *Keystore) unreadableKeyFile(addr common.Address) error {
	entries, err := os.ReadDir(ks.dir)
	if err != nil {
		return nil
	}
	suffix := hex.EncodeToString(addr[:])
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(name, ".") || !strings.HasSuffix(strings.ToLower(name), suffix) {
			continue
		}
		path := filepath.Join(ks.dir, name)
		var problem string
		switch info, err := e.Info(); {
		case err != nil:
			problem = err.Error()
		case info.Size() == 0:
			problem = "it is empty"
		case info.Size() > maxKeyFileSize:
			problem = fmt.Sprintf("it is %d bytes, far more than a key file", info.Size())
		default:
			b, err := os.ReadFile(path)
			if err != nil {
				problem = "it cannot be read: " + err.Error()
				break
			}
			var head struct {
				Address string `json:"address"`
			}
			if err := json.Unmarshal(b, &head); err != nil {
				problem = fmt.Sprintf("it is not valid key file JSON, truncated or corrupt (%v)", err)
			} else if !common.IsHexAddress(head.Address) {
				problem = fmt.Sprintf("its address field %q is not an address", head.Address)
			} else {
				continue // a readable key file of another account
			}
		}
		return fmt.Errorf("%w: key file %s of %s: %s: restore it from a backup; the passphrase alone cannot recover the key", ErrCorruptKeystore, path, addr.Hex(), problem)
	}
	return nil
}

func describe(acc Account) string {
	if acc.Name != "" {
		return fmt.Sprintf("account %q", acc.Name)
	}
	return "account " + acc.Address.Hex()
}

// precheck fails fast, before any slow scrypt work, on what store would reject anyway.
func (ks *Keystore) precheck(name, passphrase string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	if passphrase == "" {
		return ErrEmptyPassphrase
	}
	ix, err := ks.loadIndex()
	if err != nil {
		return err
	}
	if addr, taken := ix.Names[name]; taken {
		return duplicateName(name, addr)
	}
	return nil
}

func duplicateName(name string, addr common.Address) error {
	return fmt.Errorf("%w: %q already names %s: choose another name", ErrDuplicateName, name, addr)
}

// store encrypts key under name. Every check runs before the first write; if
// the index cannot be written the new key file is removed again.
func (ks *Keystore) store(name string, key *ecdsa.PrivateKey, passphrase string) (Account, error) {
	return ks.storeContext(context.Background(), name, key, passphrase)
}

func (ks *Keystore) storeContext(ctx context.Context, name string, key *ecdsa.PrivateKey, passphrase string) (Account, error) {
	if err := ks.precheck(name, passphrase); err != nil {
		return Account{}, err
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if err := ks.lock.Lock(); err != nil {
		return Account{}, fmt.Errorf("lock keystore: %w", err)
	}
	defer ks.lock.Unlock()
	// Re-read under the lock: another writer may have added names or keys.
	ix, err := ks.loadIndex()
	if err != nil {
		return Account{}, err
	}
	addr := crypto.PubkeyToAddress(key.PublicKey)
	if other, taken := ix.Names[name]; taken {
		return Account{}, duplicateName(name, other)
	}
	files, err := ks.keyFiles()
	if err != nil {
		return Account{}, err
	}
	if paths := files[addr]; len(paths) > 0 {
		owner := "without a name (refer to it by address)"
		if n := ix.nameOf(addr); n != "" {
			owner = fmt.Sprintf("as %q", n)
		}
		return Account{}, fmt.Errorf("%w: %s is already in the keystore %s, file %s", ErrDuplicateAccount, addr, owner, paths[0])
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return Account{}, fmt.Errorf("key id: %w", err)
	}
	blob, err := keystore.EncryptKey(&keystore.Key{Id: id, Address: addr, PrivateKey: key}, passphrase, ks.scryptN, ks.scryptP)
	if err != nil {
		return Account{}, fmt.Errorf("encrypt key: %w", err)
	}
	// scrypt cannot be stopped half-way; what follows it can be skipped.
	if err := ctx.Err(); err != nil {
		return Account{}, interrupted(err)
	}
	file := filepath.Join(ks.dir, keyFileName(addr, time.Now()))
	if err := WriteFileAtomic(file, blob); err != nil {
		return Account{}, fmt.Errorf("write key file: %w", err)
	}
	if err := checkPrivate(file); err != nil {
		os.Remove(file)
		return Account{}, err
	}
	ix.Names[name] = addr
	if err := ks.writeIndex(ix); err != nil {
		os.Remove(file)
		syncDir(ks.dir)
		return Account{}, err
	}
	return Account{Name: name, Address: addr, File: file}, nil
}

// checkPrivate verifies a key file is 0600, whatever the umask or file system did.
func checkPrivate(file string) error {
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	if info.Mode().Perm() != 0o600 {
		if err := os.Chmod(file, 0o600); err != nil {
			return fmt.Errorf("make key file %s private (0600): %w", file, err)
		}
	}
	return nil
}

// keyFileName follows geth's naming, UTC--<ISO 8601 time>--<address hex>,
// so geth and other tools list our files like their own.
func keyFileName(addr common.Address, t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("UTC--%04d-%02d-%02dT%02d-%02d-%02d.%09dZ--%x",
		t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), addr[:])
}

// ParsePrivateKey reads a hex secp256k1 private key: 64 hex digits, with or
// without 0x, surrounding whitespace ignored. Errors never repeat the input.
func ParsePrivateKey(s string) (*ecdsa.PrivateKey, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) != 64 {
		return nil, fmt.Errorf("%w: it has %d characters; a private key is 64 hex digits (32 bytes), optionally prefixed with 0x", ErrInvalidKey, len(s))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: it contains a character that is not a hex digit (0-9, a-f)", ErrInvalidKey)
	}
	defer clear(b)
	key, err := crypto.ToECDSA(b)
	if err != nil {
		return nil, fmt.Errorf("%w: it is zero or not below the secp256k1 group order, so it is not a usable key", ErrInvalidKey)
	}
	return key, nil
}

// wipeKey zeroes a private scalar once it is no longer needed.
func wipeKey(key *ecdsa.PrivateKey) {
	if key != nil && key.D != nil {
		clear(key.D.Bits()) // the words themselves, not just the length
		key.D.SetInt64(0)
	}
}

// Limits on the KDF parameters of files we open: enough for every wallet in
// use (geth's standard scrypt is N=2^18, r=8) while refusing a file that
// would make us allocate gigabytes or spin for minutes.
const (
	maxScryptMemory = 1 << 30 // 128 * N * r bytes
	maxScryptP      = 16
	maxPBKDF2Rounds = 10_000_000
)

// decryptKeyJSON checks the structure of a Web3 Secret Storage v3 file, then
// decrypts it with go-ethereum. The check comes first because go-ethereum's
// decoder can panic on missing KDF parameters and trusts their sizes.
func decryptKeyJSON(b []byte, passphrase string) (key *ecdsa.PrivateKey, err error) {
	var f struct {
		Address string          `json:"address"`
		Version json.RawMessage `json:"version"`
		Crypto  *struct {
			Cipher       string              `json:"cipher"`
			CipherText   string              `json:"ciphertext"`
			CipherParams struct{ IV string } `json:"cipherparams"`
			KDF          string              `json:"kdf"`
			KDFParams    map[string]any      `json:"kdfparams"`
			MAC          string              `json:"mac"`
		} `json:"crypto"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: not JSON (%v)", ErrCorruptKeystore, err)
	}
	corrupt := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: it is not a usable Web3 Secret Storage v3 key file", ErrCorruptKeystore, fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(string(f.Version)) != "3" {
		return nil, corrupt("version %s is not supported (want 3)", f.Version)
	}
	c := f.Crypto
	if c == nil {
		return nil, corrupt(`no "crypto" section`)
	}
	if c.Cipher != "aes-128-ctr" {
		return nil, corrupt("cipher %q is not supported (want aes-128-ctr)", c.Cipher)
	}
	if hexLen(c.CipherText) < 1 || hexLen(c.CipherParams.IV) != 16 || hexLen(c.MAC) != 32 {
		return nil, corrupt("ciphertext, iv or mac is missing or not hex of the right length")
	}
	num := func(k string) (float64, bool) {
		v, ok := c.KDFParams[k].(float64)
		return v, ok && v >= 1 && v == float64(int64(v))
	}
	salt, _ := c.KDFParams["salt"].(string)
	if hexLen(salt) < 1 {
		return nil, corrupt("kdfparams.salt is missing or not hex")
	}
	if dk, ok := num("dklen"); !ok || dk != 32 {
		return nil, corrupt("kdfparams.dklen must be 32")
	}
	switch c.KDF {
	case "scrypt":
		n, okN := num("n")
		r, okR := num("r")
		p, okP := num("p")
		if !okN || !okR || !okP || n < 2 || int64(n)&(int64(n)-1) != 0 {
			return nil, corrupt("scrypt n, r and p must be positive integers, n a power of two")
		}
		if 128*n*r > maxScryptMemory || p > maxScryptP {
			return nil, corrupt("scrypt parameters n=%.0f r=%.0f p=%.0f exceed the supported maximum", n, r, p)
		}
	case "pbkdf2":
		rounds, ok := num("c")
		if prf, _ := c.KDFParams["prf"].(string); !ok || prf != "hmac-sha256" || rounds > maxPBKDF2Rounds {
			return nil, corrupt("pbkdf2 needs prf hmac-sha256 and 1 to %d rounds", maxPBKDF2Rounds)
		}
	default:
		return nil, corrupt("kdf %q is not supported (want scrypt or pbkdf2)", c.KDF)
	}
	defer func() {
		if r := recover(); r != nil {
			key, err = nil, corrupt("decoder failed: %v", r)
		}
	}()
	k, err := keystore.DecryptKey(b, passphrase)
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, fmt.Errorf("%w: the passphrase does not open this key", ErrWrongPassphrase)
	}
	if err != nil {
		return nil, corrupt("%v", err)
	}
	if f.Address != "" && common.IsHexAddress(f.Address) && common.HexToAddress(f.Address) != k.Address {
		wipeKey(k.PrivateKey)
		return nil, corrupt("it claims address %s but holds the key of %s", common.HexToAddress(f.Address), k.Address)
	}
	return k.PrivateKey, nil
}

// hexLen returns the number of bytes s decodes to, or -1 if it is not hex.
func hexLen(s string) int {
	if len(s)%2 != 0 {
		return -1
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return -1
		}
	}
	return len(s) / 2
}
