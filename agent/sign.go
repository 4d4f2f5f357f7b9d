package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// Plans that sign typed data (orders on a central limit order book)
// instead of sending calls: the same policy, approvals and log as any
// decision. The policy hands each request to its venue family's rules,
// which decode the typed data themselves; the decision is recorded before
// the wallet signs and completed with the venue's order ids after.

// signJSON is one signature request as the log keeps it: the request
// itself (re-decoded for the limits and for recovery) and its terms.
type signJSON struct {
	Request strategies.SignRequest `json:"request"`
	Terms   *strategies.SignTerms  `json:"terms,omitempty"`
}

// checkSigns judges the plan's signature requests through their venue
// family's rules.
func (p *Policy) checkSigns(j *planJudge, deny func(string, ...any)) {
	for i, s := range j.in.Plan.Signs {
		t, err := p.decodeSign(s)
		if err != nil {
			deny("signature %d: %v", i, err)
			continue
		}
		p.rules(s.Venue).(strategies.SignRules).CheckSign(j, i, s, t)
	}
}

// decodeSign reads a request's terms through its family's rules.
func (p *Policy) decodeSign(s strategies.SignRequest) (strategies.SignTerms, error) {
	if _, ok := venueOf(s.Venue); !ok {
		return strategies.SignTerms{}, fmt.Errorf("venue %q is not linked in: nothing of it may be signed", s.Venue)
	}
	sr, ok := p.rules(s.Venue).(strategies.SignRules)
	if !ok {
		return strategies.SignTerms{}, fmt.Errorf("the %s venue's rules judge no signatures", s.Venue)
	}
	return sr.DecodeSign(s)
}

// signsJSON records the plan's requests with the terms the rules read.
func signsJSON(p *Policy, plan *strategies.Plan) ([]byte, []strategies.SignTerms) {
	doc := simulationDoc{Summary: plan.Summary}
	terms := make([]strategies.SignTerms, len(plan.Signs))
	for i, s := range plan.Signs {
		sj := signJSON{Request: s}
		if t, err := p.decodeSign(s); err == nil {
			terms[i], sj.Terms = t, &t
		}
		doc.Signs = append(doc.Signs, sj)
	}
	doc.Cancels = plan.Cancels
	b, _ := json.Marshal(doc)
	return b, terms
}

// tickSigns checks, approves, signs and posts a plan of signatures; rec is
// the tick's decision, not yet recorded.
func (r *Runtime) tickSigns(ctx context.Context, st *state, spec Spec, rec *store.Record, th *Thought, obs *strategies.Observation, plan *strategies.Plan, reads []byte) error {
	name, action := spec.Name, actionOf(rec)
	plannedAt := time.Now()
	mode := st.mode()
	if why := paperMismatch(st, spec, mode); why != "" {
		rec.Outcome, rec.Error = store.OutcomeSkipped, why
		return r.record(ctx, st, rec, nil, action)
	}
	check := func() (Verdict, error) {
		if len(plan.Signs) == 0 {
			return Verdict{Allowed: true}, nil // cancels alone move no money
		}
		spent, err := r.spent(ctx, name, mode == ModePaper, spec.Quote, obs.Marks, spec.Policy)
		if err != nil {
			return Verdict{}, err
		}
		in := CheckInput{Agent: spec.Signer.Address(), Plan: plan, Marks: obs.Marks, Quote: spec.Quote, Spent: spent}
		// Replay re-judges the orders with the recorded policy and limits.
		setInputs(rec, th, obs, newCheckDoc(in), policyDoc(spec.Policy), reads)
		return spec.Policy.Check(in), nil
	}
	verdict, err := check()
	if err != nil {
		return err
	}
	var terms []strategies.SignTerms
	rec.Simulation, terms = signsJSON(spec.Policy, plan)
	rec.Reasons = verdict.Reasons
	if !verdict.Allowed {
		rec.Verdict, rec.Outcome = store.VerdictDenied, store.OutcomeSkipped
		r.bus.Publish(PolicyDenied{Base: r.base(name), Plan: plan.Summary, Reasons: verdict.Reasons})
		return r.record(ctx, st, rec, nil, action)
	}
	rec.Verdict = store.VerdictAllowed
	if mode == ModeAsk && len(plan.Signs) == 0 {
		mode = ModeAuto // pulling resting orders lowers risk: nobody is asked
	}
	switch mode {
	case ModePaper: // nothing is signed or cancelled; the log keeps the paper plan
		rec.Approval, rec.Outcome = store.ApprovalPaper, store.OutcomePaper
		r.bus.Publish(PaperTraded{Base: r.base(name), Plan: plan.Summary})
		return r.record(ctx, st, rec, nil, action)
	case ModeAsk:
		req := ApprovalRequest{Agent: name, Summary: plan.Summary, Orders: terms, Policy: spec.Policy.Describe(spec.Quote),
			PlannedAt: plannedAt, TTL: spec.ApprovalTTL}
		for _, c := range plan.Cancels {
			req.Legs = append(req.Legs, "first cancel "+c.ID+" ("+c.Why+")")
		}
		ans, err := r.approvals.ask(ctx, req, spec.ApprovalTimeout, func(asked ApprovalRequest) {
			req.ID = asked.ID // ask gave it to its own copy
			r.bus.Publish(ApprovalRequested{Base: r.base(name), Request: asked})
		})
		r.bus.Publish(ApprovalResolved{Base: r.base(name), ID: req.ID, Approval: ans})
		rec.Simulation = withApprovalID(rec.Simulation, req.ID)
		if ans != store.ApprovalApproved {
			rec.Approval, rec.Outcome = ans, store.OutcomeSkipped
			if err != nil {
				rec.Error = err.Error()
			}
			return r.record(ctx, st, rec, nil, action)
		}
		rec.Approval = store.ApprovalApproved
		if age := time.Since(plannedAt); age > spec.ApprovalTTL {
			rec.Outcome, rec.Error = store.OutcomeSkipped, fmt.Sprintf("stale: approved %s after it was planned, past the approval TTL of %s; a new plan is made on the next tick",
				age.Round(time.Millisecond), spec.ApprovalTTL)
			return r.record(ctx, st, rec, nil, action)
		}
		// The limits may have filled while the person looked.
		if verdict, err = check(); err != nil {
			return err
		}
		if !verdict.Allowed {
			rec.Reasons, rec.Outcome = verdict.Reasons, store.OutcomeSkipped
			rec.Error = "stale: checked again at approval, the order no longer passes the policy: " + strings.Join(verdict.Reasons, "; ")
			return r.record(ctx, st, rec, nil, action)
		}
	default:
		rec.Approval = store.ApprovalAuto
	}
	return r.executeSigns(ctx, st, spec, rec, plan, terms)
}

