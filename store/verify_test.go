package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
)

// tamperDB holds five records of alice, decisions and a completion, with
// fields both set and empty, plus one record of bob.
func tamperDB(t *testing.T) (*DB, *sql.DB) {
	t.Helper()
	db := openTest(t)
	sparse := &Record{Kind: KindDecision, Agent: "alice", Verdict: VerdictNone, Approval: ApprovalNone, Outcome: OutcomeFailed, Error: "model timed out"}
	for _, r := range []*Record{
		decision("alice", 1), decision("alice", 2), completion("alice", 1, OutcomeConfirmed), sparse, decision("alice", 5), decision("bob", 1),
	} {
		mustAppend(t, db, r)
	}
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 5 {
		t.Fatalf("fresh chain: %v", res)
	}
	return db, rawConn(t, db)
}

// mutate returns a different value of the same storage class.
func mutate(v any) any {
	switch x := v.(type) {
	case int64:
		return x + 1000
	case string:
		return x + "x"
	case []byte:
		return append(append([]byte(nil), x...), 0)
	}
	panic(fmt.Sprintf("unexpected %T", v))
}

// TestVerifyNamesEditedSeq edits every column of every row, one at a time,
// with raw SQL, and checks that Verify names that row's seq; then restores
// the value and checks the chain verifies again.
func TestVerifyNamesEditedSeq(t *testing.T) {
	t.Parallel()
	columns := append(append([]string(nil), recordColumns...), "prev_hash", "hash")
	for _, col := range columns {
		t.Run(col, func(t *testing.T) {
			t.Parallel()
			db, raw := tamperDB(t)
			for seq := int64(1); seq <= 5; seq++ {
				var rowid int64
				var orig any
				q := fmt.Sprintf("SELECT rowid, %s FROM records WHERE agent = 'alice' AND seq = ?", col)
				if err := raw.QueryRow(q, seq).Scan(&rowid, &orig); err != nil {
					t.Fatal(err)
				}
				set := fmt.Sprintf("UPDATE records SET %s = ? WHERE rowid = ?", col)
				if _, err := raw.Exec(set, mutate(orig), rowid); err != nil {
					t.Fatal(err)
				}
				res := mustVerify(t, db, "alice")
				if res.OK() || res.Seq != uint64(seq) {
					t.Fatalf("edit of %s at seq %d: verify says %v", col, seq, res)
				}
				if _, err := raw.Exec(set, orig, rowid); err != nil {
					t.Fatal(err)
				}
				if res := mustVerify(t, db, "alice"); !res.OK() {
					t.Fatalf("after restoring %s at seq %d: %v", col, seq, res)
				}
			}
			if res := mustVerify(t, db, "bob"); !res.OK() {
				t.Fatalf("bob's chain was never touched: %v", res)
			}
		})
	}
}

// TestVerifyReasons checks that realistic tampering is found at the right
// seq and for the right reason.
func TestVerifyReasons(t *testing.T) {
	t.Parallel()
	other := crypto.Keccak256([]byte("forged"))
	cases := []struct {
		name    string
		sql     []string
		args    []any
		seq     uint64
		problem Problem
	}{
		{"verdict flipped", []string{"UPDATE records SET verdict = 'denied' WHERE seq = 2 AND agent = 'alice'"}, nil, 2, ProblemEdited},
		{"tx hash replaced", []string{"UPDATE records SET tx_hash = ? WHERE seq = 5 AND agent = 'alice'"}, []any{other}, 5, ProblemEdited},
		{"reasons rewritten", []string{`UPDATE records SET reasons = '["approved by risk desk"]' WHERE seq = 1 AND agent = 'alice'`}, nil, 1, ProblemEdited},
		{"time moved", []string{"UPDATE records SET time_ns = time_ns - 1 WHERE seq = 3 AND agent = 'alice'"}, nil, 3, ProblemEdited},
		{"hash replaced", []string{"UPDATE records SET hash = ? WHERE seq = 4 AND agent = 'alice'"}, []any{other}, 4, ProblemEdited},
		{"prev_hash replaced", []string{"UPDATE records SET prev_hash = ? WHERE seq = 4 AND agent = 'alice'"}, []any{other}, 4, ProblemReordered},
		{"middle deleted", []string{"DELETE FROM records WHERE seq = 3 AND agent = 'alice'"}, nil, 3, ProblemDeleted},
		{"first deleted", []string{"DELETE FROM records WHERE seq = 1 AND agent = 'alice'"}, nil, 1, ProblemDeleted},
		{"last deleted", []string{"DELETE FROM records WHERE seq = 5 AND agent = 'alice'"}, nil, 5, ProblemDeleted},
		{"all deleted", []string{"DELETE FROM records WHERE agent = 'alice'"}, nil, 1, ProblemDeleted},
		{"adjacent swap", swap(2, 3), nil, 2, ProblemReordered},
		{"distant swap", swap(1, 4), nil, 1, ProblemReordered},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, raw := tamperDB(t)
			for _, q := range tc.sql {
				if _, err := raw.Exec(q, tc.args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			res := mustVerify(t, db, "alice")
			if res.Seq != tc.seq || res.Problem != tc.problem {
				t.Fatalf("got %v; want seq %d %s", res, tc.seq, tc.problem)
			}
			if err := res.Err(); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("seq %d %s", tc.seq, tc.problem)) {
				t.Fatalf("Err() = %v", err)
			}
		})
	}
}

