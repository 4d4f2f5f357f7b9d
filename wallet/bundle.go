package wallet

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// CallResult is the simulated outcome of one call of a bundle.
type CallResult struct {
	OK      bool
	Return  []byte
	GasUsed uint64
	Error   string // revert reason or error, when !OK
}

// simulator is the node API that runs several calls in sequence on one
// state: eth_simulateV1 (go-ethereum's ethclient and its simulated backend).
type simulator interface {
	SimulateV1(ctx context.Context, opts ethclient.SimulateOptions, block *rpc.BlockNumberOrHash) ([]ethclient.SimulateBlockResult, error)
}

// ErrNoBundleSimulation means the backend can neither simulate calls in
// sequence nor be sent eth_call with state overrides.
var ErrNoBundleSimulation = errors.New("the node backend offers neither eth_simulateV1 nor JSON-RPC eth_call with state overrides, so a plan cannot be simulated before sending")

// SimulateBundle runs intents in order from one account, so a swap sees the
// approval before it: the whole plan is simulated before anything is
// signed. It is SimulatePlan without saying how.
func (c *Client) SimulateBundle(ctx context.Context, from common.Address, intents []Intent) ([]CallResult, error) {
	sim, err := c.SimulatePlan(ctx, from, intents)
	if err != nil {
		return nil, err
	}
	return sim.Calls, nil
}

// simulateV1 runs intents with eth_simulateV1. A call that reverts is
// reported in its result, with later calls still run on the state it left.
func (c *Client) simulateV1(ctx context.Context, sim simulator, from common.Address, intents []Intent) ([]CallResult, error) {
	calls := make([]ethereum.CallMsg, len(intents))
	for i, in := range intents {
		calls[i] = ethereum.CallMsg{From: from, To: in.To, Value: in.Value, Data: in.Data, Gas: in.Gas}
	}
	latest := rpc.BlockNumberOrHashWithNumber(rpc.LatestBlockNumber)
	res, err := sim.SimulateV1(ctx, ethclient.SimulateOptions{BlockStateCalls: []ethclient.SimulateBlock{{Calls: calls}}}, &latest)
	if err != nil {
		if lacksMethod(err) {
			return nil, err // the caller falls back to eth_call
		}
		return nil, c.nodeErr("simulate bundle", err)
	}
	if len(res) != 1 || len(res[0].Calls) != len(intents) {
		return nil, fmt.Errorf("simulate bundle: node returned %d blocks for 1 and an unexpected number of calls", len(res))
	}
	out := make([]CallResult, len(intents))
	for i, r := range res[0].Calls {
		out[i] = CallResult{OK: r.Status == types.ReceiptStatusSuccessful, Return: r.ReturnValue, GasUsed: r.GasUsed}
		if !out[i].OK {
			out[i].Error = "reverted"
			if r.Error != nil {
				out[i].Error = r.Error.Message
			}
			if len(r.ReturnValue) > 0 {
				out[i].Error = DecodeRevert(r.ReturnValue, intents[i].ABI).Error()
			}
		}
	}
	return out, nil
}

// SignBundle signs intents as consecutive transactions from t's account
// with the given gas limits and fees, without sending them: the caller
// records them first (a decision is written before its transaction is
// sent). Release returns the nonces if the bundle is not sent.
func (t *Transactor) SignBundle(ctx context.Context, intents []Intent, fees Fees) ([]*types.Transaction, error) {
	chainID, err := t.c.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	if err := t.c.checkFeeCap(fees); err != nil {
		return nil, err
	}
	// A bundle that starts from rest starts from the node's pending nonce.
	if err := t.c.nonces.SyncIdle(ctx, t.from); err != nil {
		return nil, t.c.nodeErr("read pending nonce", err)
	}
	txs := make([]*types.Transaction, 0, len(intents))
	release := func() {
		for i := len(txs) - 1; i >= 0; i-- {
			t.c.nonces.Release(t.from, txs[i].Nonce())
		}
	}
	for i, in := range intents {
		if in.Gas == 0 {
			release()
			return nil, fmt.Errorf("bundle call %d has no gas limit", i)
		}
		nonce, err := t.c.nonces.Reserve(ctx, t.from)
		if err != nil {
			release()
			return nil, t.c.nodeErr("reserve nonce", err)
		}
		value := in.Value
		if value == nil {
			value = new(big.Int)
		}
		tx, err := t.signChecked(chainID, types.NewTx(&types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: fees.TipCap, GasFeeCap: fees.FeeCap,
			Gas: in.Gas, To: in.To, Value: value, Data: in.Data,
		}))
		if err != nil {
			t.c.nonces.Release(t.from, nonce)
			release()
			return nil, err
		}
		txs = append(txs, tx)
	}
	return txs, nil
}

// ReleaseBundle gives back the nonces of a signed bundle that was not sent.
func (t *Transactor) ReleaseBundle(txs []*types.Transaction) {
	for i := len(txs) - 1; i >= 0; i-- {
		t.c.nonces.Release(t.from, txs[i].Nonce())
	}
}

// SendSigned sends one transaction signed by SignBundle. When the node
// answers with a rejection, nothing was sent: the caller gives the nonce back
// with ReleaseBundle, and a rejection saying the nonce is taken resyncs the
// account's nonces with the node first, so the next bundle does not reuse
// it. When no answer arrives (a dropped connection, a 5xx, a garbled reply)
// the node may hold the transaction: the error is a *SendUnknownError, the
// nonce stays used, and the caller must find out from the chain (LookupTx).
func (t *Transactor) SendSigned(ctx context.Context, tx *types.Transaction) error {
	err := t.c.backend.SendTransaction(ctx, tx)
	switch {
	case err == nil || isAlreadyKnown(err):
		t.c.nonces.Sent(t.from, tx.Nonce())
		return nil
	case !isNodeAnswer(err):
		t.c.nonces.Sent(t.from, tx.Nonce())
		return &SendUnknownError{Hash: tx.Hash(), Nonce: tx.Nonce(), Err: t.c.nodeErr("send transaction", err)}
	case isNonceTaken(err):
		if rerr := t.c.nonces.Resync(context.WithoutCancel(ctx), t.from); rerr != nil {
			return errors.Join(fmt.Errorf("send transaction with nonce %d: %w", tx.Nonce(), err), t.c.nodeErr("resync nonce", rerr))
		}
		return fmt.Errorf("send transaction with nonce %d: %w; nonces resynced with the node", tx.Nonce(), err)
	default:
		return t.c.nodeErr("send transaction", err)
	}
}

// Rebroadcast sends an already signed (and recorded) transaction again,
// byte for byte: the node may never have received it. The same bytes can
// only ever be mined once, so this never sends an intent twice.
func (t *Transactor) Rebroadcast(ctx context.Context, tx *types.Transaction) error {
	err := t.c.backend.SendTransaction(ctx, tx)
	if err == nil || isAlreadyKnown(err) {
		return nil
	}
	return t.c.nodeErr("rebroadcast transaction "+tx.Hash().Hex(), err)
}

// GasWithMargin pads a simulated gas use with the client's margin.
func (c *Client) GasWithMargin(used uint64) uint64 { return c.withMargin(used, 0) }
