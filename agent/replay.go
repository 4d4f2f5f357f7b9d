package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// Match says how a replayed part of a decision compares with the record.
type Match string

// Matches.
const (
	MatchIdentical  Match = "identical"
	MatchDiffers    Match = "differs"
	MatchNotChecked Match = "not checked"
)

// BlobSource serves a record's replay inputs: the decision log itself
// (*store.DB), or a batch export a validator fetched.
type BlobSource interface {
	Blob(ctx context.Context, h common.Hash) ([]byte, error)
	Inputs(ctx context.Context, rec *store.Record) (store.Inputs, error)
}

// ReplayOptions configures Replay.
type ReplayOptions struct {
	DB *store.DB
	// Blobs serves the inputs; DB when nil.
	Blobs BlobSource
	// Provider returns the model server for a provider kind; nil, or an
	// error, leaves model decisions unreplayed (reported, not matched).
	Provider func(kind llm.Kind) (llm.Provider, error)
	// Live returns the agent's configured strategy on a chain, to run Plan
	// again for a decision recorded without its chain reads (inputs from
	// before they were kept); nil leaves those plans unchecked. A decision
	// with its reads plans offline on them.
	Live func(agent string) strategies.Strategy
}

// ReplayResult is one decision made again.
type ReplayResult struct {
	Agent string `json:"agent"`
	Seq   uint64 `json:"seq"`
	Model string `json:"model"`
	// Reply, Plan and Verdict compare the replay with the record.
	Reply   Match `json:"reply"`
	Plan    Match `json:"plan"`
	Verdict Match `json:"verdict"`
	// Diff lists what differs in the decision ("action: buy -> hold").
	Diff []string `json:"diff,omitempty"`
	// Problem says why the decision could not be replayed or did not match
	// (a tampered prompt, another model digest, no inputs recorded).
	Problem string `json:"problem,omitempty"`
	// Notes explain parts not checked.
	Notes []string `json:"notes,omitempty"`
	// Unsupported: the decision cannot be made again here (its strategy
	// has no restorer, or it was recorded without replay inputs, as boot
	// steps and records before encoding v2 are). Not a mismatch: a
	// validator leaves it out of its score.
	Unsupported bool `json:"unsupported,omitempty"`
}

// OK reports whether nothing replayed differently and nothing stopped the
// replay. A part left unchecked (a plan without a chain) is not a failure.
func (r ReplayResult) OK() bool {
	return r.Problem == "" && r.Reply == MatchIdentical && r.Plan != MatchDiffers && r.Verdict != MatchDiffers
}

// Replay makes agent's decisions with seq in [from, to] again (to 0: up to
// the end) from their recorded inputs, and compares. Completions are
// skipped; a decision without inputs (written before encoding v2) is
// reported as a problem.
func Replay(ctx context.Context, o ReplayOptions, agent string, from, to uint64) ([]ReplayResult, error) {
	if from == 0 {
		from = 1
	}
	limit := 0
	if to > 0 {
		if to < from {
			return nil, fmt.Errorf("replay: range %d..%d is empty: --to must be at least --from", from, to)
		}
		limit = int(to - from + 1)
	}
	recs, err := o.DB.Records(ctx, agent, from, limit)
	if err != nil {
		return nil, err
	}
	var out []ReplayResult
	for i := range recs {
		if recs[i].Kind != store.KindDecision {
			continue
		}
		out = append(out, replayOne(ctx, o, &recs[i]))
	}
	return out, nil
}

// ReplayRecord replays one decision record; blobs come from o.DB.
func ReplayRecord(ctx context.Context, o ReplayOptions, rec *store.Record) ReplayResult {
	return replayOne(ctx, o, rec)
}

