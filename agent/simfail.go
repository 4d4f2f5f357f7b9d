package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// failUnchecked records a decision whose plan could not be simulated or
// priced (step names which), so the failure is in the log with its reason,
// and returns the error for the loop to back off on. A plan that the node
// cannot simulate faithfully is the plan's fault, not the node's: it is
// recorded and the agent goes on at its interval. A tick cancelled by a
// shutdown records nothing, as before.
func (r *Runtime) failUnchecked(ctx context.Context, st *state, rec *store.Record, plan *strategies.Plan,
	sims []wallet.CallResult, via, step string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	callSims := make([]CallSim, len(sims))
	for i, s := range sims {
		callSims[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed, Error: s.Error}
	}
	rec.Outcome, rec.Error = store.OutcomeFailed, step+": "+err.Error()
	rec.Simulation = simulationJSONVia(plan, callSims, nil, via)
	if rerr := r.record(ctx, st, rec, nil, actionOf(rec)); rerr != nil {
		return errors.Join(fmt.Errorf("%s: %w", step, err), rerr)
	}
	var unfaithful *wallet.UnfaithfulError
	if errors.As(err, &unfaithful) {
		return nil
	}
	return fmt.Errorf("%s: %w", step, err)
}

// simulatedVia reads how a recorded simulation was made ("" when unsaid).
func simulatedVia(doc []byte) string {
	var d simulationDoc
	if json.Unmarshal(doc, &d) != nil {
		return ""
	}
	return d.Via
}
