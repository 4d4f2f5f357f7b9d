package tui

// ring is a bounded buffer that keeps the newest items: the TUI holds what
// it shows in rings so a busy runtime cannot grow its memory. It grows up
// to its limit as items come, so a quiet agent costs little.
type ring[T any] struct {
	buf   []T
	limit int
	start int // index of the oldest item once full
	n     int
}

func newRing[T any](limit int) *ring[T] {
	return &ring[T]{limit: limit}
}

// Push appends v, dropping the oldest item when full.
func (r *ring[T]) Push(v T) {
	switch {
	case r.limit <= 0:
		return
	case len(r.buf) < r.limit:
		r.buf = append(r.buf, v)
		r.n++
		return
	}
	r.buf[r.start] = v
	r.start = (r.start + 1) % len(r.buf)
}

// Len is the number of items held.
func (r *ring[T]) Len() int { return r.n }

// Cap is the most items the ring holds.
func (r *ring[T]) Cap() int { return r.limit }

// At returns the i-th oldest item (0 is the oldest).
func (r *ring[T]) At(i int) T { return r.buf[(r.start+i)%len(r.buf)] }

// Ptr returns the i-th oldest item for in-place updates.
func (r *ring[T]) Ptr(i int) *T { return &r.buf[(r.start+i)%len(r.buf)] }

// Last returns the newest item.
func (r *ring[T]) Last() (T, bool) {
	var zero T
	if r.n == 0 {
		return zero, false
	}
	return r.At(r.n - 1), true
}

// Tail copies the newest k items into dst (oldest first) and returns it.
func (r *ring[T]) Tail(dst []T, k int) []T {
	k = min(k, r.n)
	dst = dst[:0]
	for i := r.n - k; i < r.n; i++ {
		dst = append(dst, r.At(i))
	}
	return dst
}

// Reset empties the ring.
func (r *ring[T]) Reset() {
	clear(r.buf)
	r.buf = r.buf[:0]
	r.start, r.n = 0, 0
}
