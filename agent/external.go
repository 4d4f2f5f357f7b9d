package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// ExternalModelPrefix marks decisions proposed by an outside agent (an MCP
// client): the record's model is "mcp:<client>".
const ExternalModelPrefix = "mcp:"

// Proposal is one action an outside agent asks for, with the plan the
// strategy code built for it. The client chose only the action and its
// arguments; addresses, recipients and approvals come from config.
type Proposal struct {
	Client string // who asked; recorded as the model "mcp:<client>"
	Action string // propose_swap, propose_transfer, ...
	// Args are the client's arguments as it sent them: recorded as the
	// decision's reply and parameters.
	Args json.RawMessage
	// Plan is nil when building it failed; PlanErr then says why and the
	// decision is recorded as failed.
	Plan    *strategies.Plan
	PlanErr error
	// Marks price the plan's tokens in the agent's quote token (for caps).
	Marks   map[common.Address]*big.Int
	Block   uint64
	Summary string
}

// ProposalResult is what became of a proposal: the decision's seq in the
// agent's log, the policy's verdict and reasons, the approval, and for a
// sent plan the final outcome with its receipts.
type ProposalResult struct {
	Seq      uint64          `json:"seq"`
	Verdict  store.Verdict   `json:"verdict"`
	Reasons  []string        `json:"reasons,omitempty"`
	Approval store.Approval  `json:"approval"`
	Outcome  store.Outcome   `json:"outcome"`
	TxHash   string          `json:"txHash,omitempty"`
	Receipts json.RawMessage `json:"receipts,omitempty"`
	Error    string          `json:"error,omitempty"`
	Summary  string          `json:"summary,omitempty"`
	// Simulated has one line per call: what the simulation returned.
	Simulated []string `json:"simulated,omitempty"`
}

// Propose runs an outside agent's proposal through the same path as a
// tick after the model spoke: simulate, default-deny policy on the decoded
// calls, approval by mode (ask waits in the approval queue until a person
// decides or the agent's approval timeout), record before send, send,
// receipts, completion. Every outcome, including a denial, is a decision in
// the agent's own hash chain; the error is only for what could not be
// recorded or read.
func (r *Runtime) Propose(ctx context.Context, agentName string, p Proposal) (ProposalResult, error) {
	st, err := r.agent(agentName)
	if err != nil {
		return ProposalResult{}, err
	}
	// One proposal at a time per agent, so each sees the last one's spend.
	st.external().Lock()
	defer st.external().Unlock()
	return r.propose(ctx, st, p)
}

