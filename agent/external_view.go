package agent

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// LoggedDecision is one record of an agent's log for an outside reader.
// Summary, Reply and Error may carry text a client or the chain wrote.
type LoggedDecision struct {
	Seq       uint64   `json:"seq"`
	Kind      string   `json:"kind"`
	Time      string   `json:"time"`
	Model     string   `json:"model,omitempty"`
	Action    string   `json:"action,omitempty"`
	Verdict   string   `json:"verdict,omitempty"`
	Reasons   []string `json:"reasons,omitempty"`
	Approval  string   `json:"approval,omitempty"`
	Outcome   string   `json:"outcome"`
	Completes uint64   `json:"completes,omitempty"`
	TxHash    string   `json:"txHash,omitempty"`
	Summary   string   `json:"summary,omitempty"`
	Error     string   `json:"error,omitempty"`
	Hash      string   `json:"hash"`
}

// Decisions returns up to limit records of the agent, newest last: from
// fromSeq when it is above 0, else the latest ones.
func (x *External) Decisions(ctx context.Context, name string, fromSeq uint64, limit int) ([]LoggedDecision, error) {
	if _, err := x.rt.agent(name); err != nil {
		return nil, err
	}
	if fromSeq == 0 {
		head, err := x.rt.db.Head(ctx, name)
		if err != nil {
			return nil, err
		}
		fromSeq = 1
		if head.Seq > uint64(limit) {
			fromSeq = head.Seq - uint64(limit) + 1
		}
	}
	recs, err := x.rt.db.Records(ctx, name, fromSeq, limit)
	if err != nil {
		return nil, err
	}
	out := make([]LoggedDecision, len(recs))
	for i := range recs {
		r := &recs[i]
		d := LoggedDecision{Seq: r.Seq, Kind: string(r.Kind), Time: r.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
			Model: r.Model, Action: actionOf(r), Verdict: string(r.Verdict), Reasons: r.Reasons, Approval: string(r.Approval),
			Outcome: string(r.Outcome), Completes: r.Completes, Summary: r.ObsSummary, Error: r.Error, Hash: r.Hash.Hex()}
		if r.TxHash != (common.Hash{}) {
			d.TxHash = r.TxHash.Hex()
		}
		out[i] = d
	}
	return out, nil
}

// Verified is the check of an agent's hash chain and, when asked, of one
// decision in it.
type Verified struct {
	Agent   string `json:"agent"`
	OK      bool   `json:"ok"`
	Checked uint64 `json:"checked"`
	Head    string `json:"head"`
	Problem string `json:"problem,omitempty"`
	Seq     uint64 `json:"seq,omitempty"`
	Detail  string `json:"detail,omitempty"`
	// Record is the hash of the decision asked about, recomputed.
	Record string `json:"record,omitempty"`
}

// Verify recomputes the agent's hash chain; with seq above 0 it also
// checks that the chain is intact at least up to that decision.
func (x *External) Verify(ctx context.Context, name string, seq uint64) (Verified, error) {
	if _, err := x.rt.agent(name); err != nil {
		return Verified{}, err
	}
	res, err := x.rt.db.Verify(ctx, name)
	if err != nil {
		return Verified{}, err
	}
	v := Verified{Agent: name, OK: res.OK(), Checked: res.Checked, Head: res.Last.Hash.Hex(),
		Problem: string(res.Problem), Seq: res.Seq, Detail: res.Detail}
	if res.OK() {
		// The trades and positions the policy's caps read must be the
		// ones the records list.
		tr, err := x.rt.db.VerifyTrades(ctx, name)
		if err != nil {
			return Verified{}, err
		}
		if !tr.OK() {
			v.OK, v.Problem, v.Seq, v.Detail = false, string(tr.Problem), tr.Seq, tr.Err().Error()
		}
	}
	if seq > 0 {
		rec, err := x.rt.db.Record(ctx, name, seq)
		if err != nil {
			return Verified{}, argErr("seq", "agent %s has no decision %d", name, seq)
		}
		if h := rec.ComputeHash(); h != rec.Hash || seq > res.Checked {
			v.OK, v.Seq = false, seq
			if v.Detail == "" {
				v.Detail = fmt.Sprintf("record %d does not hash to its stored hash", seq)
			}
		}
		v.Record = rec.Hash.Hex()
	}
	return v, nil
}

// Proof builds the Merkle proof of one decision (see BuildProof). A record
// not anchored yet gives its leaf only, with Anchor nil.
func (x *External) Proof(ctx context.Context, name string, seq uint64) (Proof, error) {
	spec, err := x.spec(name)
	if err != nil {
		return Proof{}, err
	}
	if seq == 0 {
		return Proof{}, argErr("seq", "give the seq of a decision (1 or more)")
	}
	rec, err := x.rt.db.Record(ctx, name, seq)
	if err != nil {
		return Proof{}, argErr("seq", "agent %s has no decision %d", name, seq)
	}
	p, err := BuildProof(ctx, x.rt.db, name, seq, spec.Signer.Address())
	if errors.Is(err, ErrNotAnchored) {
		// Step 1 of the proof only: the record and its link in the chain.
		return Proof{Version: ProofVersion, Agent: name, Seq: seq, Canonical: rec.CanonicalBytes(),
			PrevHash: rec.PrevHash, Leaf: rec.Hash}, nil
	}
	return p, err
}

// Backend reads the agents' chain (for read-only tools such as a scan of
// deployed code).
func (x *External) Backend() wallet.Backend { return x.rt.client.Backend() }

// IsArgError reports whether err is a bad argument, with its field.
func IsArgError(err error) (*ArgError, bool) {
	var a *ArgError
	ok := errors.As(err, &a)
	return a, ok
}
