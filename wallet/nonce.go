package wallet

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// PendingNoncer reads an account's next nonce including the node's pool.
type PendingNoncer interface {
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
}

// NonceManager hands out nonces per account so concurrent senders on one
// account get consecutive nonces without asking the node each time. It starts
// from the node's pending nonce, reuses nonces whose transaction was never
// accepted, and resyncs with the node after "nonce too low" or a dropped
// transaction. Safe for concurrent use.
type NonceManager struct {
	node PendingNoncer

	mu       sync.Mutex
	accounts map[common.Address]*accountNonces
}

// accountNonces is one account's state; its own lock keeps accounts independent.
type accountNonces struct {
	mu       sync.Mutex
	synced   bool
	next     uint64   // next never-used nonce
	floor    uint64   // the node's pending nonce at the last sync: below it is taken
	free     []uint64 // reserved then released below next, sorted ascending
	inflight int      // reserved, not yet sent or released
}

// NewNonceManager returns a manager reading pending nonces from node.
func NewNonceManager(node PendingNoncer) *NonceManager {
	return &NonceManager{node: node, accounts: make(map[common.Address]*accountNonces)}
}

func (m *NonceManager) account(addr common.Address) *accountNonces {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[addr]
	if !ok {
		a = &accountNonces{}
		m.accounts[addr] = a
	}
	return a
}

// Reserve returns the next nonce for addr. The caller must report what
// happened with Sent or Release.
func (m *NonceManager) Reserve(ctx context.Context, addr common.Address) (uint64, error) {
	a := m.account(addr)
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.synced {
		n, err := m.node.PendingNonceAt(ctx, addr)
		if err != nil {
			return 0, fmt.Errorf("read pending nonce of %s: %w", addr.Hex(), err)
		}
		a.next, a.free, a.floor, a.synced = n, nil, n, true
	}
	a.inflight++
	if len(a.free) > 0 {
		n := a.free[0]
		a.free = a.free[1:]
		return n, nil
	}
	n := a.next
	a.next++
	return n, nil
}

// Sent records that the node accepted the transaction with nonce n.
func (m *NonceManager) Sent(addr common.Address, n uint64) {
	a := m.account(addr)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inflight > 0 {
		a.inflight--
	}
}

// Release returns nonce n, whose transaction was never accepted by the node,
// so the next Reserve fills the gap it would otherwise leave.
func (m *NonceManager) Release(addr common.Address, n uint64) {
	a := m.account(addr)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inflight > 0 {
		a.inflight--
	}
	a.release(n)
}

func (a *accountNonces) release(n uint64) {
	if !a.synced || n >= a.next || n < a.floor {
		return // not ours to give back: never handed out, or taken on the chain
	}
	if n == a.next-1 {
		a.next--
		// Trailing free nonces now touch next: fold them back in.
		for len(a.free) > 0 && a.free[len(a.free)-1] == a.next-1 {
			a.free = a.free[:len(a.free)-1]
			a.next--
		}
		return
	}
	if i, found := slices.BinarySearch(a.free, n); !found {
		a.free = slices.Insert(a.free, i, n)
	}
}

// Resync reads the node's pending nonce again. Nonces below it are taken
// (for example by a transaction sent with the same key elsewhere) and are
// forgotten; when nothing of ours is in flight the node's view wins outright,
// which also recovers nonces of transactions the node dropped.
func (m *NonceManager) Resync(ctx context.Context, addr common.Address) error {
	a := m.account(addr)
	a.mu.Lock()
	defer a.mu.Unlock()
	p, err := m.node.PendingNonceAt(ctx, addr)
	if err != nil {
		a.synced = false // read it again on the next Reserve
		return fmt.Errorf("read pending nonce of %s: %w", addr.Hex(), err)
	}
	a.floor = p
	if !a.synced || a.inflight == 0 {
		a.next, a.free, a.synced = p, nil, true
		return nil
	}
	i := 0
	for i < len(a.free) && a.free[i] < p {
		i++
	}
	a.free = a.free[i:]
	if a.next < p {
		a.next = p
	}
	return nil
}

// SyncIdle reads the node's pending nonce when none of addr's nonces is
// reserved and unsent, so a sender that starts from rest starts from the
// node's truth: a nonce another sender took (another process with the key,
// a transaction queued before a kill -9) is skipped, and a nonce whose
// transaction never reached the node is filled instead of left as a gap
// that would hold every later transaction in the pool. While nonces are in
// flight it does nothing: the node cannot see those yet.
func (m *NonceManager) SyncIdle(ctx context.Context, addr common.Address) error {
	a := m.account(addr)
	a.mu.Lock()
	idle := !a.synced || a.inflight == 0
	a.mu.Unlock()
	if !idle {
		return nil
	}
	p, err := m.node.PendingNonceAt(ctx, addr)
	if err != nil {
		return fmt.Errorf("read pending nonce of %s: %w", addr.Hex(), err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.synced && a.inflight > 0 {
		return nil // a reservation raced in: leave its bookkeeping alone
	}
	a.next, a.free, a.floor, a.synced = p, nil, p, true
	return nil
}

// Dropped records that the accepted transaction with nonce n vanished from
// the node (not mined, not pending): n is free again unless the chain moved
// past it, which Resync finds out.
func (m *NonceManager) Dropped(ctx context.Context, addr common.Address, n uint64) error {
	a := m.account(addr)
	a.mu.Lock()
	a.release(n)
	a.mu.Unlock()
	return m.Resync(ctx, addr)
}

// isNonceTaken recognises a rejection saying the nonce is used: mined
// ("nonce too low") or held in the pool by another transaction
// ("replacement transaction underpriced").
func isNonceTaken(err error) bool {
	if err == nil {
		return false
	}
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "nonce too low") || strings.Contains(msg, "replacement transaction underpriced")
}

// isAlreadyKnown recognises a resend of a transaction the pool already holds.
func isAlreadyKnown(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "already known")
}
