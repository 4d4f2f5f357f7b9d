package devnet

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// runScenery waits for the setup transactions of background actors (noise
// traders, bettors), then calls act for each actor once per block (once a
// second when each transaction is mined at once) until ctx ends. A failed
// action resyncs that actor's nonce and is tried again next round.
func (d *Devnet) runScenery(ctx context.Context, opts Options, what string, setup []*types.Transaction,
	actors []*sender, act func(ctx context.Context, i int) error) error {
	var commit func() common.Hash
	if opts.Manual {
		commit = d.chain.commit
	}
	if err := waitAll(ctx, d.chain.client, commit, setup); err != nil {
		return fmt.Errorf("devnet: %s setup: %w", what, err)
	}
	every := opts.BlockTime
	if every == 0 {
		every = time.Second
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				for i, s := range actors {
					if err := act(ctx, i); err != nil && ctx.Err() == nil {
						d.log.Debug(what+" failed", "account", s.addr, "err", err)
						s.resync(ctx)
					}
				}
			}
		}
	}()
	return nil
}
