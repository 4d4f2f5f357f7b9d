package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// tick runs one decision end to end: observe, think, plan, simulate,
// check, approve, act, record. It returns an error only when the tick could
// not be recorded or the world could not be read (the agent backs off);
// everything the agent decided is in the log, including failures.
func (r *Runtime) tick(ctx context.Context, st *state) error {
	st.mu.Lock()
	spec := st.spec
	st.mu.Unlock()
	name := spec.Name
	// An MCP proposal for this agent and its own tick never run at once:
	// each must see the other's spend against the limits.
	st.external().Lock()
	defer st.external().Unlock()

	if err := r.preparePaper(ctx, st, spec); err != nil {
		return err
	}
	obs, err := spec.Strategy.Observe(ctx)
	if err != nil {
		return fmt.Errorf("observe: %w", err)
	}
	r.bus.Publish(Observed{Base: r.base(name), Block: obs.Block, Summary: obs.Summary})
	if err := r.noteResolutions(ctx, spec, obs); err != nil {
		return err
	}
	r.admitMarkets(ctx, spec)
	// Fills of resting orders are trades, booked before the balances they
	// moved are read.
	if err := r.bookFills(ctx, spec); err != nil {
		return err
	}
	if err := r.bookPaperFills(ctx, st, spec, obs); err != nil {
		return err
	}
	if err := r.checkDrawdown(ctx, st, obs); err != nil {
		return err
	}
	if st.isPaused() {
		return nil
	}

	// A drain finishes what was signed, not what a model is still thinking
	// about: the call ends when the run does, so a slow model cannot hold
	// the drain past its deadline (the tick then ends as cancelled).
	run := r.runCtx
	if run == nil {
		run = ctx // a tick outside Run (tests)
	}
	tctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(run, cancel)
	th, err := spec.Brain.Think(tctx, name, spec.Strategy, obs)
	stop()
	cancel()
	if err != nil && run.Err() != nil {
		return fmt.Errorf("think: %w", context.Canceled)
	}
	if err != nil {
		return fmt.Errorf("think: %w", err)
	}
	rec := &store.Record{
		Kind: store.KindDecision, Agent: name, Strategy: spec.Strategy.Name(),
		ObsDigest: obs.Digest, ObsSummary: obs.Summary, PromptHash: th.PromptHash,
		Model: th.Model, ModelDigest: th.ModelDigest, Reply: capBytes(th.Reply),
		Verdict: store.VerdictNone, Approval: store.ApprovalNone,
	}
	setInputs(rec, &th, obs, nil, nil, nil)
	st.mu.Lock()
	st.snapshot.Brain = th.Model
	st.mu.Unlock()
	r.noteModel(st, th)
	if th.Failed != nil {
		rec.Outcome, rec.Error = store.OutcomeFailed, th.Failed.Error()
		return r.record(ctx, st, rec, nil, "")
	}
	rec.Action, _ = json.Marshal(th.Decision)
	r.bus.Publish(Decided{Base: r.base(name), Action: th.Decision.Action, Rationale: th.Decision.Rationale,
		Model: th.Model, Confidence: th.Decision.Confidence, Latency: th.Latency})

	tape := &strategies.Tape{}
	plan, err := spec.Strategy.Plan(strategies.WithTape(ctx, tape), obs, th.Decision)
	reads := tape.Encode()
	setInputs(rec, &th, obs, nil, nil, reads)
	if err != nil {
		rec.Outcome, rec.Error = store.OutcomeFailed, "plan: "+err.Error()
		return r.record(ctx, st, rec, nil, "")
	}
	if plan != nil && len(plan.Signs)+len(plan.Cancels) > 0 {
		return r.tickSigns(ctx, st, spec, rec, &th, obs, plan, reads)
	}
	if plan == nil || len(plan.Calls) == 0 {
		rec.Outcome = store.OutcomeSkipped
		return r.record(ctx, st, rec, nil, th.Decision.Action)
	}

	plannedAt := time.Now()
	intents := make([]wallet.Intent, len(plan.Calls))
	for i, c := range plan.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data, Value: c.Value}
	}
	from := spec.Signer.Address()
	sim, err := r.client.SimulatePlan(ctx, from, intents)
	if err != nil {
		return r.failUnchecked(ctx, st, rec, plan, nil, "", "simulate", err)
	}
	sims := sim.Calls
	fees, err := r.client.SuggestFees(ctx)
	if err != nil {
		return r.failUnchecked(ctx, st, rec, plan, sims, sim.Via, "fees", err)
	}
	// One reading of the mode for the whole tick: a switch during it applies
	// from the next tick, so a plan is never checked as paper and sent live.
	mode := st.mode()
	paper := mode == ModePaper
	spent, err := r.spent(ctx, name, paper, spec.Quote, obs.Marks, spec.Policy)
	if err != nil {
		return err
	}
	callSims := make([]CallSim, len(sims))
	for i, s := range sims {
		callSims[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed, Error: s.Error}
	}
	checkIn := CheckInput{Agent: from, Plan: plan, Sims: callSims, FeeCap: fees.FeeCap,
		Marks: obs.Marks, Quote: spec.Quote, Spent: spent}
	verdict := spec.Policy.Check(checkIn)
	setInputs(rec, &th, obs, newCheckDoc(checkIn), policyDoc(spec.Policy), reads)
	rec.Simulation = simulationJSONVia(plan, callSims, nil, sim.Via)
	rec.Reasons = verdict.Reasons
	if !verdict.Allowed {
		rec.Verdict, rec.Outcome = store.VerdictDenied, store.OutcomeSkipped
		r.bus.Publish(PolicyDenied{Base: r.base(name), Plan: plan.Summary, Reasons: verdict.Reasons})
		return r.record(ctx, st, rec, nil, th.Decision.Action)
	}
	rec.Verdict = store.VerdictAllowed

	switch mode {
	case ModePaper:
		rec.Approval, rec.Outcome = store.ApprovalPaper, store.OutcomePaper
		trades := paperTrades(spec.Policy, plan, callSims)
		r.bus.Publish(PaperTraded{Base: r.base(name), Plan: plan.Summary})
		return r.record(ctx, st, rec, trades, th.Decision.Action)
	case ModeAsk:
		fresh, freshFees, err := r.approve(ctx, st, spec, rec, obs, plan, intents, callSims, fees, plannedAt)
		if err != nil {
			return err
		}
		if fresh == nil {
			return r.record(ctx, st, rec, nil, th.Decision.Action)
		}
		callSims, fees = fresh, freshFees
	default:
		rec.Approval = store.ApprovalAuto
	}
	return r.execute(ctx, st, rec, plan, intents, callSims, fees)
}

