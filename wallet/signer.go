package wallet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Signer signs with one unlocked key. The key lives in an unexported field
// and never leaves the wallet package: every way of printing or logging a
// Signer shows only its address.
type Signer struct {
	addr common.Address
	key  *ecdsa.PrivateKey
}

// NewSigner wraps a private key (from Keystore.Unlock, DeriveKey for dev
// accounts, or a test key). The Signer owns the key from then on.
func NewSigner(key *ecdsa.PrivateKey) *Signer {
	return &Signer{addr: crypto.PubkeyToAddress(key.PublicKey), key: key}
}

// Address is the account the Signer signs for.
func (s *Signer) Address() common.Address { return s.addr }

// SignTx signs tx for chainID with the latest signer rules (EIP-155, 1559,
// 2930, 4844, 7702 transaction types).
func (s *Signer) SignTx(tx *types.Transaction, chainID *big.Int) (*types.Transaction, error) {
	if chainID == nil || chainID.Sign() <= 0 {
		return nil, fmt.Errorf("sign transaction: chain ID %v is not a positive number", chainID)
	}
	return types.SignTx(tx, types.LatestSignerForChainID(chainID), s.key)
}

// SignerFn returns a bind.SignerFn for abigen bindings; it refuses to sign
// for any address but the Signer's own.
func (s *Signer) SignerFn(chainID *big.Int) bind.SignerFn {
	chainID = new(big.Int).Set(chainID)
	return func(from common.Address, tx *types.Transaction) (*types.Transaction, error) {
		if from != s.addr {
			return nil, bind.ErrNotAuthorized
		}
		return s.SignTx(tx, chainID)
	}
}

// TransactOpts returns bind options that send from this account on chainID.
func (s *Signer) TransactOpts(ctx context.Context, chainID *big.Int) *bind.TransactOpts {
	return &bind.TransactOpts{From: s.addr, Signer: s.SignerFn(chainID), Context: ctx}
}

// SignHash signs a 32-byte digest (EIP-712 hash, anchoring digest) and
// returns the 65-byte [R || S || V] signature with V in {0, 1}.
func (s *Signer) SignHash(hash []byte) ([]byte, error) {
	if len(hash) != 32 {
		return nil, fmt.Errorf("sign hash: digest is %d bytes, want 32", len(hash))
	}
	return crypto.Sign(hash, s.key)
}

// The printing methods have value receivers so that a Signer value, not only
// a pointer, is covered too.

// String shows the address only.
func (s Signer) String() string { return "wallet.Signer(" + s.addr.Hex() + ")" }

// GoString keeps %#v from printing the key's fields.
func (s Signer) GoString() string { return s.String() }

// Format makes every fmt verb (%v, %+v, %#v, %s, %x...) print the address only.
func (s Signer) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }

// LogValue makes slog record the address only.
func (s Signer) LogValue() slog.Value { return slog.StringValue(s.addr.Hex()) }
