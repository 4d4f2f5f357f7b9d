package devnet

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// fund sends ETH and tokens from the deployer: TestTokens are minted, WETH is
// wrapped from the deployer's ETH and transferred.
func (d *Devnet) fund(ctx context.Context, to common.Address, wei *big.Int, tokens map[string]*big.Int) error {
	s := d.deployer
	var txs []*types.Transaction
	if wei != nil && wei.Sign() > 0 {
		tx, err := s.transfer(ctx, to, wei)
		if err != nil {
			return d.sendFailed(ctx, "fund ETH", err)
		}
		txs = append(txs, tx)
	}
	for _, sym := range slices.Sorted(maps.Keys(tokens)) {
		amt := tokens[sym]
		if amt == nil || amt.Sign() <= 0 {
			continue
		}
		addr, ok := d.tokens[sym]
		if !ok {
			return fmt.Errorf("devnet: no token %q (have %v)", sym, slices.Sorted(maps.Keys(d.tokens)))
		}
		var steps [][]byte
		var values []*big.Int
		if addr == d.manifest.WETH {
			steps = append(steps, wethABI.PackDeposit(), wethABI.PackTransfer(to, amt))
			values = append(values, amt, nil)
		} else {
			steps = append(steps, tokenABI.PackMint(to, amt))
			values = append(values, nil)
		}
		for i, input := range steps {
			tx, err := d.call(ctx, s, addr, input, values[i], gasCall)
			if err != nil {
				return d.sendFailed(ctx, "fund "+sym, err)
			}
			txs = append(txs, tx)
		}
	}
	var commit func() common.Hash
	if d.manual {
		commit = d.chain.commit
	}
	if err := waitAll(ctx, d.chain.client, commit, txs); err != nil {
		return err
	}
	// The pool catches up with a new block in the background: a
	// transaction from the funded account sent right now could still be
	// judged on the state before its funds ("insufficient funds ...
	// balance 0").
	if !d.manual {
		// Sealing a block first waits for that catch-up (SimulatedBeacon
		// syncs the pool before it seals).
		d.chain.commit()
		return nil
	}
	// Blocks are the caller's to count: sync the pool without one.
	if err := d.chain.syncPool(); err != nil {
		return fmt.Errorf("devnet: fund %s: sync the pool: %w", to.Hex(), err)
	}
	return nil
}

// sendFailed resynchronises the deployer's nonce after a failed send, so
// the next call starts from the pool's view.
func (d *Devnet) sendFailed(ctx context.Context, what string, err error) error {
	if rerr := d.deployer.resync(ctx); rerr != nil {
		return fmt.Errorf("devnet: %s: %w (and resync: %v)", what, err, rerr)
	}
	return fmt.Errorf("devnet: %s: %w", what, err)
}
