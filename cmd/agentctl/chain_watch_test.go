package main

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
)

// scriptedNode answers block 1 from a script: a header time (each makes a
// different hash) or, for 0, a node that is down.
type scriptedNode struct {
	mu    sync.Mutex
	times []uint64
	asked int
}

func (n *scriptedNode) HeaderByNumber(_ context.Context, num *big.Int) (*types.Header, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if num.Uint64() != 1 {
		return nil, errors.New("only block 1 is asked for")
	}
	t := n.times[min(n.asked, len(n.times)-1)]
	n.asked++
	if t == 0 {
		return nil, errors.New("connection refused")
	}
	return &types.Header{Number: big.NewInt(1), Time: t, Difficulty: new(big.Int)}, nil
}

// TestWatchChainStopsOnAnotherChain: a node that is down, or answers with
// the same chain, leaves the run alone; one whose block 1 changed (a devnet
// started again without its state) stops it, naming the node.
func TestWatchChainStopsOnAnotherChain(t *testing.T) {
	t.Parallel()
	// Asked once at start, then once per tick.
	node := &scriptedNode{times: []uint64{0, 100, 100, 0, 0, 200}}
	tick := make(chan time.Time)
	stopped := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		watchChain(context.Background(), node, "http://127.0.0.1:8545", tick, func(err error) { stopped <- err })
	}()
	for range 4 { // ref, same, down, down
		tick <- time.Time{}
	}
	select {
	case err := <-stopped:
		t.Fatalf("stopped while the chain was the same or down: %v", err)
	default:
	}
	tick <- time.Time{} // another block 1
	<-done
	err := <-stopped
	if !strings.Contains(err.Error(), "the node at http://127.0.0.1:8545 now serves another chain") || !strings.Contains(err.Error(), "start the run again") {
		t.Fatalf("stop reason %q", err)
	}
}

// TestWatchChainEndsWithTheRun: the watch returns when the run ends.
func TestWatchChainEndsWithTheRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		watchChain(ctx, &scriptedNode{times: []uint64{100}}, "x", make(chan time.Time), func(err error) { t.Errorf("stopped: %v", err) })
	}()
	cancel()
	<-done
}
