package wallet

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// fixedNoncer answers PendingNonceAt with a value the test sets, standing
// in for the node so the manager's bookkeeping can be checked step by step.
type fixedNoncer struct {
	pending atomic.Uint64
	reads   atomic.Int64
}

func (f *fixedNoncer) PendingNonceAt(context.Context, common.Address) (uint64, error) {
	f.reads.Add(1)
	return f.pending.Load(), nil
}

func TestNonceManagerBookkeeping(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr := common.HexToAddress("0x01")
	node := &fixedNoncer{}
	node.pending.Store(7)
	m := NewNonceManager(node)

	reserve := func() uint64 {
		t.Helper()
		n, err := m.Reserve(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	expect := func(step string, got, want uint64) {
		t.Helper()
		if got != want {
			t.Errorf("%s: nonce %d, want %d", step, got, want)
		}
	}

	a, b, c := reserve(), reserve(), reserve()
	expect("first reserve starts at the pending nonce", a, 7)
	expect("second reserve", b, 8)
	expect("third reserve", c, 9)
	if r := node.reads.Load(); r != 1 {
		t.Errorf("node asked %d times, want once", r)
	}

	// The middle one fails to send: its nonce is reused first.
	m.Sent(addr, a)
	m.Release(addr, b)
	m.Sent(addr, c)
	expect("reserve after a released gap", reserve(), 8)
	expect("reserve after the gap is filled", reserve(), 10)
	m.Sent(addr, 8)
	m.Sent(addr, 10)

	// Releasing the newest nonces rolls next back, folding free ones in.
	d := reserve() // 11
	e := reserve() // 12
	m.Release(addr, d)
	m.Release(addr, e)
	expect("reserve after trailing releases", reserve(), 11)

	// Someone else used nonces up to 20: Resync skips past them even with
	// our nonce 11 in flight.
	node.pending.Store(20)
	if err := m.Resync(ctx, addr); err != nil {
		t.Fatal(err)
	}
	expect("reserve after resync with work in flight", reserve(), 20)

	// With nothing in flight, the node's view wins, even when lower (our
	// transactions above it were dropped).
	m.Sent(addr, 11)
	m.Sent(addr, 20)
	node.pending.Store(15)
	if err := m.Dropped(ctx, addr, 20); err != nil {
		t.Fatal(err)
	}
	expect("reserve after a drop", reserve(), 15)

	// Accounts are independent.
	other := common.HexToAddress("0x02")
	n, err := m.Reserve(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	expect("another account starts from the node", n, 15)
}

func TestNonceManagerConcurrentReserve(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	node := &fixedNoncer{}
	m := NewNonceManager(node)
	addrs := []common.Address{common.HexToAddress("0x0a"), common.HexToAddress("0x0b")}
	const perAccount = 200

	var mu sync.Mutex
	got := map[common.Address]map[uint64]bool{addrs[0]: {}, addrs[1]: {}}
	var wg sync.WaitGroup
	for i := range 2 * perAccount {
		wg.Add(1)
		go func() {
			defer wg.Done()
			addr := addrs[i%2]
			n, err := m.Reserve(ctx, addr)
			if err != nil {
				t.Error(err)
				return
			}
			m.Sent(addr, n)
			mu.Lock()
			defer mu.Unlock()
			if got[addr][n] {
				t.Errorf("nonce %d handed out twice for %s", n, addr.Hex())
			}
			got[addr][n] = true
		}()
	}
	wg.Wait()
	for _, addr := range addrs {
		for n := range uint64(perAccount) {
			if !got[addr][n] {
				t.Errorf("%s: nonce %d never handed out", addr.Hex(), n)
			}
		}
	}
}

// A bundle's nonces that another sender took while they were reserved are
// not handed out again when the bundle is given back after the rejection.
func TestNonceManagerForgetsTakenNonces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr := common.HexToAddress("0x02")
	node := &fixedNoncer{}
	node.pending.Store(7)
	m := NewNonceManager(node)
	a, _ := m.Reserve(ctx, addr)
	b, _ := m.Reserve(ctx, addr)
	// Another process sends nonces 7 and 8; ours is rejected as too low.
	node.pending.Store(9)
	if err := m.Resync(ctx, addr); err != nil {
		t.Fatal(err)
	}
	m.Release(addr, b)
	m.Release(addr, a)
	if n, _ := m.Reserve(ctx, addr); n != 9 {
		t.Fatalf("reserve after the node moved to 9 gave %d", n)
	}
}

// SyncIdle takes the node's view when nothing is in flight: a nonce used
// elsewhere is skipped, and a nonce whose transaction never reached the node
// is filled rather than left as a gap.
func TestNonceManagerSyncIdle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr := common.HexToAddress("0x03")
	node := &fixedNoncer{}
	node.pending.Store(3)
	m := NewNonceManager(node)
	n, _ := m.Reserve(ctx, addr)
	m.Sent(addr, n)
	node.pending.Store(6) // used elsewhere
	if err := m.SyncIdle(ctx, addr); err != nil {
		t.Fatal(err)
	}
	if n, _ = m.Reserve(ctx, addr); n != 6 {
		t.Fatalf("after another sender: nonce %d, want 6", n)
	}
	m.Sent(addr, n)
	// 6 never reached the node (a lost send): the node still says 6.
	if err := m.SyncIdle(ctx, addr); err != nil {
		t.Fatal(err)
	}
	if n, _ = m.Reserve(ctx, addr); n != 6 {
		t.Fatalf("gap not filled: nonce %d, want 6", n)
	}
	// While a nonce is reserved, SyncIdle leaves the bookkeeping alone.
	node.pending.Store(2)
	if err := m.SyncIdle(ctx, addr); err != nil {
		t.Fatal(err)
	}
	if n2, _ := m.Reserve(ctx, addr); n2 != 7 {
		t.Fatalf("reserve beside one in flight: %d, want 7", n2)
	}
}
