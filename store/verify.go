package store

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Problem names how a chain is broken.
type Problem string

// Problems Verify reports.
const (
	// ProblemEdited: a record's recomputed hash differs from its stored
	// hash, or one of its columns no longer decodes.
	ProblemEdited Problem = "edited"
	// ProblemDeleted: a seq is missing (a gap), or records are missing from
	// the end of the chain (its recorded head is further on).
	ProblemDeleted Problem = "deleted"
	// ProblemReordered: a record's prev_hash is not the hash of the record
	// before it: records were swapped or moved, one was inserted, or the
	// prev_hash column itself was edited.
	ProblemReordered Problem = "reordered"
)

// VerifyResult is the outcome of checking one agent's chain.
type VerifyResult struct {
	Agent   string
	Checked uint64  // records found intact, from seq 1 up to the first problem
	Last    Head    // the last intact record (seq 0 when none)
	Problem Problem // "" when the chain is intact
	Seq     uint64  // the first broken seq; 0 when intact
	Detail  string  // what exactly differs
}

// OK reports whether the chain is intact.
func (r VerifyResult) OK() bool { return r.Problem == "" }

// Err returns nil for an intact chain, or an error naming the first broken
// seq and why.
func (r VerifyResult) Err() error {
	if r.OK() {
		return nil
	}
	return fmt.Errorf("agent %s: seq %d %s: %s", r.Agent, r.Seq, r.Problem, r.Detail)
}

func (r VerifyResult) String() string {
	if r.OK() {
		return fmt.Sprintf("agent %s: %d records, chain intact, head %d %s", r.Agent, r.Checked, r.Last.Seq, r.Last.Hash.Hex())
	}
	return r.Err().Error()
}

// Verify recomputes agent's hash chain from the stored column values, seq by
// seq, and reports the first broken seq. The error is for failures to read
// the database; a broken chain is a result, not an error.
//
// Checks, in order, for each row: its seq is the next one (else deleted);
// its columns decode (else edited); its prev_hash is the previous row's
// hash (else reordered); keccak256(canonical || prev_hash) equals its hash
// (else edited); a record with replay inputs still has its Inputs document
// and every blob it names, each hashing to its key (else edited). Finally the chain must end where its head says.
func (db *DB) Verify(ctx context.Context, agent string) (VerifyResult, error) {
	res := VerifyResult{Agent: agent, Last: Head{Agent: agent}}
	// One read transaction: the rows and the head come from one snapshot,
	// however many appends commit meanwhile.
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: verify %s: %w", agent, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, selectRecordSQL+" WHERE agent = ? ORDER BY seq", agent)
	if err != nil {
		return res, fmt.Errorf("store: verify %s: %w", agent, err)
	}
	defer rows.Close()
	raw := newRawRow()
	kh := crypto.NewKeccakState()
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(raw.dest...); err != nil {
			return res, fmt.Errorf("store: verify %s: %w", agent, err)
		}
		want := res.Last.Seq + 1
		seq, ok := raw.vals[1].(int64)
		switch {
		case !ok:
			return res.broken(ProblemEdited, want, fmt.Sprintf("the row after seq %d has a seq column of type %T", res.Last.Seq, raw.vals[1])), nil
		case uint64(seq) != want:
			return res.broken(ProblemDeleted, want, fmt.Sprintf("seq %d is missing: the next record is seq %d", want, seq)), nil
		}
		rec, err := raw.decode()
		if err != nil {
			return res.broken(ProblemEdited, want, err.Error()), nil
		}
		if rec.PrevHash != res.Last.Hash {
			return res.broken(ProblemReordered, want, fmt.Sprintf("prev_hash %s is not the hash of seq %d (%s)",
				rec.PrevHash.Hex(), res.Last.Seq, res.Last.Hash.Hex())), nil
		}
		buf = rec.appendCanonical(buf[:0])
		kh.Reset()
		kh.Write(buf)
		kh.Write(rec.PrevHash[:])
		var got common.Hash
		kh.Read(got[:])
		if got != rec.Hash {
			return res.broken(ProblemEdited, want, fmt.Sprintf("stored hash %s, recomputed %s from the stored fields",
				rec.Hash.Hex(), got.Hex())), nil
		}
		if why := verifyInputs(ctx, tx, &rec); why != "" {
			return res.broken(ProblemEdited, want, why), nil
		}
		res.Checked++
		res.Last = Head{Agent: agent, Seq: rec.Seq, Hash: rec.Hash}
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: verify %s: %w", agent, err)
	}
	head, err := readHead(ctx, tx, agent)
	if err != nil {
		return res, err
	}
	switch {
	case head.Seq > res.Last.Seq:
		return res.broken(ProblemDeleted, res.Last.Seq+1, fmt.Sprintf("the chain ends at seq %d but its head is seq %d: records were cut from the end",
			res.Last.Seq, head.Seq)), nil
	case head.Seq < res.Last.Seq:
		return res.broken(ProblemReordered, head.Seq+1, fmt.Sprintf("records after the head (seq %d) were added outside agentctl", head.Seq)), nil
	case head.Hash != res.Last.Hash:
		return res.broken(ProblemReordered, head.Seq, fmt.Sprintf("the last record's hash %s is not the head's %s: the end of the chain was replaced",
			res.Last.Hash.Hex(), head.Hash.Hex())), nil
	}
	return res, nil
}

// VerifyAll verifies every agent's chain, including agents whose records
// are all gone but whose chain head remains.
func (db *DB) VerifyAll(ctx context.Context) ([]VerifyResult, error) {
	agents, err := db.queryStrings(ctx, "SELECT agent FROM chain_heads UNION SELECT DISTINCT agent FROM records ORDER BY 1")
	if err != nil {
		return nil, err
	}
	out := make([]VerifyResult, 0, len(agents))
	for _, a := range agents {
		r, err := db.Verify(ctx, a)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (r VerifyResult) broken(p Problem, seq uint64, detail string) VerifyResult {
	r.Problem, r.Seq, r.Detail = p, seq, detail
	return r
}
