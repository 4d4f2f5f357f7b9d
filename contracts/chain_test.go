package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/rpc"
)

// chain is a simulated EVM with two funded accounts; every helper mines its
// transaction at once (Commit) and fails the test on anything unexpected.
type chain struct {
	t       testing.TB
	backend *simulated.Backend
	client  simulated.Client
	owner   *bind.TransactOpts // deploys everything and owns the test tokens
	alice   *bind.TransactOpts // a second, unprivileged user
	keys    map[common.Address]*ecdsa.PrivateKey
}

// ether returns n * 10^18.
func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func newChain(t testing.TB) *chain {
	t.Helper()
	ownerKey, aliceKey := newKey(t), newKey(t)
	alloc := types.GenesisAlloc{}
	for _, k := range []*ecdsa.PrivateKey{ownerKey, aliceKey} {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: ether(1_000_000)}
	}
	backend := simulated.NewBackend(alloc, releasedForks)
	t.Cleanup(func() { _ = backend.Close() })
	id := big.NewInt(1337) // the simulated backend's fixed chain ID
	return &chain{
		t:       t,
		backend: backend,
		client:  backend.Client(),
		owner:   bind.NewKeyedTransactor(ownerKey, id),
		alice:   bind.NewKeyedTransactor(aliceKey, id),
		keys: map[common.Address]*ecdsa.PrivateKey{
			crypto.PubkeyToAddress(ownerKey.PublicKey): ownerKey,
			crypto.PubkeyToAddress(aliceKey.PublicKey): aliceKey,
		},
	}
}

// releasedForks turns off the forks the simulated backend enables that mainnet
// has not shipped (they change gas rules), so the tests see mainnet's EVM.
func releasedForks(_ *node.Config, eth *ethconfig.Config) {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BogotaTime = nil
	eth.Genesis.Config = &cfg
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// withValue returns a copy of opts that sends wei along.
func withValue(opts *bind.TransactOpts, wei *big.Int) *bind.TransactOpts {
	cp := *opts
	cp.Value = wei
	return &cp
}

// deploy deploys creation code bin (a MetaData.Bin) with packed constructor args.
func (c *chain) deploy(bin string, ctor []byte) common.Address {
	c.t.Helper()
	addr, tx, err := bind.DeployContract(c.owner, common.FromHex(bin), c.client, ctor)
	if err != nil {
		c.t.Fatalf("deploy: %v", err)
	}
	c.mined(tx)
	return addr
}

// send executes data on inst and returns the successful receipt.
func (c *chain) send(from *bind.TransactOpts, inst *bind.BoundContract, data []byte) *types.Receipt {
	c.t.Helper()
	tx, err := c.transact(from, inst, data)
	if err != nil {
		c.t.Fatalf("transact: %s", revertReason(err))
	}
	return c.mined(tx)
}

// transact estimates gas (a revert shows up here, with its reason) and sends with
// a 50% margin: the estimate runs in the latest block's context, where a pair's
// timestamp has not moved yet, so it misses the price accumulators' first
// writes that the mined block then pays for.
func (c *chain) transact(from *bind.TransactOpts, inst *bind.BoundContract, data []byte) (*types.Transaction, error) {
	to := inst.Address()
	gas, err := c.client.EstimateGas(context.Background(), ethereum.CallMsg{From: from.From, To: &to, Value: from.Value, Data: data})
	if err != nil {
		return nil, err
	}
	opts := *from
	opts.GasLimit = gas + gas/2
	return bind.Transact(inst, &opts, data)
}

func (c *chain) mined(tx *types.Transaction) *types.Receipt {
	c.t.Helper()
	c.backend.Commit()
	rcpt, err := c.client.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		c.t.Fatalf("receipt of %s: %v", tx.Hash(), err)
	}
	if rcpt.Status != types.ReceiptStatusSuccessful {
		c.t.Fatalf("tx %s reverted on chain (gas used %d of %d)", tx.Hash(), rcpt.GasUsed, tx.Gas())
	}
	return rcpt
}

// reverts asserts that data on inst reverts with exactly the given reason; nothing
// is mined.
func (c *chain) reverts(from *bind.TransactOpts, inst *bind.BoundContract, data []byte, reason string) {
	c.t.Helper()
	tx, err := c.transact(from, inst, data)
	if err == nil {
		c.mined(tx)
		c.t.Fatalf("want revert %q, tx succeeded", reason)
	}
	if got := revertReason(err); got != reason {
		c.t.Fatalf("revert reason = %q, want %q", got, reason)
	}
}

// balance is the account's ETH balance at the latest block.
func (c *chain) balance(addr common.Address) *big.Int {
	c.t.Helper()
	b, err := c.client.BalanceAt(context.Background(), addr, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// now is the timestamp of the latest block.
func (c *chain) now() uint64 {
	c.t.Helper()
	h, err := c.client.HeaderByNumber(context.Background(), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return h.Time
}

// call runs a read-only method and fails the test on error.
func call[T any](t testing.TB, inst *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	v, err := bind.Call(inst, nil, data, unpack)
	if err != nil {
		t.Fatalf("call: %s", revertReason(err))
	}
	return v
}

// revertReason decodes the Error(string) payload a node attaches to a revert; any
// other error is returned as text.
func revertReason(err error) string {
	var de rpc.DataError
	if errors.As(err, &de) {
		if s, ok := de.ErrorData().(string); ok {
			if data, derr := hexutil.Decode(s); derr == nil {
				if reason, uerr := abi.UnpackRevert(data); uerr == nil {
					return reason
				}
			}
		}
	}
	return err.Error()
}

// gasCost is what a mined transaction paid for gas.
func gasCost(r *types.Receipt) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
}

func eq(t testing.TB, what string, got, want *big.Int) {
	t.Helper()
	if got.Cmp(want) != 0 {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

// bindCall is bind.Call that leaves the error to the caller (for expected reverts).
func bindCall[T any](inst *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(inst, nil, data, unpack)
}

// with returns a copy of c that reports to t, for use inside subtests.
func (c *chain) with(t *testing.T) *chain {
	cp := *c
	cp.t = t
	return &cp
}

// freshAddress is a new address nobody holds the key to after the test.
func freshAddress(t testing.TB) common.Address {
	return crypto.PubkeyToAddress(newKey(t).PublicKey)
}
