package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// The read cache's rules, one block at a time: a read at the cache's head
// is shared, a new head or a proposal (forget) starts over, a caller with
// an older head reads past the cache without disturbing it, and neither a
// failed read nor one the chain no longer has at that block is kept.
func TestExternalReadCacheRules(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &readCache{entries: map[string]*flight{}}
	n := 0
	read := func(v string) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { n++; return v, nil }
	}
	keep := func(context.Context, any) bool { return true }
	get := func(at head, key, v string, keep func(context.Context, any) bool) string {
		t.Helper()
		got, err := c.get(ctx, at, key, read(v), keep)
		if err != nil {
			t.Fatal(err)
		}
		return got.(string)
	}
	h10, h11 := head{10, common.Hash{10}}, head{11, common.Hash{11}}
	steps := []struct {
		name      string
		at        head
		key, v    string
		keep      func(context.Context, any) bool
		want      string
		wantReads int
	}{
		{"first read", h10, "balances", "a", keep, "a", 1},
		{"same block: shared", h10, "balances", "b", keep, "a", 1},
		{"another question", h10, "quote", "q", keep, "q", 2},
		{"new block", h11, "balances", "c", keep, "c", 3},
		{"older head: read past the cache", h10, "balances", "d", keep, "d", 4},
		{"the cache still holds the new block", h11, "balances", "e", keep, "c", 4},
		{"reorg at the same height", head{11, common.Hash{0xee}}, "balances", "f", keep, "f", 5},
		{"not kept when the block changed under the read", h11, "balances", "g", func(context.Context, any) bool { return false }, "g", 6},
		{"so the next one reads", h11, "balances", "h", keep, "h", 7},
	}
	for _, s := range steps {
		if got := get(s.at, s.key, s.v, s.keep); got != s.want || n != s.wantReads {
			t.Fatalf("%s: got %q after %d reads, want %q after %d", s.name, got, n, s.want, s.wantReads)
		}
	}
	c.forget()
	if got := get(h11, "balances", "i", keep); got != "i" || n != 8 {
		t.Fatalf("after forget: got %q after %d reads", got, n)
	}
	if _, err := c.get(ctx, h11, "failing", func(context.Context) (any, error) { n++; return nil, errors.New("node down") }, keep); err == nil {
		t.Fatal("a failed read gave no error")
	}
	if got := get(h11, "failing", "j", keep); got != "j" || n != 10 {
		t.Fatalf("a failed read was kept: got %q after %d reads", got, n)
	}
	// Many distinct questions at one block: the cache stops growing at
	// its bound and answers the rest from the chain.
	for i := range 2 * maxReadEntries {
		get(h11, fmt.Sprint("quote ", i), "q", keep)
	}
	c.mu.Lock()
	size := len(c.entries)
	c.mu.Unlock()
	if size != maxReadEntries {
		t.Fatalf("%d cached reads at one block, want the bound %d", size, maxReadEntries)
	}
	if got := get(h11, "balances", "k", keep); got != "i" {
		t.Fatalf("a read cached before the bound was reached is gone: got %q", got)
	}
}

// A shared read (the head, positions) serves only callers that arrived
// before it began: a caller arriving while a read is in flight waits for
// the next one, and all callers arriving meanwhile share that next one.
func TestExternalSharedReadsNeverPredateTheCaller(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var reads atomic.Uint64
	release := make(chan struct{})
	r := &sharedRead[head]{}
	read := func(context.Context) (head, error) {
		n := reads.Add(1)
		<-release
		return head{number: n}, nil
	}
	first := make(chan uint64)
	go func() { at, _ := r.get(ctx, read); first <- at.number }()
	for reads.Load() == 0 { // the first read is in flight
		runtime.Gosched()
	}
	const n = 10
	got := make(chan uint64, n)
	for range n {
		go func() { at, _ := r.get(ctx, read); got <- at.number }()
	}
	for {
		r.mu.Lock()
		waiting := r.next != nil && r.next.waiters == n
		r.mu.Unlock()
		if waiting {
			break
		}
		runtime.Gosched()
	}
	release <- struct{}{} // the first read ends; the second starts
	if at := <-first; at != 1 {
		t.Fatalf("the first caller got read %d", at)
	}
	release <- struct{}{}
	for range n {
		if at := <-got; at != 2 {
			t.Fatalf("a caller that arrived during read 1 got read %d, want 2 (begun after it arrived)", at)
		}
	}
	if reads.Load() != 2 {
		t.Fatalf("%d head reads for %d callers, want 2", reads.Load(), n+1)
	}
	go func() { release <- struct{}{} }()
	if at, _ := r.get(ctx, read); at.number != 3 {
		t.Fatalf("a caller alone got read %d, want a fresh read 3", at.number)
	}
}

// 100 concurrent identical balance reads on the devnet at one block go to
// the chain once and all see the same answer; a proposal of the agent (a
// swap that sends) empties the cache, and the next read shows the swap.
func TestExternalReadCacheConcurrentIdenticalReads(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, externalConfig, nil)
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	x := h.External()
	st, _ := h.Runtime.agent("outside")
	cache := st.reads()

	const n = 100
	answers := make([]Holdings, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var err error
			if answers[i], err = x.Balances(ctx, "outside"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	blocks := map[uint64]bool{}
	for _, a := range answers {
		blocks[a.Block] = true
		if a.Block == answers[0].Block && jsonOf(a) != jsonOf(answers[0]) {
			t.Fatalf("two answers at block %d:\n%s\n%s", a.Block, jsonOf(answers[0]), jsonOf(a))
		}
	}
	// Nothing mines on this devnet unless sent to, so that is one block
	// and one read; were a block mined meanwhile, one read per block.
	if f := cache.fetches.Load(); f > uint64(len(blocks)) {
		t.Fatalf("%d concurrent identical reads at %d block(s) went to the chain %d times", n, len(blocks), f)
	}
	usdc := heldOf(answers[0], "USDC")
	if usdc.Amount != "20000" {
		t.Fatalf("balances %+v", answers[0].Balances)
	}

	r, err := x.Swap(ctx, "outside", "desk", SwapArgs{Venue: "dex-a", TokenIn: "USDC", TokenOut: "WETH", AmountIn: "100"})
	if err != nil || r.Outcome != "confirmed" {
		t.Fatalf("swap %+v %v", r, err)
	}
	cache.mu.Lock()
	left := len(cache.entries)
	cache.mu.Unlock()
	if left != 0 {
		t.Fatalf("the agent's swap left %d cached reads", left)
	}
	after, err := x.Balances(ctx, "outside")
	if err != nil {
		t.Fatal(err)
	}
	if after.Block <= answers[0].Block || heldOf(after, "USDC").Amount != "19900" {
		t.Fatalf("after the swap: block %d, %+v", after.Block, after.Balances)
	}
	if got, err := h.Client.Token(common.HexToAddress(usdc.Address)).BalanceAt(ctx, common.HexToAddress(after.Wallet),
		new(big.Int).SetUint64(after.Block)); err != nil || got.String() != heldOf(after, "USDC").Units {
		t.Fatalf("the chain holds %v at block %d, the read said %s (%v)", got, after.Block, heldOf(after, "USDC").Units, err)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func heldOf(h Holdings, symbol string) Balance {
	for _, b := range h.Balances {
		if b.Symbol == symbol {
			return b
		}
	}
	return Balance{}
}
