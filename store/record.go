package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
)

// Kind says what a log record is.
type Kind string

// Record kinds.
const (
	// KindDecision is one tick of an agent: what it saw, what the model
	// said, what the policy and approval gate decided, and what happened.
	KindDecision Kind = "decision"
	// KindCompletion finishes a decision whose outcome was pending: it names
	// that decision's seq in Completes and carries the final outcome.
	KindCompletion Kind = "completion"
)

// Verdict is the policy engine's judgement of a decision's action.
type Verdict string

// Verdicts.
const (
	VerdictAllowed Verdict = "allowed"
	VerdictDenied  Verdict = "denied"
	// VerdictNone: the policy was not consulted (no action, e.g. a hold or a
	// reply that did not parse).
	VerdictNone Verdict = "none"
)

// Approval says who or what let an allowed action through.
type Approval string

// Approvals.
const (
	ApprovalAuto     Approval = "auto"     // policy alone was enough
	ApprovalApproved Approval = "approved" // a person approved it
	ApprovalDenied   Approval = "denied"   // a person denied it
	ApprovalTimeout  Approval = "timeout"  // nobody answered in time: denied
	ApprovalPaper    Approval = "paper"    // paper mode: simulated, never sent
	ApprovalNone     Approval = "none"     // nothing to approve
)

// Outcome is what became of a decision.
type Outcome string

// Outcomes. Only OutcomePending is not final; a pending decision is finished
// by a KindCompletion record.
const (
	OutcomePending   Outcome = "pending"   // tx sent or about to be sent, no receipt yet
	OutcomeConfirmed Outcome = "confirmed" // receipt with status 1
	OutcomeReverted  Outcome = "reverted"  // receipt with status 0
	OutcomeFailed    Outcome = "failed"    // never reached the chain (model, RPC, signing error)
	OutcomeSkipped   Outcome = "skipped"   // nothing to do, or denied by policy or approval
	OutcomePaper     Outcome = "paper"     // simulated only
)

// MaxFieldBytes bounds every variable-length field of a record. It keeps a
// runaway model reply from bloating the log; callers truncate before that.
const MaxFieldBytes = 16 << 20

// The range of int64 unix nanoseconds, the stored time format.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// Record is one entry of an agent's decision log. See the package doc for
// which fields a completion record may carry and for the canonical encoding.
//
// Digest fields use the zero hash for "absent". Seq, PrevHash and Hash are
// assigned by Append; values set by the caller are ignored.
type Record struct {
	Seq       uint64    // per agent, from 1, contiguous
	Kind      Kind      // KindDecision or KindCompletion
	Time      time.Time // set to now by Append when zero; stored as UTC unix nanoseconds
	Agent     string    // agent name
	Completes uint64    // completion only: seq of the decision it finishes
	Intent    string    // decision only: idempotency key, unique per agent; "" = none

	Strategy    string      // e.g. "dex.momentum"
	ObsDigest   common.Hash // digest of the full observation
	ObsSummary  string      // short text summary of the observation
	PromptHash  common.Hash // keccak256 of the exact prompt sent to the model
	Model       string      // e.g. "ollama:qwen2.5:3b" or "rules"
	ModelDigest string      // model weights digest when the provider reports one
	Reply       []byte      // raw model reply, byte for byte
	Action      []byte      // parsed action, JSON; empty when none
	Verdict     Verdict     // policy verdict
	Reasons     []string    // policy reasons (valid UTF-8)
	Approval    Approval    // approval gate result
	Simulation  []byte      // simulation result, JSON; empty when none

	TxHash  common.Hash // transaction hash once known
	Outcome Outcome     // what became of it
	Error   string      // error text, if any
	Receipt []byte      // receipt summary, JSON (block, gas used, balance deltas); empty when none

	// Inputs is the keccak256 of the decision's replay inputs (an Inputs
	// document in table blobs): what it takes to make the decision again.
	// Zero when not recorded; a record with Inputs uses encoding v2.
	Inputs common.Hash
	// Blobs are content-addressed payloads (the Inputs document and the
	// blobs it names) stored with the record in its transaction, once per
	// distinct content. Not stored in the record itself; Inputs commits to them.
	Blobs [][]byte

	PrevHash common.Hash // hash of the previous record of this agent; zero for seq 1
	Hash     common.Hash // keccak256(canonical bytes || PrevHash)
}