func replayOne(ctx context.Context, o ReplayOptions, rec *store.Record) ReplayResult {
	if o.Blobs == nil {
		o.Blobs = o.DB
	}
	res := ReplayResult{Agent: rec.Agent, Seq: rec.Seq, Model: rec.Model,
		Reply: MatchNotChecked, Plan: MatchNotChecked, Verdict: MatchNotChecked}
	fail := func(format string, args ...any) ReplayResult {
		res.Problem = fmt.Sprintf(format, args...)
		return res
	}
	in, err := o.Blobs.Inputs(ctx, rec)
	if rec.Inputs == (common.Hash{}) {
		res.Unsupported = true
		return fail("no replay inputs were recorded (a decision written before encoding v2, a boot step, or an MCP client's)")
	}
	if err != nil {
		return fail("replay inputs: %v", err)
	}
	facts, err := o.Blobs.Blob(ctx, in.Facts)
	if err != nil {
		return fail("observation facts: %v", err)
	}
	if !strategies.CanRestore(rec.Strategy) {
		res.Unsupported = true
		return fail("strategy %s cannot be replayed from its facts yet (replayable: %v)", rec.Strategy, strategies.Restorable())
	}
	strat, obs, err := strategies.Restore(rec.Strategy, facts)
	if err != nil {
		res.Unsupported = errors.Is(err, strategies.ErrNotReplayable)
		return fail("%v", err)
	}
	obs.Summary = rec.ObsSummary

	var d strategies.Decision
	var reply []byte
	if in.Brain == string(llm.KindRules) {
		d = strat.Propose(obs)
		reply, _ = json.Marshal(d)
	} else {
		var why string
		d, reply, why = replayModel(ctx, o, rec, &in, strat)
		if why != "" {
			return fail("%s", why)
		}
	}
	var action []byte
	if rec.Outcome != store.OutcomeFailed || len(rec.Action) > 0 {
		action, _ = json.Marshal(d)
	}
	res.Reply = MatchIdentical
	if !bytes.Equal(reply, rec.Reply) || !bytes.Equal(action, rec.Action) {
		res.Reply = MatchDiffers
		res.Diff = decisionDiff(rec.Action, action, rec.Reply, reply)
	}
	replayPlan(ctx, o, rec, &in, strat, obs, d, &res)
	replayVerdict(ctx, o, rec, &in, &res)
	return res
}

// replayModel sends the recorded request again, to a server that must hold
// the same model build, and parses the reply as the strategy did.
func replayModel(ctx context.Context, o ReplayOptions, rec *store.Record, in *store.Inputs, strat strategies.Strategy) (strategies.Decision, []byte, string) {
	var d strategies.Decision
	if in.System == nil || in.User == nil || in.Schema == nil {
		return d, nil, "the recorded inputs name no prompt for a model decision"
	}
	parts := make([][]byte, 3)
	for i, h := range []*common.Hash{in.System, in.User, in.Schema} {
		b, err := o.Blobs.Blob(ctx, *h)
		if err != nil {
			return d, nil, "recorded prompt: " + err.Error()
		}
		parts[i] = b
	}
	if got := PromptHash(string(parts[0]), string(parts[1]), parts[2]); got != rec.PromptHash {
		return d, nil, fmt.Sprintf("the stored prompt hashes to %s, not the recorded prompt_hash %s: it was altered", got.Hex(), rec.PromptHash.Hex())
	}
	if o.Provider == nil {
		return d, nil, "no model server configured to replay " + rec.Model
	}
	p, err := o.Provider(llm.Kind(in.Brain))
	if err != nil {
		return d, nil, fmt.Sprintf("model server for %s: %v", in.Brain, err)
	}
	digest, err := serverDigest(ctx, p, in.Model)
	if err != nil {
		return d, nil, err.Error()
	}
	// Ollama lists each model's digest: check before asking. An
	// OpenAI-style server lists none and names its build (the system
	// fingerprint) in each reply: check that after.
	if digest != "" && digest != in.ModelDigest {
		return d, nil, fmt.Sprintf("model %s: the server has digest %q, the decision was made with %q: refusing to replay on another build",
			in.Model, digest, in.ModelDigest)
	}
	req := llm.Request{Agent: rec.Agent, Model: in.Model, System: string(parts[0]),
		Messages: []llm.Message{{Role: llm.RoleUser, Content: string(parts[1])}}, Schema: parts[2],
		Temperature: in.Temperature, Seed: in.Seed, MaxTokens: in.MaxTokens}
	reply, err := llm.DecideJSON(ctx, p, req, func(raw json.RawMessage) error {
		dd, err := strat.Parse(raw)
		d = dd
		return err
	})
	if digest == "" && reply.Digest != in.ModelDigest && (err == nil || errors.As(err, new(*llm.DecisionError))) {
		return d, nil, fmt.Sprintf("model %s: the server answered as build %q, the decision was made with %q: not the same model build",
			in.Model, reply.Digest, in.ModelDigest)
	}
	var derr *llm.DecisionError
	switch {
	case err == nil:
		return d, []byte(reply.Text), ""
	case errors.As(err, &derr):
		return strategies.Decision{}, []byte(strings.Join(derr.Replies, "\n---\n")), ""
	default:
		return d, nil, fmt.Sprintf("model %s did not answer: %v", in.Model, err)
	}
}