// executeSigns records the decision as pending (keyed by its first order's
// id, so the same order can never be recorded twice), then has the wallet
// sign each request's digest and the strategy post it, and records the
// completion with what the venue said. Cancels go first, after the
// record. A post whose outcome is unknown leaves the decision pending: its
// spend counts until the venue is found to have it (lookupSigns) or a
// restart's recovery settles it.
func (r *Runtime) executeSigns(ctx context.Context, st *state, spec Spec, rec *store.Record, plan *strategies.Plan, terms []strategies.SignTerms) error {
	action := actionOf(rec)
	poster, ok := spec.Strategy.(strategies.Poster)
	if !ok {
		rec.Outcome, rec.Error = store.OutcomeFailed, "strategy "+spec.Strategy.Name()+" cannot post signatures; nothing was signed"
		return r.record(ctx, st, rec, nil, action)
	}
	if len(terms) > 0 {
		rec.Intent = "sign/" + terms[0].ID
	} else {
		rec.Intent = fmt.Sprintf("cancel/%d/%s", time.Now().UnixNano(), plan.Cancels[0].ID)
	}
	rec.Outcome = store.OutcomePending
	if _, _, err := r.db.Append(ctx, rec); err != nil {
		return fmt.Errorf("record decision before signing: %w", err)
	}
	r.recorded(st, rec, action)
	var posted []strategies.Posted
	if len(plan.Cancels) > 0 {
		ids := make([]string, len(plan.Cancels))
		for i, c := range plan.Cancels {
			ids[i] = c.ID
		}
		var err error
		if cr, ok := poster.(strategies.CancelReporter); ok {
			posted, err = cr.CancelReport(ctx, ids)
		} else if err = poster.Cancel(ctx, ids); err == nil {
			for _, id := range ids {
				posted = append(posted, strategies.Posted{ID: id, Status: "CANCELED"})
			}
		}
		if err != nil {
			// Nothing is signed over an order that may still rest.
			return r.finishSigns(ctx, st, rec, nil, store.OutcomeFailed, "cancel "+strings.Join(ids, ", ")+": "+err.Error())
		}
	}
	for i, s := range plan.Signs {
		sig, err := spec.Signer.SignHash(terms[i].Digest[:])
		if err != nil {
			return r.finishSigns(ctx, st, rec, posted, store.OutcomeFailed, fmt.Sprintf("sign %d: %v", i, err))
		}
		p, err := poster.Post(ctx, s, sig)
		if errors.Is(err, strategies.ErrPostUnknown) {
			r.log.Warn("order outcome unknown; the decision stays pending and counts against the limits until the venue is found to have it",
				"agent", rec.Agent, "seq", rec.Seq, "order", terms[i].ID, "err", err)
			st.signsUnknown = true
			return nil
		}
		if err != nil {
			return r.finishSigns(ctx, st, rec, posted, store.OutcomeFailed, fmt.Sprintf("post %d (%s): %v", i, terms[i].ID, err))
		}
		posted = append(posted, p)
		r.bus.Publish(OrderPosted{Base: r.base(rec.Agent), ID: p.ID, Status: p.Status, Order: terms[i].String()})
	}
	return r.finishSigns(ctx, st, rec, posted, store.OutcomeConfirmed, "")
}

