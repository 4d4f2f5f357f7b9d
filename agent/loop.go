package agent

import (
	"context"
	"errors"
	"time"
)

func (r *Runtime) startLoop(st *state) {
	ctx := r.runCtx
	r.loops.Add(1)
	go func() {
		defer r.loops.Done()
		r.loop(ctx, st)
	}()
}

// loop ticks one agent every interval until ctx ends. A failed tick backs
// the agent off (doubling, up to MaxBackoff) without touching the others.
func (r *Runtime) loop(ctx context.Context, st *state) {
	name := st.spec.Name
	// Markets opened since the policy was compiled are admitted first: a
	// pending call on one of them is settled against its rule.
	r.admitMarkets(r.work, st.spec)
	if err := r.reconcile(r.work, st); err != nil {
		// Unknown pending outcomes must be settled before new intents.
		r.pause(st, "recovery failed: "+err.Error())
	}
	st.mu.Lock()
	if !st.paused {
		st.status = StatusRunning
	}
	spec := st.spec
	st.mu.Unlock()
	r.bus.Publish(AgentStarted{Base: r.base(name), Strategy: spec.Strategy.Name(), Model: spec.Brain.Name(),
		Mode: string(spec.Mode), Wallet: spec.Signer.Address(), Brain: spec.Brain.Name()})
	defer func() {
		// A paused agent stays paused (with its reason) in every summary:
		// "stopped" would hide that a person or a kill switch stopped it.
		st.mu.Lock()
		if !st.paused {
			st.status, st.reason = StatusStopped, ""
		}
		st.mu.Unlock()
		r.bus.Publish(AgentStopped{Base: r.base(name)})
	}()

	interval := spec.Interval
	next := time.Now()
	failures := 0
	held := false
	for {
		wait := time.Until(next)
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-st.wake:
				t.Stop()
				continue
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		if st.isPaused() {
			select {
			case <-ctx.Done():
				return
			case <-st.wake:
				next = time.Now()
				continue
			}
		}
		if why := r.holdForInflight(r.work, st); why != "" {
			// A transaction of unknown outcome fills a limit: ask the chain
			// again next interval instead of deciding anew.
			st.setStatus(StatusBackoff, why)
			held = true
			next = time.Now().Add(interval)
			continue
		}
		if held && !st.isPaused() {
			st.setStatus(StatusRunning, "")
		}
		held = false
		err := r.tick(r.work, st)
		st.mu.Lock()
		st.snapshot.Ticks++
		st.mu.Unlock()
		if err != nil && !errors.Is(err, context.Canceled) {
			failures++
			delay := min(interval<<min(failures, 16), r.maxBack)
			if !st.isPaused() {
				st.setStatus(StatusBackoff, err.Error())
			}
			// Debug: the AgentBackedOff event below is what headless and
			// the TUI log (as "agent backing off"), with the same reason.
			r.log.Debug("tick failed", "agent", name, "err", err, "retry_in", delay.String())
			r.bus.Publish(AgentBackedOff{Base: r.base(name), Reason: err.Error(), Retry: delay})
			next = time.Now().Add(delay)
			continue
		}
		if failures > 0 && !st.isPaused() {
			st.setStatus(StatusRunning, "")
			r.applyStuck(st) // still stuck if the streak says so
		}
		failures = 0
		// Keep a fixed cadence; a tick that overran its slot is a missed tick.
		next = next.Add(interval)
		if now := time.Now(); next.Before(now) {
			missed := uint64(now.Sub(next)/interval) + 1
			st.mu.Lock()
			st.snapshot.Missed += missed
			st.mu.Unlock()
			next = next.Add(time.Duration(missed) * interval)
		}
	}
}
