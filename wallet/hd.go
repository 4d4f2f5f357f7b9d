package wallet

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/tyler-smith/go-bip39"
	"golang.org/x/text/unicode/norm"
)

// BIP-39 (mnemonic -> seed) and BIP-32 private derivation on secp256k1: enough
// to import a wallet's mnemonic and to derive the devnet's dev accounts. Only
// private child derivation is needed, so no extended public keys here.

// hardenedOffset marks a hardened BIP-32 index (written i' in paths).
const hardenedOffset = 0x80000000

// AccountPath returns the BIP-44 Ethereum path m/44'/60'/0'/0/index, the one
// geth, MetaMask, Foundry and Hardhat use for account number index.
func AccountPath(index uint32) (accounts.DerivationPath, error) {
	if index >= hardenedOffset {
		return nil, fmt.Errorf("%w: index %d is out of range: use 0 to %d", ErrInvalidMnemonic, index, hardenedOffset-1)
	}
	path := make(accounts.DerivationPath, len(accounts.DefaultBaseDerivationPath))
	copy(path, accounts.DefaultBaseDerivationPath)
	path[len(path)-1] = index
	return path, nil
}

// NormalizeMnemonic checks a BIP-39 English mnemonic (word count, wordlist,
// checksum) and returns it in canonical form: NFKD, lower case, single
// spaces. Errors name the position of a bad word, never the word itself,
// because even part of a mnemonic is a secret.
func NormalizeMnemonic(mnemonic string) (string, error) {
	words := strings.Fields(strings.ToLower(norm.NFKD.String(mnemonic)))
	switch len(words) {
	case 12, 15, 18, 21, 24:
	default:
		return "", fmt.Errorf("%w: it has %d words; a BIP-39 mnemonic has 12, 15, 18, 21 or 24", ErrInvalidMnemonic, len(words))
	}
	for i, w := range words {
		if _, ok := bip39.GetWordIndex(w); !ok {
			return "", fmt.Errorf("%w: word %d is not in the BIP-39 English wordlist: check its spelling", ErrInvalidMnemonic, i+1)
		}
	}
	canonical := strings.Join(words, " ")
	if _, err := bip39.EntropyFromMnemonic(canonical); err != nil {
		if errors.Is(err, bip39.ErrChecksumIncorrect) {
			return "", fmt.Errorf("%w: the checksum does not match: a word is mistyped or out of order", ErrInvalidMnemonic)
		}
		// Every word was checked above, so the library's message cannot echo one.
		return "", fmt.Errorf("%w: %v", ErrInvalidMnemonic, err)
	}
	return canonical, nil
}

// MnemonicSeed checks the mnemonic and returns its 64-byte BIP-39 seed:
// PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic"+passphrase (both NFKD).
func MnemonicSeed(mnemonic, passphrase string) ([]byte, error) {
	canonical, err := NormalizeMnemonic(mnemonic)
	if err != nil {
		return nil, err
	}
	return bip39.NewSeed(canonical, norm.NFKD.String(passphrase)), nil
}

// DeriveKey derives the private key at path from a BIP-39 mnemonic and its
// optional passphrase ("" for none). Paths come from AccountPath or
// accounts.ParseDerivationPath.
func DeriveKey(mnemonic, passphrase string, path accounts.DerivationPath) (*ecdsa.PrivateKey, error) {
	seed, err := MnemonicSeed(mnemonic, passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	return deriveFromSeed(seed, path)
}

// deriveFromSeed applies BIP-32 from the master key of seed along path.
func deriveFromSeed(seed []byte, path accounts.DerivationPath) (*ecdsa.PrivateKey, error) {
	k, err := masterKey(seed)
	if err != nil {
		return nil, err
	}
	for _, index := range path {
		child, err := k.child(index)
		k.wipe()
		if err != nil {
			return nil, fmt.Errorf("derive %v: %w", path, err)
		}
		k = child
	}
	defer k.wipe()
	b := k.key.Bytes()
	defer clear(b[:])
	return crypto.ToECDSA(b[:])
}

// extKey is a BIP-32 extended private key.
type extKey struct {
	key   secp256k1.ModNScalar
	chain [32]byte
}

// errUnusableKey has probability below 2^-127 per derivation (BIP-32).
var errUnusableKey = fmt.Errorf("%w: derivation gave an invalid key; use another index", ErrInvalidMnemonic)

func masterKey(seed []byte) (*extKey, error) {
	mac := hmac.New(sha512.New, []byte("Bitcoin seed"))
	mac.Write(seed)
	return fromHMAC(mac.Sum(nil), nil)
}

// child returns child number index (hardened when index >= 2^31).
func (k *extKey) child(index uint32) (*extKey, error) {
	var data [37]byte
	if index >= hardenedOffset {
		kb := k.key.Bytes()
		copy(data[1:33], kb[:]) // 0x00 || ser256(k)
		clear(kb[:])
	} else {
		priv := secp256k1.NewPrivateKey(&k.key)
		copy(data[:33], priv.PubKey().SerializeCompressed()) // serP(point(k))
		priv.Zero()
	}
	binary.BigEndian.PutUint32(data[33:], index)
	mac := hmac.New(sha512.New, k.chain[:])
	mac.Write(data[:])
	clear(data[:])
	return fromHMAC(mac.Sum(nil), &k.key)
}

// fromHMAC builds a key from I = IL || IR: key = IL (+ parent mod n), chain = IR.
func fromHMAC(i []byte, parent *secp256k1.ModNScalar) (*extKey, error) {
	defer clear(i)
	var k extKey
	if overflow := k.key.SetByteSlice(i[:32]); overflow {
		return nil, errUnusableKey
	}
	if parent != nil {
		k.key.Add(parent)
	}
	if k.key.IsZero() {
		return nil, errUnusableKey
	}
	copy(k.chain[:], i[32:])
	return &k, nil
}

func (k *extKey) wipe() {
	k.key.Zero()
	clear(k.chain[:])
}