// serverDigest is the digest the server reports for model ("" when it
// reports none, as OpenAI-style servers may).
func serverDigest(ctx context.Context, p llm.Provider, model string) (string, error) {
	ms, err := p.Models(ctx)
	if err != nil {
		return "", fmt.Errorf("list the server's models: %v", err)
	}
	for _, m := range ms {
		if m.Name == model || m.Name == model+":latest" || strings.TrimSuffix(m.Name, ":latest") == model {
			return m.Digest, nil
		}
	}
	return "", fmt.Errorf("model %s is not on the server: pull the exact build the decision was made with", model)
}

// replayPlan runs Plan again on the restored strategy, offline: its chain
// answers only the reads recorded when the decision was made (the Tape
// named by Inputs.Reads), so the plan is made from the very state it was
// made from. It compares with the plan the policy judged, or with the
// recorded plan error or empty plan. Without recorded reads (inputs from
// before they were kept) the live strategy, when given, plans instead.
func replayPlan(ctx context.Context, o ReplayOptions, rec *store.Record, in *store.Inputs, strat strategies.Strategy,
	obs *strategies.Observation, d strategies.Decision, res *ReplayResult) {
	recorded, _ := recordedCheck(ctx, o.Blobs, in)
	if len(rec.Action) == 0 {
		res.Plan = MatchIdentical // no decision, no plan
		return
	}
	var want *strategies.Plan
	switch {
	case recorded != nil:
		want = recorded.Plan
	case cancelsOnly(rec) != nil:
		want = cancelsOnly(rec)
	case strings.HasPrefix(rec.Error, "plan: "), rec.Outcome == store.OutcomeSkipped && rec.Error == "":
	default:
		res.Notes = append(res.Notes, "plan not compared: the record keeps no plan (it failed before the policy: "+rec.Error+")")
		return
	}
	planner := strat
	tape := &strategies.Tape{}
	if in.Reads != nil {
		b, err := o.Blobs.Blob(ctx, *in.Reads)
		if err == nil {
			tape, err = strategies.DecodeTape(b)
		}
		if err != nil {
			res.Plan, res.Problem = MatchDiffers, "recorded chain reads: "+err.Error()
			return
		}
	} else if o.Live != nil {
		if live := o.Live(rec.Agent); live != nil && live.Name() == strat.Name() {
			planner, tape = live, nil
		}
	}
	pctx := ctx
	if tape != nil {
		pctx = strategies.WithTape(ctx, tape)
	}
	plan, err := planner.Plan(pctx, obs, d)
	if err != nil {
		if errors.Is(err, strategies.ErrNoChain) || in.Reads == nil && tape != nil && errors.Is(err, strategies.ErrNotRecorded) {
			res.Notes = append(res.Notes, "plan not re-run: it reads the chain, and what it read was not recorded (inputs from before they were kept, or a strategy that cannot plan offline yet) and no chain was given")
			return
		}
		if "plan: "+err.Error() == rec.Error {
			res.Plan = MatchIdentical
			return
		}
		res.Plan = MatchDiffers
		res.Diff = append(res.Diff, fmt.Sprintf("plan: %q -> error %q", planOrError(want, rec), err.Error()))
		return
	}
	if planKey(plan) == planKey(want) && !strings.HasPrefix(rec.Error, "plan: ") {
		res.Plan = MatchIdentical
		return
	}
	res.Plan = MatchDiffers
	res.Diff = append(res.Diff, fmt.Sprintf("plan: %q -> %q", planOrError(want, rec), planKey(plan)))
}

func planOrError(p *strategies.Plan, rec *store.Record) string {
	if strings.HasPrefix(rec.Error, "plan: ") {
		return "error " + strings.TrimPrefix(rec.Error, "plan: ")
	}
	return planKey(p)
}

// planKey is what a plan does: summary, and each call's target, method,
// value and exact calldata (the deadline in it comes from the recorded head);
// each signature request's venue and exact typed data (an order's salt and
// timestamp come from the recorded facts); each cancel's venue and order id.
func planKey(p *strategies.Plan) string {
	if p == nil || len(p.Calls)+len(p.Signs)+len(p.Cancels) == 0 {
		return "(none)"
	}
	parts := []string{p.Summary}
	for _, c := range p.Calls {
		v := "0"
		if c.Value != nil {
			v = c.Value.String()
		}
		parts = append(parts, fmt.Sprintf("%s.%s{value %s} 0x%x", c.To.Hex(), c.Method, v, c.Data))
	}
	for _, c := range p.Cancels {
		parts = append(parts, fmt.Sprintf("cancel %s %s (%s)", c.Venue, c.ID, c.Why))
	}
	for _, s := range p.Signs {
		parts = append(parts, fmt.Sprintf("sign %s %s: %s", s.Venue, s.Summary, s.Data))
	}
	return strings.Join(parts, " | ")
}