// propose is Propose with the agent's proposal lock held.
func (r *Runtime) propose(ctx context.Context, st *state, p Proposal) (ProposalResult, error) {
	st.mu.Lock()
	spec := st.spec
	st.mu.Unlock()
	agentName := spec.Name

	rec, err := externalRecord(spec, p)
	if err != nil {
		return ProposalResult{}, err
	}
	res := func() (ProposalResult, error) { return r.proposalResult(ctx, rec) }
	fail := func(msg string) (ProposalResult, error) {
		rec.Outcome, rec.Error = store.OutcomeFailed, msg
		if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
			return ProposalResult{}, err
		}
		return res()
	}
	r.bus.Publish(Decided{Base: r.base(agentName), Action: p.Action, Rationale: "proposed by MCP client " + p.Client,
		Model: rec.Model, Confidence: 1})
	if p.PlanErr != nil {
		return fail("plan: " + p.PlanErr.Error())
	}
	plan := p.Plan
	if why := st.pauseReason(); why != "" && plan != nil && len(plan.Calls)+len(plan.Signs) > 0 {
		// Paused (by a person, the drawdown kill switch, another chain
		// behind the node) means nothing new is signed, whoever asks;
		// pulling resting orders still lowers risk.
		rec.Verdict, rec.Outcome = store.VerdictDenied, store.OutcomeSkipped
		rec.Reasons = []string{"agent " + agentName + " is paused (" + why + "): nothing new is signed until it is resumed"}
		r.bus.Publish(PolicyDenied{Base: r.base(agentName), Plan: plan.Summary, Reasons: rec.Reasons})
		if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
			return ProposalResult{}, err
		}
		return res()
	}
	if plan != nil && len(plan.Signs)+len(plan.Cancels) > 0 {
		return r.proposeSigns(ctx, st, spec, rec, plan, p.Marks)
	}
	if plan == nil || len(plan.Calls) == 0 {
		rec.Outcome = store.OutcomeSkipped
		if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
			return ProposalResult{}, err
		}
		return res()
	}
	mode := st.mode()
	paper := mode == ModePaper
	intents, callSims, fees, verdict, err := r.judge(ctx, spec, paper, plan, p.Marks)
	if err != nil {
		return fail(err.Error())
	}
	rec.Simulation = simulationJSONVia(plan, callSims, nil, r.client.SimulatedVia())
	rec.Reasons = verdict.Reasons
	if !verdict.Allowed {
		rec.Verdict, rec.Outcome = store.VerdictDenied, store.OutcomeSkipped
		r.bus.Publish(PolicyDenied{Base: r.base(agentName), Plan: plan.Summary, Reasons: verdict.Reasons})
		if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
			return ProposalResult{}, err
		}
		return res()
	}
	rec.Verdict = store.VerdictAllowed
	switch mode {
	case ModePaper:
		rec.Approval, rec.Outcome = store.ApprovalPaper, store.OutcomePaper
		r.bus.Publish(PaperTraded{Base: r.base(agentName), Plan: plan.Summary})
		if err := r.record(ctx, st, rec, paperTrades(spec.Policy, plan, callSims), p.Action); err != nil {
			return ProposalResult{}, err
		}
		return res()
	case ModeAsk:
		planned := time.Now()
		req := ApprovalRequest{Agent: agentName, Summary: "[" + rec.Model + "] " + plan.Summary, Calls: plan.Calls,
			Trades: plan.Trades, Simulated: describeSims(plan, callSims), Policy: spec.Policy.Describe(spec.Quote),
			FeeCap: gwei(fees.FeeCap), PlannedAt: planned}
		ans, aerr := r.approvals.ask(ctx, req, spec.ApprovalTimeout, func(asked ApprovalRequest) {
			req.ID = asked.ID // ask gave it to its own copy
			r.bus.Publish(ApprovalRequested{Base: r.base(agentName), Request: asked})
		})
		r.bus.Publish(ApprovalResolved{Base: r.base(agentName), ID: req.ID, Approval: ans})
		rec.Simulation = withApprovalID(rec.Simulation, req.ID)
		// The client may have gone while a person decided: the decision is
		// still recorded, on the runtime's own context.
		ctx = context.WithoutCancel(ctx)
		if ans != store.ApprovalApproved {
			rec.Approval, rec.Outcome = ans, store.OutcomeSkipped
			if aerr != nil {
				rec.Error = aerr.Error()
			}
			if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
				return ProposalResult{}, err
			}
			return res()
		}
		rec.Approval = store.ApprovalApproved
		// What a person approved is simulated and judged again now: the
		// chain moved while they read it.
		intents, callSims, fees, verdict, err = r.judge(ctx, spec, paper, plan, p.Marks)
		if err != nil {
			return fail("re-simulate at approval: " + err.Error())
		}
		rec.Simulation = withApprovalID(simulationJSONVia(plan, callSims, nil, r.client.SimulatedVia()), req.ID)
		if !verdict.Allowed {
			rec.Verdict, rec.Outcome, rec.Reasons = store.VerdictDenied, store.OutcomeSkipped, verdict.Reasons
			rec.Error = "denied on re-simulation at approval"
			if err := r.record(ctx, st, rec, nil, p.Action); err != nil {
				return ProposalResult{}, err
			}
			return res()
		}
	default:
		rec.Approval = store.ApprovalAuto
	}
	// Once signing starts, the send and its completion finish even if the
	// client hangs up; only a drain timeout cancels them.
	wctx, cancel := context.WithCancel(r.work)
	defer cancel()
	if err := r.execute(wctx, st, rec, plan, intents, callSims, fees); err != nil {
		return ProposalResult{}, err
	}
	return r.proposalResult(context.WithoutCancel(ctx), rec)
}

