package wallet

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// SendUnknownError is a send whose reply never arrived: the node may or may
// not hold the transaction. It is not a failure: the transaction must be
// counted as spent until LookupTx says it was mined or provably dropped.
type SendUnknownError struct {
	Hash  common.Hash
	Nonce uint64
	Err   error
}

func (e *SendUnknownError) Error() string {
	return fmt.Sprintf("no reply to the send of transaction %s (nonce %d), so it may be on its way: %v", e.Hash.Hex(), e.Nonce, e.Err)
}

func (e *SendUnknownError) Unwrap() error { return e.Err }

// isNodeAnswer reports whether the node certainly did not take the send:
// its own JSON-RPC error reply (a definite rejection), or a connection that
// was never made. Anything else (a reply lost or cut, an HTTP status, a
// deadline) leaves open whether the node took the transaction.
func isNodeAnswer(err error) bool {
	var rpcErr rpc.Error
	var opErr *net.OpError
	return errors.As(err, &rpcErr) || (errors.As(err, &opErr) && opErr.Op == "dial")
}

// TxState is what the chain says about one signed transaction.
type TxState int

const (
	// TxUnseen: the node knows neither the transaction nor a later nonce of
	// the account: it may still arrive from elsewhere, or never.
	TxUnseen TxState = iota
	// TxPending: the node holds it in its pool.
	TxPending
	// TxMined: it has a receipt (which may say reverted).
	TxMined
	// TxDropped: the account's mined nonce passed it and it has no receipt:
	// another transaction used the nonce (replaced, or dropped and the gap
	// filled). It can never be mined.
	TxDropped
)

func (s TxState) String() string {
	return [...]string{"unseen", "pending", "mined", "dropped"}[s]
}

// LookupTx asks the chain what became of the transaction with this hash and
// nonce, sent from from. It reads the
// account's mined nonce before the receipt, so a transaction mined between
// the two reads is seen as mined, never as dropped. An error means the node
// did not answer clearly: ask again later.
func (c *Client) LookupTx(ctx context.Context, from common.Address, hash common.Hash, nonce uint64) (TxState, *types.Receipt, error) {
	mined, err := c.backend.NonceAt(ctx, from, nil)
	if err != nil {
		return TxUnseen, nil, c.nodeErr("read nonce of "+from.Hex(), err)
	}
	r, err := c.backend.TransactionReceipt(ctx, hash)
	switch {
	case err == nil && r != nil:
		if err := c.waitHead(ctx, r.BlockNumber); err != nil {
			return TxUnseen, nil, err
		}
		return TxMined, r, nil
	case err != nil && !errors.Is(err, ethereum.NotFound):
		return TxUnseen, nil, c.nodeErr("read receipt of "+hash.Hex(), err)
	}
	if nonce < mined {
		return TxDropped, nil, nil
	}
	_, isPending, err := c.backend.TransactionByHash(ctx, hash)
	switch {
	case err == nil && isPending:
		return TxPending, nil, nil
	case err == nil:
		// Mined after the receipt read: the next lookup returns its receipt.
		return TxPending, nil, nil
	case errors.Is(err, ethereum.NotFound):
		return TxUnseen, nil, nil
	default:
		return TxUnseen, nil, c.nodeErr("look up transaction "+hash.Hex(), err)
	}
}
