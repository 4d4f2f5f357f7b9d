package main

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/agent"
)

// chainWatchEvery is how often a run checks that its node still serves the
// chain it booted on.
const chainWatchEvery = 5 * time.Second

// headerReader is what the chain watch asks the node.
type headerReader interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// watchChain ends a run whose node starts answering for another chain. A
// devnet killed and started again without its state keeps chain ID 1337
// and its contract addresses, but none of the agents' funds, nonces or
// anchors: trading on it reads every equity as 0 and trips every drawdown
// kill switch, and anchors are re-sent forever. Block 1's hash names the
// chain; a node that is down is left to the agents' back-off. stop is
// called once, with what happened and what to do, and the watch returns.
func watchChain(ctx context.Context, c headerReader, rpc string, tick <-chan time.Time, stop func(error)) {
	one := big.NewInt(1)
	var ref common.Hash
	for {
		if ref == (common.Hash{}) {
			if h, err := c.HeaderByNumber(ctx, one); err == nil {
				ref = h.Hash()
			}
		} else if h, err := c.HeaderByNumber(ctx, one); err == nil && h.Hash() != ref {
			stop(fmt.Errorf("the node at %s now serves another chain (its block 1 is %s, it was %s: a devnet started again without its state?): the agents were stopped so that nothing trades on it; start the run again to boot on this chain (decisions anchored on the old one can no longer be checked on-chain)",
				rpc, h.Hash().TerminalString(), ref.TerminalString()))
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

// haltAnchoring stops the host's anchorer for good when the chain changed
// under the run: not even the flush at shutdown may anchor on that chain.
func haltAnchoring(h *agent.Host) {
	if h.Trust != nil && h.Trust.Anchorer != nil {
		h.Trust.Anchorer.Halt()
	}
}
