package agent

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
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
	// A strategy's background work (a CLOB's heartbeat) lives as long as
	// the loop: it ends after the last tick, before the agent is stopped.
	if b, ok := spec.Strategy.(strategies.Background); ok {
		bctx, stop := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); b.Background(bctx, r.log.With("agent", name)) }()
		defer func() { stop(); <-done }()
	}

	interval := spec.Interval
	next := time.Now()
	failures := 0
	held := false
	nodeDown := false // the last ticks failed because the node did not answer
	said := ""        // what this outage was said to be, in the log and on screen
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
			reason, repeat := err.Error(), false
			if wallet.IsUnreachable(err) {
				// Once per outage, with what to do; not every tick. The
				// screen keeps reading what the log said: the cause of each
				// failed read (EOF, reset, refused) varies within an outage.
				if nodeDown {
					reason, repeat = said, true
				} else {
					said, nodeDown = r.nodeDownReason(err), true
					reason = said
				}
			} else {
				nodeDown = false
			}
			if !st.isPaused() {
				st.setStatus(StatusBackoff, reason)
			}
			// Debug: the AgentBackedOff event below is what headless and
			// the TUI log (as "agent backing off"), with the same reason.
			r.log.Debug("tick failed", "agent", name, "err", err, "retry_in", delay.String())
			if !repeat {
				r.bus.Publish(AgentBackedOff{Base: r.base(name), Reason: reason, Retry: delay})
			}
			next = time.Now().Add(delay)
			continue
		}
		if nodeDown {
			r.log.Info("the node answers again: the agent trades on", "agent", name)
			nodeDown = false
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

// nodeDownReason says, for people, that the node did not answer a tick's
// reads and what to do about it; the agent keeps retrying on its own.
func (r *Runtime) nodeDownReason(err error) string {
	cause := err.Error()
	var op *net.OpError
	var u *wallet.UnreachableError
	if errors.As(err, &op) {
		cause = op.Error()
	} else if errors.As(err, &u) {
		cause = u.Err.Error()
	}
	where := "the in-process chain"
	if url := r.client.URL(); url != "" {
		where = "the node at " + url
	}
	return fmt.Sprintf("%s does not answer (%s): check chain.rpc or start the node (`agentctl devnet` for a served devnet); the agent retries on its own, backing off to every %s, and trades again once it answers",
		where, cause, r.maxBack)
}
