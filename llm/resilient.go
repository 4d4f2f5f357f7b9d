package llm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// ResilientOptions configures NewResilient. Zero fields take the defaults
// in brackets.
type ResilientOptions struct {
	// Name labels the provider in errors ["llm"].
	Name string
	// Timeout bounds each attempt, a whole stream included [60s].
	Timeout time.Duration
	// MaxRetries is how many times a transient failure is retried [3];
	// negative means never.
	MaxRetries int
	// BaseBackoff is the first retry delay, doubled per retry [500ms].
	BaseBackoff time.Duration
	// MaxBackoff caps the computed delay [20s].
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After that is waited out; a longer
	// one ends the call with the 429/503 error [60s].
	MaxRetryAfter time.Duration
	// BreakerThreshold is how many transient failures in a row open the
	// circuit breaker [5]. Every attempt counts, retries included, so one
	// call that exhausts its retries can open it.
	BreakerThreshold int
	// BreakerCooldown is how long it stays open before one trial call [30s].
	BreakerCooldown time.Duration
	// Usage receives one record per Decide or Stream call; nil keeps none.
	Usage *Usage
}

// Resilient wraps a Provider with a per-attempt timeout, retries with
// jittered exponential backoff on transient failures (429 honouring
// Retry-After, 5xx, connection trouble, timeouts; never 400, 401 or 404),
// a circuit breaker, and usage accounting. It is itself a Provider.
type Resilient struct {
	p       Provider
	o       ResilientOptions
	breaker *breaker

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

var _ Provider = (*Resilient)(nil)

// NewResilient wraps p. Share one Resilient per server so the breaker sees
// every caller's failures.
func NewResilient(p Provider, o ResilientOptions) *Resilient {
	if o.Name == "" {
		o.Name = "llm"
	}
	o.Timeout = cmp0(o.Timeout, 60*time.Second)
	if o.MaxRetries == 0 {
		o.MaxRetries = 3
	}
	o.MaxRetries = max(o.MaxRetries, 0)
	o.BaseBackoff = cmp0(o.BaseBackoff, 500*time.Millisecond)
	o.MaxBackoff = cmp0(o.MaxBackoff, 20*time.Second)
	o.MaxRetryAfter = cmp0(o.MaxRetryAfter, 60*time.Second)
	if o.BreakerThreshold <= 0 {
		o.BreakerThreshold = 5
	}
	o.BreakerCooldown = cmp0(o.BreakerCooldown, 30*time.Second)
	return &Resilient{
		p: p, o: o,
		breaker: &breaker{name: o.Name, threshold: o.BreakerThreshold, cooldown: o.BreakerCooldown},
		now:     time.Now,
		sleep:   sleepCtx,
	}
}

func cmp0(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Decide implements Provider.
func (r *Resilient) Decide(ctx context.Context, req Request) (Reply, error) {
	start := r.now()
	reply, retries, err := retry(ctx, r, nil, func(ctx context.Context) (Reply, error) {
		return r.p.Decide(ctx, req)
	})
	return r.account(req.Agent, start, reply, retries, err)
}

// Stream implements Provider. Once a delta has reached onDelta the call is
// not retried, since the text already shown cannot be taken back.
func (r *Resilient) Stream(ctx context.Context, req Request, onDelta func(string)) (Reply, error) {
	start := r.now()
	emitted := false
	reply, retries, err := retry(ctx, r, func() bool { return !emitted }, func(ctx context.Context) (Reply, error) {
		return r.p.Stream(ctx, req, func(d string) {
			emitted = true
			if onDelta != nil {
				onDelta(d)
			}
		})
	})
	return r.account(req.Agent, start, reply, retries, err)
}

func (r *Resilient) account(agent string, start time.Time, reply Reply, retries int, err error) (Reply, error) {
	reply.Latency = r.now().Sub(start)
	if r.o.Usage != nil {
		r.o.Usage.record(agent, reply, reply.Latency, retries, err != nil)
	}
	return reply, err
}

// Models implements Provider, with the same timeout, retries and breaker.
func (r *Resilient) Models(ctx context.Context) ([]ModelInfo, error) {
	ms, _, err := retry(ctx, r, nil, r.p.Models)
	return ms, err
}

// Status implements Provider. An open breaker reports down without asking
// the server; otherwise the wrapped provider is probed within Timeout.
func (r *Resilient) Status(ctx context.Context) Status {
	if open, berr := r.breaker.state(r.now()); open {
		return Status{Provider: r.o.Name, Reason: berr.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	defer cancel()
	return r.p.Status(ctx)
}

// retry runs fn until it succeeds, fails for good, or retries run out.
// canRetry, when set, can veto a retry (Stream after output began).
func retry[T any](ctx context.Context, r *Resilient, canRetry func() bool, fn func(context.Context) (T, error)) (T, int, error) {
	var (
		v       T
		err     error
		retries int
	)
	for try := 0; ; try++ {
		probe, berr := r.breaker.allow(r.now())
		if berr != nil {
			if err != nil {
				berr.Last = err // the failure that ran into the open breaker
			}
			return v, retries, berr
		}
		actx, cancel := context.WithTimeout(ctx, r.o.Timeout)
		v, err = fn(actx)
		perAttemptTimeout := err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded)
		cancel()
		if perAttemptTimeout {
			err = &ProviderError{Provider: r.o.Name, Op: "call", Transient: true,
				Msg: fmt.Sprintf("no reply within %s (per-call timeout)", r.o.Timeout), Err: err}
		}
		switch {
		case ctx.Err() != nil:
			r.breaker.done(r.now(), probe, outcomeNeutral, err)
		case err != nil && IsTransient(err):
			r.breaker.done(r.now(), probe, outcomeFailure, err)
		default:
			r.breaker.done(r.now(), probe, outcomeSuccess, nil)
		}
		if err == nil || !IsTransient(err) || ctx.Err() != nil || try >= r.o.MaxRetries ||
			(canRetry != nil && !canRetry()) {
			return v, retries, err
		}
		wait, ok := r.backoff(ctx, try, err)
		if !ok {
			return v, retries, err
		}
		if serr := r.sleep(ctx, wait); serr != nil {
			return v, retries, err
		}
		retries++
	}
}

// backoff is the delay before retry number try+1: equal-jitter exponential
// (half fixed, half random), raised to the server's Retry-After. ok is false
// when waiting makes no sense: Retry-After over MaxRetryAfter, or past the
// caller's deadline.
func (r *Resilient) backoff(ctx context.Context, try int, err error) (time.Duration, bool) {
	d := r.o.BaseBackoff << min(try, 30)
	if d <= 0 || d > r.o.MaxBackoff {
		d = r.o.MaxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	var pe *ProviderError
	if errors.As(err, &pe) && pe.RetryAfter > 0 {
		if pe.RetryAfter > r.o.MaxRetryAfter {
			return 0, false
		}
		d = max(d, pe.RetryAfter)
	}
	if dl, ok := ctx.Deadline(); ok && r.now().Add(d).After(dl) {
		return 0, false
	}
	return d, true
}
