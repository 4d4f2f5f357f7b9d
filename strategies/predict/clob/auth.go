package clob

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// Header names of CLOB authentication.
const (
	HeaderAddress    = "POLY_ADDRESS"
	HeaderSignature  = "POLY_SIGNATURE"
	HeaderTimestamp  = "POLY_TIMESTAMP"
	HeaderNonce      = "POLY_NONCE"
	HeaderAPIKey     = "POLY_API_KEY"
	HeaderPassphrase = "POLY_PASSPHRASE"
)

// ClobAuth is the L1 attestation: an EIP-712 message in domain
// ClobAuthDomain/1 on the chain, with no verifying contract.
const (
	clobAuthTypeString   = "ClobAuth(address address,string timestamp,uint256 nonce,string message)"
	clobAuthDomainString = "EIP712Domain(string name,string version,uint256 chainId)"
	clobAuthMessage      = "This message attests that I control the given wallet"
)

// ClobAuthHash is the digest an account signs to create or derive its API
// credentials at (timestamp, nonce).
func ClobAuthHash(chainID int64, addr common.Address, timestamp int64, nonce uint64) common.Hash {
	domain := crypto.Keccak256Hash(
		crypto.Keccak256([]byte(clobAuthDomainString)),
		crypto.Keccak256([]byte("ClobAuthDomain")),
		crypto.Keccak256([]byte("1")),
		word(big.NewInt(chainID)),
	)
	s := crypto.Keccak256Hash(
		crypto.Keccak256([]byte(clobAuthTypeString)),
		common.LeftPadBytes(addr[:], 32),
		crypto.Keccak256([]byte(strconv.FormatInt(timestamp, 10))),
		word(new(big.Int).SetUint64(nonce)),
		crypto.Keccak256([]byte(clobAuthMessage)),
	)
	return digest(domain, s)
}

// L1Headers authenticates an API-key request (create, derive) as key's
// account at unix time timestamp.
func L1Headers(key HashSigner, chainID int64, timestamp int64, nonce uint64) (http.Header, error) {
	sig, err := signDigest(key, ClobAuthHash(chainID, key.Address(), timestamp, nonce))
	if err != nil {
		return nil, fmt.Errorf("L1 auth: %w", err)
	}
	h := http.Header{}
	setRaw(h, HeaderAddress, key.Address().Hex())
	setRaw(h, HeaderSignature, hexutil.Encode(sig))
	setRaw(h, HeaderTimestamp, strconv.FormatInt(timestamp, 10))
	setRaw(h, HeaderNonce, strconv.FormatUint(nonce, 10))
	return h, nil
}

// VerifyL1 checks L1 headers and returns the account and nonce they prove.
func VerifyL1(h http.Header, chainID int64) (common.Address, uint64, error) {
	addrS, sigS, tsS, nonceS := getRaw(h, HeaderAddress), getRaw(h, HeaderSignature), getRaw(h, HeaderTimestamp), getRaw(h, HeaderNonce)
	if !common.IsHexAddress(addrS) {
		return common.Address{}, 0, errors.New("Invalid L1 Request headers: POLY_ADDRESS is not an address")
	}
	ts, err := strconv.ParseInt(tsS, 10, 64)
	if err != nil {
		return common.Address{}, 0, errors.New("Invalid L1 Request headers: POLY_TIMESTAMP is not a number")
	}
	var nonce uint64
	if nonceS != "" {
		if nonce, err = strconv.ParseUint(nonceS, 10, 64); err != nil {
			return common.Address{}, 0, errors.New("Invalid L1 Request headers: POLY_NONCE is not a number")
		}
	}
	sig, err := hexutil.Decode(sigS)
	if err != nil {
		return common.Address{}, 0, errors.New("Invalid L1 Request headers: POLY_SIGNATURE is not hex")
	}
	addr := common.HexToAddress(addrS)
	got, err := recoverDigest(ClobAuthHash(chainID, addr, ts, nonce), sig)
	if err != nil || got != addr {
		return common.Address{}, 0, errors.New("Invalid L1 Request headers: signature does not match POLY_ADDRESS")
	}
	return addr, nonce, nil
}

// Credentials are an account's L2 API credentials. Secret and Passphrase
// authenticate every trading request: they never print, log or marshal.
type Credentials struct {
	Key        string
	Secret     string // base64url HMAC key
	Passphrase string
}

func (c Credentials) String() string {
	return "clob.Credentials{Key: " + c.Key + ", Secret: [redacted], Passphrase: [redacted]}"
}

// GoString keeps %#v from printing the secret.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb print the redacted form.
func (c Credentials) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// LogValue makes slog record the key only.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON refuses: credentials are stored encrypted (SaveCredentials).
func (c Credentials) MarshalJSON() ([]byte, error) {
	return nil, errors.New("clob credentials are never marshalled in clear; use SaveCredentials")
}

// decodeSecret reads the base64 secret, URL-safe or standard, padded or not.
func decodeSecret(secret string) ([]byte, error) {
	s := strings.NewReplacer("-", "+", "_", "/").Replace(secret)
	s = strings.TrimRight(s, "=")
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil, errors.New("API secret is not base64")
	}
	return b, nil
}

// HMACSignature is the L2 signature: base64url(HMAC-SHA256(secret,
// timestamp + method + path + body)), padding kept.
func HMACSignature(secret string, timestamp int64, method, path string, body []byte) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strconv.FormatInt(timestamp, 10) + method + path))
	m.Write(body)
	return base64.URLEncoding.EncodeToString(m.Sum(nil)), nil
}

// L2Headers authenticates a trading request from addr; path is the request
// path without its query, body the exact bytes sent (nil for none).
func L2Headers(addr common.Address, c Credentials, timestamp int64, method, path string, body []byte) (http.Header, error) {
	sig, err := HMACSignature(c.Secret, timestamp, method, path, body)
	if err != nil {
		return nil, fmt.Errorf("L2 auth: %w", err)
	}
	h := http.Header{}
	setRaw(h, HeaderAddress, addr.Hex())
	setRaw(h, HeaderSignature, sig)
	setRaw(h, HeaderTimestamp, strconv.FormatInt(timestamp, 10))
	setRaw(h, HeaderAPIKey, c.Key)
	setRaw(h, HeaderPassphrase, c.Passphrase)
	return h, nil
}

// The API's header names have underscores; they are set as written rather
// than canonicalised.
func setRaw(h http.Header, k, v string) { h[k] = []string{v} }

func getRaw(h http.Header, k string) string {
	if v := h[k]; len(v) > 0 {
		return v[0]
	}
	return h.Get(k)
}

// HeaderValue reads a CLOB auth header from a request as sent.
func HeaderValue(h http.Header, k string) string { return getRaw(h, k) }