// cancelsOnly is a signing decision's recorded plan when it only pulled
// resting orders: the runtime allows that without the policy (it moves no
// money), so no policy inputs were recorded; the log's simulation field
// keeps the plan.
func cancelsOnly(rec *store.Record) *strategies.Plan {
	var doc simulationDoc
	if len(rec.Simulation) == 0 || json.Unmarshal(rec.Simulation, &doc) != nil ||
		len(doc.Cancels) == 0 || len(doc.Signs)+len(doc.Calls) > 0 {
		return nil
	}
	return &strategies.Plan{Summary: doc.Summary, Cancels: doc.Cancels}
}

// replayVerdict judges the recorded plan again with the recorded policy,
// simulation and limits, and compares with the recorded verdict.
func replayVerdict(ctx context.Context, o ReplayOptions, rec *store.Record, in *store.Inputs, res *ReplayResult) {
	if in.Check == nil {
		// No policy consulted: no verdict, or pulling resting orders only.
		if rec.Verdict == store.VerdictNone || rec.Verdict == store.VerdictAllowed && len(rec.Reasons) == 0 && cancelsOnly(rec) != nil {
			res.Verdict = MatchIdentical
		}
		return
	}
	doc, err := recordedCheck(ctx, o.Blobs, in)
	if err != nil {
		res.Verdict, res.Problem = MatchDiffers, "policy inputs: "+err.Error()
		return
	}
	if in.Policy == nil {
		res.Notes = append(res.Notes, "verdict not re-judged: no policy recorded")
		return
	}
	pb, err := o.Blobs.Blob(ctx, *in.Policy)
	if err != nil {
		res.Verdict, res.Problem = MatchDiffers, "recorded policy: "+err.Error()
		return
	}
	var pol Policy
	if err := json.Unmarshal(pb, &pol); err != nil {
		res.Verdict, res.Problem = MatchDiffers, "recorded policy does not decode: "+err.Error()
		return
	}
	v := pol.Check(doc.checkInput(doc.Plan, doc.Sims))
	want := store.VerdictDenied
	if v.Allowed {
		want = store.VerdictAllowed
	}
	if want == rec.Verdict && slices.Equal(v.Reasons, rec.Reasons) {
		res.Verdict = MatchIdentical
		return
	}
	res.Verdict = MatchDiffers
	res.Diff = append(res.Diff, fmt.Sprintf("verdict: %s %q -> %s %q", rec.Verdict, rec.Reasons, want, v.Reasons))
}

func recordedCheck(ctx context.Context, db BlobSource, in *store.Inputs) (*checkDoc, error) {
	if in.Check == nil {
		return nil, nil
	}
	b, err := db.Blob(ctx, *in.Check)
	if err != nil {
		return nil, err
	}
	var d checkDoc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("does not decode: %w", err)
	}
	return &d, nil
}

// decisionDiff names what differs between the recorded and replayed
// decision, field by field, or the raw replies when neither parses.
func decisionDiff(wantAction, gotAction, wantReply, gotReply []byte) []string {
	var a, b strategies.Decision
	ea, eb := json.Unmarshal(wantAction, &a), json.Unmarshal(gotAction, &b)
	var out []string
	if ea == nil && eb == nil {
		if a.Action != b.Action {
			out = append(out, fmt.Sprintf("action: %s -> %s", a.Action, b.Action))
		}
		if !bytes.Equal(a.Params, b.Params) {
			out = append(out, fmt.Sprintf("params: %s -> %s", a.Params, b.Params))
		}
		if a.Confidence != b.Confidence {
			out = append(out, fmt.Sprintf("confidence: %v -> %v", a.Confidence, b.Confidence))
		}
		if a.Rationale != b.Rationale {
			out = append(out, fmt.Sprintf("rationale: %q -> %q", a.Rationale, b.Rationale))
		}
	}
	if len(out) == 0 || !bytes.Equal(wantReply, gotReply) {
		out = append(out, fmt.Sprintf("reply: %s -> %s", strategies.Clip(string(wantReply), 300), strategies.Clip(string(gotReply), 300)))
	}
	return out
}
