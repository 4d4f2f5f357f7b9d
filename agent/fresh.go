package agent

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// approve asks a person about plan and, once approved, makes sure what is
// sent is what the policy would allow now: a plan older than the agent's
// ApprovalTTL is refused, and a fresh one is simulated again (same calls)
// at fresh fees and checked again by the policy, whose slippage rule then
// judges the new simulation. It returns the fresh simulation and fees to
// send with, or nil when the plan is not to be sent (rec then says why:
// the answer, or approved but skipped with a "stale: ..." error). The next
// tick plans again from a new observation.
func (r *Runtime) approve(ctx context.Context, st *state, spec Spec, rec *store.Record, obs *strategies.Observation,
	plan *strategies.Plan, intents []wallet.Intent, sims []CallSim, fees wallet.Fees, plannedAt time.Time) ([]CallSim, wallet.Fees, error) {
	name := spec.Name
	req := ApprovalRequest{Agent: name, Summary: plan.Summary, Calls: plan.Calls, Trades: plan.Trades,
		Simulated: describeSims(plan, sims), Policy: spec.Policy.Describe(spec.Quote), FeeCap: gwei(fees.FeeCap),
		PlannedAt: plannedAt, TTL: spec.ApprovalTTL, Expected: r.expected(ctx, spec, obs, plan, sims, fees), Legs: legs(plan)}
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
		return nil, fees, nil
	}
	rec.Approval = store.ApprovalApproved
	stale := func(format string, args ...any) ([]CallSim, wallet.Fees, error) {
		rec.Outcome, rec.Error = store.OutcomeSkipped, "stale: "+fmt.Sprintf(format, args...)+"; a new plan is made on the next tick"
		return nil, fees, nil
	}
	if age := time.Since(plannedAt); age > spec.ApprovalTTL {
		return stale("approved %s after it was planned, past the approval TTL of %s", age.Round(time.Millisecond), spec.ApprovalTTL)
	}
	sim, err := r.client.SimulatePlan(ctx, spec.Signer.Address(), intents)
	if err != nil {
		return stale("simulating it again failed: %v", err)
	}
	fresh := make([]CallSim, len(sim.Calls))
	for i, s := range sim.Calls {
		fresh[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed, Error: s.Error}
	}
	freshFees, err := r.client.SuggestFees(ctx)
	if err != nil {
		return stale("reading fees again failed: %v", err)
	}
	spent, err := r.spent(ctx, name, false, spec.Quote, obs.Marks, spec.Policy)
	if err != nil {
		return nil, fees, err
	}
	verdict := spec.Policy.Check(CheckInput{Agent: spec.Signer.Address(), Plan: plan, Sims: fresh, FeeCap: freshFees.FeeCap,
		Marks: obs.Marks, Quote: spec.Quote, Spent: spent})
	rec.Simulation = withApprovalID(simulationJSONVia(plan, fresh, nil, sim.Via), req.ID)
	if !verdict.Allowed {
		rec.Reasons = verdict.Reasons
		return stale("simulated again at approval, the plan no longer passes the policy: %s", strings.Join(verdict.Reasons, "; "))
	}
	return fresh, freshFees, nil
}

// expected is what the plan should gain (+) or cost (-) in quote units,
// from its trades' quotes valued at the observation's marks, less its gas
// at the simulated use and the fee cap: "+1.25 USDC". "" when the plan
// trades nothing or something in it has no mark.
func (r *Runtime) expected(ctx context.Context, spec Spec, obs *strategies.Observation, plan *strategies.Plan,
	sims []CallSim, fees wallet.Fees) string {
	if len(plan.Trades) == 0 {
		return ""
	}
	total := new(big.Rat)
	for _, t := range plan.Trades {
		in, err1 := valueIn(t.AmountIn, t.TokenIn, spec.Quote, obs.Marks)
		out, err2 := valueIn(t.QuotedOut, t.TokenOut, spec.Quote, obs.Marks)
		if err1 != nil || err2 != nil {
			return ""
		}
		total.Add(total, out).Sub(total, in)
	}
	suffix := ""
	if mark, err := r.nativeMark(ctx, spec, obs); err == nil && spec.Native.Address != (common.Address{}) && fees.FeeCap != nil {
		gas := new(big.Int)
		for _, s := range sims {
			gas.Add(gas, new(big.Int).SetUint64(s.GasUsed))
		}
		wei := gas.Mul(gas, fees.FeeCap)
		total.Sub(total, new(big.Rat).SetFrac(wei.Mul(wei, mark), pow10(18)))
	} else {
		suffix = " before gas"
	}
	s := ratDecimal(total, spec.Quote.Decimals)
	if total.Sign() >= 0 {
		s = "+" + s
	}
	return s + " " + spec.Quote.Symbol + suffix
}

// legs shows each trade of a plan in human units, with the deadline of its
// swap as a wall-clock time: "dex-a: 100 USDC -> >= 0.033112 WETH by 14:05:09".
func legs(plan *strategies.Plan) []string {
	var deadlines []*big.Int
	for _, c := range plan.Calls {
		if d := callDeadline(c); d != nil {
			deadlines = append(deadlines, d)
		}
	}
	out := make([]string, len(plan.Trades))
	for i, t := range plan.Trades {
		s := fmt.Sprintf("%s: %s %s -> >= %s %s", t.Venue, human(t.AmountIn, t.TokenIn.Decimals), t.TokenIn.Symbol,
			human(t.MinOut, t.TokenOut.Decimals), t.TokenOut.Symbol)
		if i < len(deadlines) && deadlines[i].IsInt64() {
			s += " by " + time.Unix(deadlines[i].Int64(), 0).Format("15:04:05")
		}
		out[i] = s
	}
	return out
}

// human is an amount in whole units for people: at most 6 decimals,
// rounded down, trailing zeros trimmed.
func human(v *big.Int, decimals uint8) string {
	if v == nil {
		return "0"
	}
	if decimals > 6 {
		cut := pow10(decimals - 6)
		return wallet.FormatAmount(new(big.Int).Quo(v, cut), 6)
	}
	return wallet.FormatAmount(v, decimals)
}
