package agent

import (
	"strings"

	"github.com/agentctl/agentctl/store"
)

// DefaultStuckAfter is how many ticks in a row may end denied or failed
// before an agent is shown as stuck.
const DefaultStuckAfter = 10

// StuckDetected: the agent's last StuckAfter ticks were all denied or
// failed; it keeps ticking, but it is not getting anything done.
type StuckDetected struct {
	Base
	Reason string
	Streak uint64
}

// StuckCleared: a stuck agent acted or held again.
type StuckCleared struct{ Base }

// ModelDown: the agent's model stopped answering; it decides by its
// fallback (the rules brain) until the model is back.
type ModelDown struct {
	Base
	Model, Reason string
}

// ModelRecovered: the agent's model answers again.
type ModelRecovered struct {
	Base
	Model string
}

// noteOutcome counts the ticks in a row that ended denied or failed (a
// policy denial, a failed decision, a reverted or failed transaction) and
// marks the agent stuck from StuckAfter on, with the last reason; a tick
// that acts (a confirmed plan, a paper trade) or holds clears it. A
// person's answer (denied, timed out, stale) says nothing about the agent;
// an ask agent with nobody attached to answer is stuck like any other.
func (r *Runtime) noteOutcome(st *state, rec *store.Record) {
	if rec.Kind != store.KindDecision && rec.Kind != store.KindCompletion {
		return
	}
	var reason string
	switch {
	case rec.Verdict == store.VerdictDenied:
		reason = "policy denied: " + strings.Join(rec.Reasons, "; ")
	case rec.Outcome == store.OutcomeFailed || rec.Outcome == store.OutcomeReverted:
		reason = string(rec.Outcome) + ": " + rec.Error
	case rec.Outcome == store.OutcomePending:
		return // the completion tells
	case rec.Approval == store.ApprovalDenied && rec.Error == ErrNoApprover.Error():
		reason = "approval denied: " + rec.Error // nobody can ever answer
	case rec.Outcome == store.OutcomeSkipped && rec.Approval != store.ApprovalNone:
		return
	}
	st.mu.Lock()
	if reason != "" {
		st.streak++
		st.streakWhy = reason
	} else {
		st.streak = 0
	}
	st.snapshot.Streak = st.streak
	st.mu.Unlock()
	r.applyStuck(st)
}

// applyStuck sets or clears StatusStuck from the streak; a paused or
// backing-off agent keeps that status.
func (r *Runtime) applyStuck(st *state) {
	st.mu.Lock()
	stuck := st.streak >= uint64(r.stuckAfter)
	name, why, n := st.spec.Name, st.streakWhy, st.streak
	var ev Event
	switch {
	case stuck && (st.status == StatusRunning || st.status == StatusStarting):
		st.status, st.reason = StatusStuck, why
		ev = StuckDetected{Base: r.base(name), Reason: why, Streak: n}
	case stuck && st.status == StatusStuck:
		st.reason = why
	case !stuck && st.status == StatusStuck:
		st.status, st.reason = StatusRunning, ""
		ev = StuckCleared{Base: r.base(name)}
	}
	st.mu.Unlock()
	if ev != nil {
		r.bus.Publish(ev)
	}
}

// noteModel publishes ModelDown when the agent's model stops answering
// (its brain fell back) and ModelRecovered when it answers again: once
// each, not on every tick.
func (r *Runtime) noteModel(st *state, th Thought) {
	st.mu.Lock()
	was := st.modelDown
	st.modelDown = th.Fallback != ""
	name, model := st.spec.Name, st.spec.Brain.Name()
	st.mu.Unlock()
	switch {
	case th.Fallback != "" && !was:
		r.bus.Publish(ModelDown{Base: r.base(name), Model: model, Reason: th.Fallback})
	case th.Fallback == "" && was:
		r.bus.Publish(ModelRecovered{Base: r.base(name), Model: model})
	}
}