// finishSigns records the completion of a signing decision: the venue's
// order ids and statuses in place of receipts.
func (r *Runtime) finishSigns(ctx context.Context, st *state, rec *store.Record, posted []strategies.Posted, outcome store.Outcome, reason string) error {
	done := &store.Record{Kind: store.KindCompletion, Agent: rec.Agent, Completes: rec.Seq, Outcome: outcome, Error: reason}
	if len(posted) > 0 {
		done.Receipt, _ = json.Marshal(map[string]any{"orders": posted})
	}
	if _, _, err := r.db.Append(ctx, done); err != nil {
		return fmt.Errorf("record completion of seq %d: %w", rec.Seq, err)
	}
	r.recorded(st, done, actionOf(rec))
	return nil
}

// recoverSigns settles a signing decision found pending after a restart by
// asking the venue for each order; it never posts. Orders the venue does
// not have are never sent; a lookup that fails leaves the decision
// pending (counting against the limits) for the next start.
func (r *Runtime) recoverSigns(ctx context.Context, st *state, p store.Record, doc simulationDoc) error {
	poster, ok := st.spec.Strategy.(strategies.Poster)
	if !ok {
		return r.complete(ctx, st, p, store.OutcomeFailed, "the strategy cannot look its orders up; nothing more is posted")
	}
	if len(doc.Signs) == 0 {
		return r.complete(ctx, st, p, store.OutcomeFailed, "interrupted while cancelling; the next tick looks at the book again")
	}
	var posted []strategies.Posted
	var missing []string
	for _, s := range doc.Signs {
		got, found, err := poster.Recover(ctx, s.Request, true)
		if err != nil {
			r.log.Warn("pending order still unknown after restart; it counts against the limits", "agent", p.Agent, "seq", p.Seq, "err", err)
			return nil
		}
		if found {
			posted = append(posted, got)
		} else if s.Terms != nil {
			missing = append(missing, s.Terms.ID)
		}
	}
	if len(posted) == 0 {
		return r.complete(ctx, st, p, store.OutcomeFailed, "interrupted: the venue does not have its orders, and they are not posted again")
	}
	reason := ""
	if len(missing) > 0 {
		reason = "not on the venue after a restart, not posted again: " + strings.Join(missing, ", ")
	}
	r.log.Info("recovered pending order decision", "agent", p.Agent, "seq", p.Seq, "orders", len(posted))
	return r.finishSigns(ctx, st, &p, posted, store.OutcomeConfirmed, reason)
}

// lookupSigns asks the venue, before a tick, about the agent's signing
// decisions whose orders' fate is unknown, and completes those it has. It
// never posts; one the venue does not have stays pending (counting against
// the limits) until a restart's recovery settles it.
func (r *Runtime) lookupSigns(ctx context.Context, st *state) error {
	poster, ok := st.spec.Strategy.(strategies.Poster)
	if !ok {
		return nil
	}
	pending, err := r.db.Pending(ctx, st.spec.Name)
	if err != nil {
		return err
	}
	left := false
	for _, p := range pending {
		var doc simulationDoc
		if json.Unmarshal(p.Simulation, &doc) != nil || len(doc.Signs) == 0 {
			continue
		}
		var posted []strategies.Posted
		for _, s := range doc.Signs {
			got, found, err := poster.Recover(ctx, s.Request, false)
			if err != nil || !found {
				break
			}
			posted = append(posted, got)
		}
		if len(posted) < len(doc.Signs) {
			left = true
			continue
		}
		r.log.Info("order found on the venue; its decision is complete", "agent", p.Agent, "seq", p.Seq)
		if err := r.finishSigns(ctx, st, &p, posted, store.OutcomeConfirmed, ""); err != nil {
			return err
		}
	}
	st.signsUnknown = left
	return nil
}
