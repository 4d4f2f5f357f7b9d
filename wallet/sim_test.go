package wallet

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// simChainID is the simulated backend's fixed chain ID.
var simChainID = big.NewInt(1337)

// echoRevertCode is hand-assembled runtime bytecode that reverts with its
// own calldata: CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY CALLDATASIZE PUSH0
// REVERT. A test chooses the exact revert payload by what it sends.
var echoRevertCode = common.FromHex("365f5f37365ffd")

// echoRevertAddr is where the echo-revert contract lives in genesis.
var echoRevertAddr = common.HexToAddress("0x00000000000000000000000000000000000e5e5e")

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// simChain is a simulated EVM with one funded account and a wallet Client.
type simChain struct {
	t       testing.TB
	backend *simulated.Backend
	client  *Client
	key     *ecdsa.PrivateKey
	from    common.Address
	signs   atomic.Int64 // how many times the test signer was asked to sign
	tr      *Transactor
}

// newSimChain starts a chain where the test account holds 1000 ETH. opts
// get short receipt polling unless the test sets its own.
func newSimChain(t testing.TB, opts Options) *simChain {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	backend := simulated.NewBackend(types.GenesisAlloc{
		from:           {Balance: ether(1000)},
		echoRevertAddr: {Code: echoRevertCode},
	})
	t.Cleanup(func() { _ = backend.Close() })
	if opts.PollInterval == 0 {
		opts.PollInterval = 2 * time.Millisecond
	}
	if opts.ReceiptTimeout == 0 {
		opts.ReceiptTimeout = time.Minute
	}
	s := &simChain{t: t, backend: backend, client: New(backend.Client(), opts), key: key, from: from}
	keyed := bind.NewKeyedTransactor(key, simChainID)
	s.tr = s.client.Transactor(from, func(a common.Address, tx *types.Transaction) (*types.Transaction, error) {
		s.signs.Add(1)
		return keyed.Signer(a, tx)
	})
	return s
}

// autoCommit mines a block every millisecond until the test ends, so
// receipt waits complete. Whether a test passes never depends on the pace.
func (s *simChain) autoCommit() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				s.backend.Commit()
			}
		}
	}()
	s.t.Cleanup(func() { cancel(); <-done })
}

// nonce returns the account's mined nonce.
func (s *simChain) nonce() uint64 {
	s.t.Helper()
	n, err := s.backend.Client().NonceAt(context.Background(), s.from, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// pendingNonce returns the account's nonce including the pool.
func (s *simChain) pendingNonce() uint64 {
	s.t.Helper()
	n, err := s.backend.Client().PendingNonceAt(context.Background(), s.from)
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// newAddr returns a fresh address that holds nothing.
func newAddr(t *testing.T) common.Address {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return crypto.PubkeyToAddress(k.PublicKey)
}
