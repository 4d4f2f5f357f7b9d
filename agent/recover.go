package agent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// reconcile settles the agent's pending decisions after a crash or kill -9,
// by asking the chain about each recorded transaction. It never sends: a
// transaction the node does not hold never reached it, is recorded as
// failed, and the next tick decides afresh from a new observation. One
// still in the pool is waited for like any receipt; if the wait ends first
// it stays pending (unknown, counting against the limits) and the loop goes
// on asking the chain before each tick.
func (r *Runtime) reconcile(ctx context.Context, st *state) error {
	name := st.spec.Name
	pending, err := r.db.Pending(ctx, name)
	if err != nil {
		return fmt.Errorf("read pending decisions: %w", err)
	}
	for _, p := range pending {
		var doc simulationDoc
		if err := json.Unmarshal(p.Simulation, &doc); err == nil && len(doc.Signs)+len(doc.Cancels) > 0 {
			if err := r.recoverSigns(ctx, st, p, doc); err != nil {
				return err
			}
			continue
		}
		if err := json.Unmarshal(p.Simulation, &doc); err != nil || len(doc.Txs) == 0 {
			if err := r.complete(ctx, st, p, store.OutcomeFailed, "interrupted before its transactions were recorded; nothing was sent"); err != nil {
				return err
			}
			continue
		}
		plan := &strategies.Plan{Summary: doc.Summary}
		for _, c := range doc.Calls {
			plan.Calls = append(plan.Calls, strategies.Call{To: c.To, Data: c.Data, Value: c.Value.ToInt(), Method: c.Method})
		}
		f := &inflight{rec: p, plan: plan, ids: doc.Txs, sent: len(doc.Txs), restarted: true}
		done, err := r.resolveWait(ctx, st, f)
		if err != nil {
			return fmt.Errorf("record recovery of seq %d: %w", p.Seq, err)
		}
		if done {
			r.log.Info("recovered pending decision", "agent", p.Agent, "seq", p.Seq)
		} else {
			st.inflight = append(st.inflight, f)
			r.log.Warn("pending decision still unknown after restart; it counts against the limits until the chain settles it",
				"agent", p.Agent, "seq", p.Seq)
		}
	}
	// Nonces reserved before the crash are gone with the process.
	return r.client.Nonces().Resync(ctx, st.spec.Signer.Address())
}

// complete appends the completion of a recovered decision that sent nothing.
func (r *Runtime) complete(ctx context.Context, st *state, p store.Record, outcome store.Outcome, reason string) error {
	done := &store.Record{Kind: store.KindCompletion, Agent: p.Agent, Completes: p.Seq, Outcome: outcome, Error: reason}
	if _, _, err := r.db.AppendWithTrades(ctx, done, nil); err != nil {
		return fmt.Errorf("record recovery of seq %d: %w", p.Seq, err)
	}
	r.log.Info("recovered pending decision", "agent", p.Agent, "seq", p.Seq, "outcome", outcome, "reason", reason)
	r.recorded(st, done, "")
	return nil
}
