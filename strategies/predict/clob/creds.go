package clob

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// Scrypt costs: standard is go-ethereum's keystore default; light is for
// tests, like the keystore's light option.
const (
	StandardScryptN = 1 << 18
	LightScryptN    = 1 << 12
	scryptP         = 1
)

// CredentialsPath is where an account's CLOB credentials live: a folder
// beside the key files in the keystore (a subfolder, so the keystore's
// key-file scan never reads them).
func CredentialsPath(keystoreDir string, account common.Address) string {
	return filepath.Join(keystoreDir, "clob", strings.ToLower(account.Hex())+".json")
}

// credsFile is the on-disk form: the account in clear (to tell files
// apart) and the credentials sealed in Web3 Secret Storage's crypto
// section, as go-ethereum's keystore seals keys (scrypt, AES-128-CTR,
// keccak MAC). The sealed JSON names the account again, so a file copied
// to another account's name does not open as its credentials.
type credsFile struct {
	Version int                 `json:"version"`
	Account string              `json:"account"`
	Crypto  keystore.CryptoJSON `json:"crypto"`
}

type credsPlain struct {
	Account    string `json:"account"`
	Key        string `json:"key"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

// SaveCredentials encrypts c for account under password and writes it to
// path (mode 0600, folder 0700), replacing any earlier file atomically.
func SaveCredentials(path string, account common.Address, c Credentials, password string, scryptN int) error {
	if password == "" {
		return errors.New("save CLOB credentials: the password is empty")
	}
	if c.Key == "" || c.Secret == "" || c.Passphrase == "" {
		return errors.New("save CLOB credentials: key, secret and passphrase are all required")
	}
	plain, _ := json.Marshal(credsPlain{account.Hex(), c.Key, c.Secret, c.Passphrase})
	sealed, err := keystore.EncryptDataV3(plain, []byte(password), scryptN, scryptP)
	clear(plain)
	if err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	out, _ := json.MarshalIndent(credsFile{Version: 2, Account: account.Hex(), Crypto: sealed}, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	if err := wallet.WriteFileAtomic(path, out); err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	return nil
}

// ErrWrongPassword is returned when credentials do not decrypt.
var ErrWrongPassword = errors.New("the password does not open these CLOB credentials")

// LoadCredentials decrypts the credentials at path for account. A file
// readable by others, for another account, or damaged is refused with an
// error that names the file and never its contents.
func LoadCredentials(path string, account common.Address, password string) (Credentials, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Credentials{}, fmt.Errorf("no CLOB credentials at %s: create or derive them first", path)
		}
		return Credentials{}, fmt.Errorf("CLOB credentials %s: %w", path, err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s are readable by others (mode %v): run chmod 600 on it", path, info.Mode().Perm())
	}
	if info.Size() > 1<<16 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: %d bytes is far more than a credentials file", path, info.Size())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: %w", path, err)
	}
	var f credsFile
	if err := json.Unmarshal(raw, &f); err != nil || f.Version != 2 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: not a version 2 credentials file", path)
	}
	if !common.IsHexAddress(f.Account) || common.HexToAddress(f.Account) != account {
		return Credentials{}, fmt.Errorf("CLOB credentials %s belong to %s, not %s", path, f.Account, account.Hex())
	}
	plain, err := keystore.DecryptDataV3(f.Crypto, password)
	if errors.Is(err, keystore.ErrDecrypt) {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: %w", path, ErrWrongPassword)
	}
	if err != nil {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: damaged encryption fields (%v)", path, err)
	}
	var p credsPlain
	err = json.Unmarshal(plain, &p)
	clear(plain)
	if err != nil || p.Key == "" || p.Secret == "" || p.Passphrase == "" || !common.IsHexAddress(p.Account) ||
		common.HexToAddress(p.Account) != account {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: decrypted but incomplete, or sealed for another account", path)
	}
	return Credentials{Key: p.Key, Secret: p.Secret, Passphrase: p.Passphrase}, nil
}