// Validate reports the first thing wrong with r as an error that names the
// field. Append calls it; callers may call it early to fail fast.
func (r *Record) Validate() error {
	if r.Agent == "" {
		return errors.New("record: agent is empty: every record belongs to a named agent")
	}
	if !r.Time.IsZero() {
		if r.Time.Before(minTime) || r.Time.After(maxTime) {
			return fmt.Errorf("record %s: time %s is outside the range of int64 unix nanoseconds (1677-09-21 to 2262-04-11)", r.Agent, r.Time)
		}
	}
	for _, f := range []struct {
		name string
		n    int
	}{
		{"agent", len(r.Agent)}, {"intent", len(r.Intent)}, {"strategy", len(r.Strategy)},
		{"obs_summary", len(r.ObsSummary)}, {"model", len(r.Model)}, {"model_digest", len(r.ModelDigest)},
		{"reply", len(r.Reply)}, {"action", len(r.Action)}, {"simulation", len(r.Simulation)},
		{"error", len(r.Error)}, {"receipt", len(r.Receipt)},
	} {
		if f.n > MaxFieldBytes {
			return fmt.Errorf("record %s: %s is %d bytes, more than the %d allowed: truncate it before recording", r.Agent, f.name, f.n, MaxFieldBytes)
		}
	}
	reasonBytes := 0
	for i, s := range r.Reasons {
		if !utf8.ValidString(s) {
			return fmt.Errorf("record %s: reason %d is not valid UTF-8", r.Agent, i)
		}
		reasonBytes += 4 + len(s)
	}
	if reasonBytes > MaxFieldBytes {
		return fmt.Errorf("record %s: reasons total %d bytes, more than the %d allowed", r.Agent, reasonBytes, MaxFieldBytes)
	}
	for _, f := range []struct {
		name string
		v    []byte
	}{{"action", r.Action}, {"simulation", r.Simulation}, {"receipt", r.Receipt}} {
		if len(f.v) > 0 && !json.Valid(f.v) {
			return fmt.Errorf("record %s: %s is not valid JSON", r.Agent, f.name)
		}
	}
	switch r.Kind {
	case KindDecision:
		return r.validateDecision()
	case KindCompletion:
		return r.validateCompletion()
	default:
		return fmt.Errorf("record %s: kind %q is unknown: use %q or %q", r.Agent, r.Kind, KindDecision, KindCompletion)
	}
}

func (r *Record) validateDecision() error {
	if r.Completes != 0 {
		return fmt.Errorf("record %s: a decision cannot complete seq %d: only completion records do", r.Agent, r.Completes)
	}
	switch r.Verdict {
	case VerdictAllowed, VerdictDenied, VerdictNone:
	default:
		return fmt.Errorf("record %s: verdict %q is unknown: use allowed, denied or none", r.Agent, r.Verdict)
	}
	switch r.Approval {
	case ApprovalAuto, ApprovalApproved, ApprovalDenied, ApprovalTimeout, ApprovalPaper, ApprovalNone:
	default:
		return fmt.Errorf("record %s: approval %q is unknown: use auto, approved, denied, timeout, paper or none", r.Agent, r.Approval)
	}
	if !r.Outcome.valid() {
		return fmt.Errorf("record %s: outcome %q is unknown: use pending, confirmed, reverted, failed, skipped or paper", r.Agent, r.Outcome)
	}
	return nil
}

func (r *Record) validateCompletion() error {
	if r.Completes == 0 {
		return fmt.Errorf("record %s: a completion must name the seq of the decision it completes", r.Agent)
	}
	if !r.Outcome.valid() || r.Outcome == OutcomePending {
		return fmt.Errorf("record %s: a completion needs a final outcome (confirmed, reverted, failed, skipped or paper), not %q", r.Agent, r.Outcome)
	}
	// A completion carries only the result; the decision's inputs stay in
	// the decision record, so there is one place to read them from.
	extra := map[string]bool{
		"intent": r.Intent != "", "strategy": r.Strategy != "", "obs_digest": r.ObsDigest != (common.Hash{}),
		"obs_summary": r.ObsSummary != "", "prompt_hash": r.PromptHash != (common.Hash{}), "model": r.Model != "",
		"model_digest": r.ModelDigest != "", "reply": len(r.Reply) > 0, "action": len(r.Action) > 0,
		"verdict": r.Verdict != "", "reasons": len(r.Reasons) > 0, "approval": r.Approval != "",
		"simulation": len(r.Simulation) > 0, "inputs": r.Inputs != (common.Hash{}),
	}
	for _, name := range recordColumns {
		if extra[name] {
			return fmt.Errorf("record %s: field %s is not allowed on a completion record (it carries time, tx_hash, outcome, error and receipt only)", r.Agent, name)
		}
	}
	return nil
}

func (o Outcome) valid() bool {
	switch o {
	case OutcomePending, OutcomeConfirmed, OutcomeReverted, OutcomeFailed, OutcomeSkipped, OutcomePaper:
		return true
	}
	return false
}
