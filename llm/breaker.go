package llm

import (
	"sync"
	"time"
)

// breaker is a consecutive-failure circuit breaker. Closed: every call
// passes. After threshold transient failures in a row it opens: calls fail
// at once until the cool-down ends. Then it is half-open: exactly one trial
// call passes; its success closes the breaker, its failure opens it again.
type breaker struct {
	name      string
	threshold int
	cooldown  time.Duration

	mu        sync.Mutex
	failures  int
	openUntil time.Time // zero while closed
	probing   bool      // a half-open trial call is in flight
	last      error
}

type outcome int

const (
	outcomeSuccess outcome = iota // the server answered, even with a 4xx
	outcomeFailure                // transient failure: 429, 5xx, connection, timeout
	outcomeNeutral                // the caller gave up; says nothing about the server
)

// allow says whether a call may go ahead; probe is true for the half-open
// trial call, which must report back through done.
func (b *breaker) allow(now time.Time) (probe bool, err *BreakerOpenError) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() {
		return false, nil
	}
	if now.Before(b.openUntil) || b.probing {
		return false, &BreakerOpenError{Provider: b.name, Until: b.openUntil, Failures: b.failures,
			Last: b.last, probing: b.probing}
	}
	b.probing = true
	return true, nil
}

func (b *breaker) done(now time.Time, probe bool, o outcome, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch o {
	case outcomeSuccess:
		b.failures, b.openUntil, b.last = 0, time.Time{}, nil
	case outcomeFailure:
		b.failures++
		b.last = err
		if probe || b.failures >= b.threshold {
			b.openUntil = now.Add(b.cooldown)
		}
	}
}

// state is for Status and tests: open reports a breaker that rejects calls now.
func (b *breaker) state(now time.Time) (open bool, err *BreakerOpenError) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() || (!now.Before(b.openUntil) && !b.probing) {
		return false, nil
	}
	return true, &BreakerOpenError{Provider: b.name, Until: b.openUntil, Failures: b.failures,
		Last: b.last, probing: b.probing}
}