// record appends a final decision (no transaction) and updates the view.
func (r *Runtime) record(ctx context.Context, st *state, rec *store.Record, trades []*store.Trade, action string) error {
	if _, _, err := r.db.AppendWithTrades(ctx, rec, trades); err != nil {
		return fmt.Errorf("record decision: %w", err)
	}
	r.recorded(st, rec, action)
	return nil
}

func (r *Runtime) recorded(st *state, rec *store.Record, action string) {
	r.noteForecasts(st, rec)
	r.noteOutcome(st, rec)
	st.mu.Lock()
	st.snapshot.Decisions++
	st.snapshot.LastDecision = rec.Time
	if action != "" || rec.Kind == store.KindDecision {
		st.snapshot.LastAction = action
	}
	st.snapshot.LastOutcome = rec.Outcome
	st.mu.Unlock()
	r.bus.Publish(DecisionRecorded{Base: r.base(rec.Agent), Seq: rec.Seq, Kind: rec.Kind, Action: action,
		Verdict: rec.Verdict, Outcome: rec.Outcome, TxHash: rec.TxHash, Summary: rec.ObsSummary, Error: rec.Error})
}

func capBytes(b []byte) []byte {
	const max = 64 << 10 // a reply longer than this is cut; the log keeps the start
	if len(b) > max {
		return append(b[:max:max], []byte("...[truncated]")...)
	}
	return b
}

func gwei(wei *big.Int) string {
	if wei == nil {
		return ""
	}
	return wallet.FormatAmount(wei, 9)
}

// describeSims turns simulation results into one line per call.
func describeSims(plan *strategies.Plan, sims []CallSim) []string {
	out := make([]string, len(sims))
	for i, s := range sims {
		m := plan.Calls[i].Method
		switch {
		case !s.OK:
			out[i] = fmt.Sprintf("%s: REVERTS: %s", m, s.Error)
		case describeCall(plan.Calls[i], s) != "":
			out[i] = describeCall(plan.Calls[i], s)
		default:
			out[i] = fmt.Sprintf("%s: ok, gas %d", m, s.GasUsed)
		}
	}
	return out
}
