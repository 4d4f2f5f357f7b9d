package agent

import (
	"context"
	"sync"
	"time"
)

// sharedRead batches concurrent reads of one changing value (the head
// block, an agent's positions). A caller never shares a read that began
// before it arrived, since that one could predate a block or a write the
// caller already knows of: it waits for the read in flight to end and
// shares the next one, which starts after it arrived. So each caller's
// value is as fresh as a read of its own, and callers arriving together
// make two reads, not one each.
type sharedRead[T any] struct {
	mu   sync.Mutex
	busy bool           // a read is in flight
	next *readFlight[T] // the read that starts when the one in flight ends
}

type readFlight[T any] struct {
	read    func(context.Context) (T, error) // the first waiter's
	done    chan struct{}
	waiters int // callers sharing it (read by a test)
	val     T
	err     error
}

// sharedReadTimeout bounds a shared read, which no one caller's context
// may cancel for the others.
const sharedReadTimeout = 30 * time.Second

// get returns a value read after the call began: by read, or by an
// equivalent read of another caller that began after this one arrived.
func (r *sharedRead[T]) get(ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	r.mu.Lock()
	if !r.busy {
		r.busy = true
		r.mu.Unlock()
		v, err := read(ctx)
		r.end()
		return v, err
	}
	if r.next == nil {
		r.next = &readFlight[T]{read: read, done: make(chan struct{})}
	}
	f := r.next
	f.waiters++
	r.mu.Unlock()
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// end marks the read in flight done and starts the next one when callers
// wait for it.
func (r *sharedRead[T]) end() {
	r.mu.Lock()
	f := r.next
	r.next, r.busy = nil, f != nil
	r.mu.Unlock()
	if f == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), sharedReadTimeout)
		f.val, f.err = f.read(ctx)
		cancel()
		close(f.done)
		r.end()
	}()
}
