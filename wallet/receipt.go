package wallet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TxRevertedError is a transaction that was mined but reverted. Its fee is
// spent; the hash lets the user look it up.
type TxRevertedError struct {
	Hash     common.Hash
	Block    *big.Int
	GasUsed  uint64
	GasLimit uint64
}

func (e *TxRevertedError) Error() string {
	msg := fmt.Sprintf("transaction %s reverted in block %s (gas used %d of %d)", e.Hash.Hex(), e.Block, e.GasUsed, e.GasLimit)
	if e.GasLimit > 0 && e.GasUsed >= e.GasLimit {
		msg += ": it ran out of gas; raise the gas margin"
	}
	return msg
}

// ReceiptTimeoutError reports a transaction still unmined when the wait ended.
type ReceiptTimeoutError struct {
	Hash    common.Hash
	Timeout time.Duration
}

func (e *ReceiptTimeoutError) Error() string {
	return fmt.Sprintf("no receipt for transaction %s after %s: it is still pending; check it later by hash or raise the receipt timeout", e.Hash.Hex(), e.Timeout)
}

// DroppedError reports a transaction the node no longer knows: neither mined
// nor pending when the wait ended.
type DroppedError struct {
	Hash    common.Hash
	Timeout time.Duration
}

func (e *DroppedError) Error() string {
	return fmt.Sprintf("transaction %s was dropped: no receipt after %s and the node no longer has it; its nonce was released, send it again", e.Hash.Hex(), e.Timeout)
}

// WaitReceipt polls for the receipt of hash every Options.PollInterval, for
// at most Options.ReceiptTimeout. When the time is up it tells a still
// pending transaction (*ReceiptTimeoutError) from a dropped one
// (*DroppedError). The receipt's status is not checked here.
//
// It returns only once the node's head has reached the receipt's block: a
// go-ethereum node indexes a receipt a moment before it moves "latest", and
// a caller reading state right after (balance deltas, the next quote) must
// see the transaction's effects.
func (c *Client) WaitReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error) {
	timeout := c.opts.ReceiptTimeout
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(c.opts.PollInterval)
	defer tick.Stop()
	for {
		r, err := c.backend.TransactionReceipt(wctx, hash)
		if err == nil && r != nil {
			// The transaction is mined: the head follows within moments, so
			// this wait has its own bound rather than the receipt timeout.
			hctx, hcancel := context.WithTimeout(ctx, headWait)
			defer hcancel()
			return r, c.waitHead(hctx, r.BlockNumber)
		}
		// Other errors ("transaction indexing is in progress", a timeout)
		// can be transient: keep polling until the deadline.
		select {
		case <-tick.C:
			continue
		case <-wctx.Done():
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("stopped waiting for transaction %s: %w", hash.Hex(), ctx.Err())
		}
		// Timed out: one last look, with a fresh short deadline.
		lctx, lcancel := context.WithTimeout(ctx, 5*time.Second)
		defer lcancel()
		r, err = c.backend.TransactionReceipt(lctx, hash)
		if err == nil && r != nil {
			return r, nil
		}
		if err != nil && !errors.Is(err, ethereum.NotFound) && isTransportErr(err) {
			return nil, c.nodeErr("read receipt of "+hash.Hex(), err)
		}
		// Only a definite "not found" means dropped; anything else may still mine.
		if _, _, err := c.backend.TransactionByHash(lctx, hash); errors.Is(err, ethereum.NotFound) {
			return nil, &DroppedError{Hash: hash, Timeout: timeout}
		}
		return nil, &ReceiptTimeoutError{Hash: hash, Timeout: timeout}
	}
}

// headWait bounds the wait for the head to reach a mined receipt's block.
const headWait = 10 * time.Second

// waitHead waits until the node's latest block is at least n.
func (c *Client) waitHead(ctx context.Context, n *big.Int) error {
	if n == nil {
		return nil
	}
	for {
		head, err := c.backend.BlockNumber(ctx)
		if err != nil {
			return c.nodeErr("read block number", err)
		}
		if head >= n.Uint64() {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("node head %d did not reach the receipt's block %s: %w", head, n, ctx.Err())
		case <-time.After(c.opts.PollInterval):
		}
	}
}
