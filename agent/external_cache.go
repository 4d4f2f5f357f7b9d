package agent

import (
	"context"
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
)

// The read tools (balances, quote) answer from the chain's head block. A
// read pinned to one block gives the same answer however often it is made,
// so outside agents polling at one head share a single read per agent and
// question: 100 clients at one block cost the eth_calls once, plus two
// head reads and two reads of the positions (sharedRead). Why this is safe:
//   - every answer claims its block (Holdings.Block, Quoted.Block), and the
//     cached value was read pinned to that block number and stored only
//     when the head still had the same hash afterwards (no reorg between);
//   - the cache is keyed by the head each caller has just read, so a new
//     block (a tx by anyone, the agent's too) misses; a caller that saw an
//     older head than the cache's reads without the cache;
//   - a proposal of the agent (which may send) empties it, so its next
//     read starts from the chain even before a new head is seen;
//   - proposals never read through it: their plans, marks, simulation and
//     the spend the policy counts are read fresh (Swap, Transfer, trade,
//     judge), and positions are read from the log after each call began.

// head is the block a read is pinned to.
type head struct {
	number uint64
	hash   common.Hash
}

func (h head) big() *big.Int { return new(big.Int).SetUint64(h.number) }

// readCache is one agent's reads at one head block, shared by every
// External of the runtime; with the shared reads of the head and of the
// agent's positions (live and paper) that its answers start from.
type readCache struct {
	mu      sync.Mutex
	at      head
	entries map[string]*flight
	// fetches counts reads that went to the chain on behalf of the cache
	// (a test checks identical concurrent reads share one).
	fetches atomic.Uint64

	head      sharedRead[head]
	positions [2]sharedRead[[]store.Position] // [0] live, [1] paper
}

// flight is one read in progress or done; val is set before done closes.
type flight struct {
	done chan struct{}
	val  any
	ok   bool
}

// readCaches holds the agents' caches by a weak key, dropped with the
// agent's state (a closed runtime's), which no cache refers to.
// maxReadEntries bounds one agent's cache at one block: quotes are keyed
// by the client's arguments, and a devnet's head can stay for hours.
const maxReadEntries = 256

var readCaches sync.Map // weak.Pointer[state] -> *readCache

func (s *state) reads() *readCache {
	k := weak.Make(s)
	if c, ok := readCaches.Load(k); ok {
		return c.(*readCache)
	}
	c, loaded := readCaches.LoadOrStore(k, &readCache{entries: map[string]*flight{}})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[state]) { readCaches.Delete(k) }, k)
	}
	return c.(*readCache)
}

// forget drops every cached read: the agent may have sent a transaction.
func (c *readCache) forget() {
	c.mu.Lock()
	c.entries = map[string]*flight{}
	c.mu.Unlock()
}

// get returns the read key at block at: cached, joined while another
// caller reads it, or read by fetch. fetch must read pinned to at.number;
// keep reports whether the value read is the one at block at (its block,
// and the chain still has at as that block), and only then is it kept.
// A failed read is never shared: each waiter then reads for itself, so
// one client's cancelled context is not another's error.
func (c *readCache) get(ctx context.Context, at head, key string, fetch func(context.Context) (any, error),
	keep func(context.Context, any) bool) (any, error) {
	c.mu.Lock()
	switch {
	case at.number < c.at.number:
		c.mu.Unlock()
		return fetch(ctx) // this caller saw an older head than the cache's
	case at != c.at:
		c.at, c.entries = at, map[string]*flight{}
	}
	f, joined := c.entries[key]
	if !joined && len(c.entries) >= maxReadEntries {
		c.mu.Unlock()
		return fetch(ctx) // a client asking many questions at one block
	}
	if !joined {
		f = &flight{done: make(chan struct{})}
		c.entries[key] = f
	}
	c.mu.Unlock()
	if joined {
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.ok {
			return f.val, nil
		}
		return fetch(ctx)
	}
	c.fetches.Add(1)
	v, err := fetch(ctx)
	f.val, f.ok = v, err == nil && keep(ctx, v)
	close(f.done)
	if !f.ok {
		c.mu.Lock()
		if c.entries[key] == f {
			delete(c.entries, key)
		}
		c.mu.Unlock()
	}
	return v, err
}

// head reads the chain's head block, shared with the agent's concurrent
// readers (sharedRead: never a read begun before the caller arrived).
func (x *External) head(ctx context.Context, st *state) (head, error) {
	return st.reads().head.get(ctx, func(ctx context.Context) (head, error) {
		h, err := x.rt.client.Backend().HeaderByNumber(ctx, nil)
		if err != nil {
			return head{}, err
		}
		return head{number: h.Number.Uint64(), hash: h.Hash()}, nil
	})
}

// positions reads the agent's booked positions, shared like the head.
func (x *External) positions(ctx context.Context, st *state, name string, paper bool) ([]store.Position, error) {
	i := 0
	if paper {
		i = 1
	}
	return st.reads().positions[i].get(ctx, func(ctx context.Context) ([]store.Position, error) {
		return x.rt.db.Positions(ctx, name, paper)
	})
}

// still reports whether block at.number is still at.hash.
func (x *External) still(ctx context.Context, at head) bool {
	h, err := x.rt.client.Backend().HeaderByNumber(ctx, at.big())
	return err == nil && h.Hash() == at.hash
}

// forget empties the agent's read cache after a proposal of it.
func (x *External) forget(name string) {
	if st, err := x.rt.agent(name); err == nil {
		st.reads().forget()
	}
}
