package clob

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/crypto/scrypt"
)

// Scrypt costs: standard is go-ethereum's keystore default; light is for
// tests, like the keystore's light option.
const (
	StandardScryptN = 1 << 18
	LightScryptN    = 1 << 12
	scryptR         = 8
	scryptP         = 1
)

// CredentialsPath is where an account's CLOB credentials live: a folder
// beside the key files in the keystore (a subfolder, so the keystore's
// key-file scan never reads them).
func CredentialsPath(keystoreDir string, account common.Address) string {
	return filepath.Join(keystoreDir, "clob", strings.ToLower(account.Hex())+".json")
}

// credsFile is the on-disk form: the account in clear (to tell files
// apart), the credentials sealed with AES-256-GCM under a scrypt key, the
// account and format bound in as additional data.
type credsFile struct {
	Version int    `json:"version"`
	Account string `json:"account"`
	Crypto  struct {
		KDF       string `json:"kdf"`
		N         int    `json:"n"`
		R         int    `json:"r"`
		P         int    `json:"p"`
		Salt      string `json:"salt"`
		Cipher    string `json:"cipher"`
		Nonce     string `json:"nonce"`
		Sealed    string `json:"ciphertext"`
		KeyLength int    `json:"dklen"`
	} `json:"crypto"`
}

type credsPlain struct {
	Key        string `json:"key"`
	Secret     string `json:"secret"`
	Passphrase string `json:"passphrase"`
}

func credsAAD(account string) []byte {
	return []byte("agentctl clob credentials v1 " + strings.ToLower(account))
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
	salt := make([]byte, 32)
	nonce := make([]byte, 12)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	aead, err := credsAEAD(password, salt, scryptN)
	if err != nil {
		return err
	}
	plain, _ := json.Marshal(credsPlain{c.Key, c.Secret, c.Passphrase})
	var f credsFile
	f.Version, f.Account = 1, account.Hex()
	f.Crypto.KDF, f.Crypto.N, f.Crypto.R, f.Crypto.P, f.Crypto.KeyLength = "scrypt", scryptN, scryptR, scryptP, 32
	f.Crypto.Salt, f.Crypto.Cipher, f.Crypto.Nonce = hex.EncodeToString(salt), "aes-256-gcm", hex.EncodeToString(nonce)
	f.Crypto.Sealed = hex.EncodeToString(aead.Seal(nil, nonce, plain, credsAAD(f.Account)))
	for i := range plain {
		plain[i] = 0
	}
	out, _ := json.MarshalIndent(f, "", "  ")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".creds-*")
	if err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save CLOB credentials: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
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
	if err := json.Unmarshal(raw, &f); err != nil || f.Version != 1 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: not a version 1 credentials file", path)
	}
	if !common.IsHexAddress(f.Account) || common.HexToAddress(f.Account) != account {
		return Credentials{}, fmt.Errorf("CLOB credentials %s belong to %s, not %s", path, f.Account, account.Hex())
	}
	c := f.Crypto
	if c.KDF != "scrypt" || c.Cipher != "aes-256-gcm" || c.R != scryptR || c.P != scryptP || c.KeyLength != 32 ||
		c.N < LightScryptN || c.N > StandardScryptN || c.N&(c.N-1) != 0 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: unsupported encryption parameters", path)
	}
	salt, err1 := hex.DecodeString(c.Salt)
	nonce, err2 := hex.DecodeString(c.Nonce)
	sealed, err3 := hex.DecodeString(c.Sealed)
	if err1 != nil || err2 != nil || err3 != nil || len(nonce) != 12 || len(salt) == 0 {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: damaged encryption fields", path)
	}
	aead, err := credsAEAD(password, salt, c.N)
	if err != nil {
		return Credentials{}, err
	}
	plain, err := aead.Open(nil, nonce, sealed, credsAAD(f.Account))
	if err != nil {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: %w", path, ErrWrongPassword)
	}
	var p credsPlain
	err = json.Unmarshal(plain, &p)
	for i := range plain {
		plain[i] = 0
	}
	if err != nil || p.Key == "" || p.Secret == "" || p.Passphrase == "" {
		return Credentials{}, fmt.Errorf("CLOB credentials %s: decrypted but incomplete", path)
	}
	return Credentials{Key: p.Key, Secret: p.Secret, Passphrase: p.Passphrase}, nil
}

func credsAEAD(password string, salt []byte, n int) (cipher.AEAD, error) {
	key, err := scrypt.Key([]byte(password), salt, n, scryptR, scryptP, 32)
	if err != nil {
		return nil, fmt.Errorf("CLOB credentials key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