// judge simulates the plan as one bundle from the agent's wallet and runs
// the policy on it with the agent's spend so far.
func (r *Runtime) judge(ctx context.Context, spec Spec, paper bool, plan *strategies.Plan, marks map[common.Address]*big.Int) (
	[]wallet.Intent, []CallSim, wallet.Fees, Verdict, error) {
	intents := make([]wallet.Intent, len(plan.Calls))
	for i, c := range plan.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data, Value: c.Value}
	}
	from := spec.Signer.Address()
	sims, err := r.client.SimulateBundle(ctx, from, intents)
	if err != nil {
		return nil, nil, wallet.Fees{}, Verdict{}, fmt.Errorf("simulate: %w", err)
	}
	fees, err := r.client.SuggestFees(ctx)
	if err != nil {
		return nil, nil, wallet.Fees{}, Verdict{}, fmt.Errorf("fees: %w", err)
	}
	spent, err := r.spent(ctx, spec.Name, paper, spec.Quote, marks, spec.Policy)
	if err != nil {
		return nil, nil, wallet.Fees{}, Verdict{}, err
	}
	callSims := make([]CallSim, len(sims))
	for i, s := range sims {
		callSims[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed, Error: s.Error}
	}
	v := spec.Policy.Check(CheckInput{Agent: from, Plan: plan, Sims: callSims, FeeCap: fees.FeeCap,
		Marks: marks, Quote: spec.Quote, Spent: spent})
	return intents, callSims, fees, v, nil
}

// externalRecord starts the decision record of a proposal: the client's
// arguments are the reply, the action and arguments the decision, and a
// digest of what was observed (block, marks) stands for the observation.
func externalRecord(spec Spec, p Proposal) (*store.Record, error) {
	if !namePattern.MatchString(p.Client) {
		return nil, fmt.Errorf("client name %q: use 1-32 lowercase letters, digits, - or _, starting with a letter", p.Client)
	}
	args := p.Args
	if !json.Valid(args) {
		args = json.RawMessage("{}")
	}
	action, err := json.Marshal(strategies.Decision{Action: p.Action, Params: args, Confidence: 1,
		Rationale: "proposed by MCP client " + p.Client})
	if err != nil {
		return nil, err
	}
	marks := map[string]string{}
	for a, v := range p.Marks {
		if v != nil {
			marks[a.Hex()] = v.String()
		}
	}
	facts, _ := json.Marshal(struct {
		Block uint64            `json:"block"`
		Marks map[string]string `json:"marks"`
	}{p.Block, marks})
	return &store.Record{
		Kind: store.KindDecision, Agent: spec.Name, Strategy: spec.Strategy.Name(),
		ObsDigest: crypto.Keccak256Hash(facts), ObsSummary: p.Summary,
		PromptHash: crypto.Keccak256Hash(args), Model: ExternalModelPrefix + p.Client,
		Reply: capBytes(args), Action: action,
		Verdict: store.VerdictNone, Approval: store.ApprovalNone,
	}, nil
}

// proposalResult reads the decision back, with its completion when the
// plan was sent, so the client sees exactly what the log holds.
func (r *Runtime) proposalResult(ctx context.Context, rec *store.Record) (ProposalResult, error) {
	out := ProposalResult{Seq: rec.Seq, Verdict: rec.Verdict, Reasons: rec.Reasons, Approval: rec.Approval,
		Outcome: rec.Outcome, Error: rec.Error}
	var doc simulationDoc
	if json.Unmarshal(rec.Simulation, &doc) == nil {
		out.Summary = doc.Summary
		for _, c := range doc.Calls {
			line := c.Method + ": ok"
			if !c.OK {
				line = c.Method + ": REVERTS: " + c.Error
			}
			out.Simulated = append(out.Simulated, fmt.Sprintf("%s, gas %d", line, c.GasUsed))
		}
		for _, sg := range doc.Signs {
			if t := sg.Terms; t != nil {
				out.Simulated = append(out.Simulated, fmt.Sprintf("%s %s %s %s at %s for %s (order %s)", t.Kind, t.Side, t.Size, t.What(), t.Price, t.Cost, t.ID))
			}
		}
	}
	if rec.TxHash != (common.Hash{}) {
		out.TxHash = rec.TxHash.Hex()
	}
	if rec.Outcome != store.OutcomePending {
		return out, nil
	}
	// The completion follows the decision; other decisions of the agent
	// (its own loop) may sit in between.
	for from := rec.Seq + 1; ; {
		recs, err := r.db.Records(ctx, rec.Agent, from, 64)
		if err != nil {
			return out, fmt.Errorf("read completion of seq %d: %w", rec.Seq, err)
		}
		for _, c := range recs {
			if c.Kind == store.KindCompletion && c.Completes == rec.Seq {
				out.Outcome, out.Error, out.Receipts = c.Outcome, c.Error, json.RawMessage(c.Receipt)
				if c.TxHash != (common.Hash{}) {
					out.TxHash = c.TxHash.Hex()
				}
				return out, nil
			}
		}
		if len(recs) < 64 {
			return out, nil // still pending (crash recovery will finish it)
		}
		from = recs[len(recs)-1].Seq + 1
	}
}