func swap(a, b int) []string {
	return []string{
		fmt.Sprintf("UPDATE records SET seq = 1000000 WHERE agent = 'alice' AND seq = %d", a),
		fmt.Sprintf("UPDATE records SET seq = %d WHERE agent = 'alice' AND seq = %d", a, b),
		fmt.Sprintf("UPDATE records SET seq = %d WHERE agent = 'alice' AND seq = 1000000", b),
	}
}

// TestVerifyCatchesRewrittenTail: an edit of the last record with its hash
// recomputed passes every per-row check; the chain head gives it away.
func TestVerifyCatchesRewrittenTail(t *testing.T) {
	t.Parallel()
	db, raw := tamperDB(t)
	last, err := db.Record(context.Background(), "alice", 5)
	if err != nil {
		t.Fatal(err)
	}
	last.Verdict = VerdictDenied
	forged := last.ComputeHash()
	if _, err := raw.Exec("UPDATE records SET verdict = 'denied', hash = ? WHERE agent = 'alice' AND seq = 5", forged[:]); err != nil {
		t.Fatal(err)
	}
	res := mustVerify(t, db, "alice")
	if res.Seq != 5 || res.Problem != ProblemReordered || res.Checked != 5 {
		t.Fatalf("got %v", res)
	}
}

// TestVerifyCatchesAppendedTail: a well-formed record added after the head
// with raw SQL, hash and prev_hash correct, is reported as inserted.
func TestVerifyCatchesAppendedTail(t *testing.T) {
	t.Parallel()
	db, raw := tamperDB(t)
	last, err := db.Record(context.Background(), "alice", 5)
	if err != nil {
		t.Fatal(err)
	}
	extra := last
	extra.Seq, extra.Intent, extra.PrevHash = 6, "forged", last.Hash
	extra.Hash = extra.ComputeHash()
	args, err := extra.insertArgs()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(insertRecordSQL, args...); err != nil {
		t.Fatal(err)
	}
	res := mustVerify(t, db, "alice")
	if res.Seq != 6 || res.Problem != ProblemReordered || res.Checked != 6 {
		t.Fatalf("got %v", res)
	}
}

func TestVerifyAll(t *testing.T) {
	t.Parallel()
	db, raw := tamperDB(t)
	ctx := context.Background()
	all, err := db.VerifyAll(ctx)
	if err != nil || len(all) != 2 || !all[0].OK() || !all[1].OK() {
		t.Fatalf("VerifyAll = %v, %v", all, err)
	}
	if all[0].String() != fmt.Sprintf("agent alice: 5 records, chain intact, head 5 %s", all[0].Last.Hash.Hex()) {
		t.Fatalf("String() = %q", all[0].String())
	}
	if _, err := raw.Exec("DELETE FROM records WHERE agent = 'bob'"); err != nil {
		t.Fatal(err)
	}
	all, err = db.VerifyAll(ctx)
	if err != nil || len(all) != 2 || all[1].Agent != "bob" || all[1].Problem != ProblemDeleted || all[1].Seq != 1 {
		t.Fatalf("VerifyAll after deleting bob's log = %v, %v", all, err)
	}
}
