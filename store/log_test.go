package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestRoundTripByteExact(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	in := decision("alice", 1)
	in.ObsSummary = "token name \xff\xfe not UTF-8, and a NUL \x00 inside"
	in.Reply = []byte{0, 1, 2, 0xff, '{', 0}
	in.Reasons = []string{"<html> & \"quotes\"", "", "naïve ☃"}
	in.Error = "rpc: \x00 weird"
	seq, hash, err := db.Append(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if seq != 1 || in.Seq != 1 || hash != in.Hash || in.PrevHash != (common.Hash{}) {
		t.Fatalf("append returned seq %d hash %s; record has seq %d hash %s prev %s", seq, hash.Hex(), in.Seq, in.Hash.Hex(), in.PrevHash.Hex())
	}
	if in.ComputeHash() != hash {
		t.Fatal("returned hash is not keccak256(canonical || prev_hash)")
	}
	got, err := db.Record(ctx, "alice", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, *in) {
		t.Fatalf("round trip differs\n got %+v\nwant %+v", got, *in)
	}
	if string(got.CanonicalBytes()) != string(in.CanonicalBytes()) {
		t.Fatal("canonical bytes differ after the round trip")
	}
	if _, err := db.Record(ctx, "alice", 2); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing record: got %v, want ErrNotFound", err)
	}
}

func TestAppendChainsPerAgent(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	var heads = map[string]Head{}
	for i, agent := range []string{"alice", "bob", "alice", "alice", "bob"} {
		r := decision(agent, i)
		seq, h := mustAppend(t, db, r)
		prev := heads[agent]
		if seq != prev.Seq+1 || r.PrevHash != prev.Hash {
			t.Fatalf("%s: seq %d prev %s, want seq %d prev %s", agent, seq, r.PrevHash.Hex(), prev.Seq+1, prev.Hash.Hex())
		}
		heads[agent] = Head{Agent: agent, Seq: seq, Hash: h}
	}
	for agent, want := range heads {
		got, err := db.Head(ctx, agent)
		if err != nil || got != want {
			t.Fatalf("Head(%s) = %+v, %v; want %+v", agent, got, err, want)
		}
	}
	if h, err := db.Head(ctx, "nobody"); err != nil || h.Seq != 0 || h.Hash != (common.Hash{}) {
		t.Fatalf("Head(nobody) = %+v, %v", h, err)
	}
	agents, err := db.Agents(ctx)
	if err != nil || !reflect.DeepEqual(agents, []string{"alice", "bob"}) {
		t.Fatalf("Agents = %v, %v", agents, err)
	}
	recs, err := db.Records(ctx, "alice", 2, 0)
	if err != nil || len(recs) != 2 || recs[0].Seq != 2 || recs[1].Seq != 3 {
		t.Fatalf("Records(alice, from 2) = %d records, %v", len(recs), err)
	}
	recs, err = db.Records(ctx, "alice", 1, 1)
	if err != nil || len(recs) != 1 || recs[0].Seq != 1 {
		t.Fatalf("Records(alice, limit 1) = %d records, %v", len(recs), err)
	}
}

func TestAppendRejectsInvalidRecords(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	mustAppend(t, db, decision("alice", 0))
	cases := []struct {
		name   string
		mutate func(r *Record)
		want   string
	}{
		{"no agent", func(r *Record) { r.Agent = "" }, "agent is empty"},
		{"unknown kind", func(r *Record) { r.Kind = "memo" }, `kind "memo" is unknown`},
		{"unknown verdict", func(r *Record) { r.Verdict = "maybe" }, `verdict "maybe"`},
		{"empty approval", func(r *Record) { r.Approval = "" }, "approval"},
		{"unknown outcome", func(r *Record) { r.Outcome = "done" }, `outcome "done"`},
		{"decision completes", func(r *Record) { r.Completes = 1 }, "only completion records"},
		{"bad action JSON", func(r *Record) { r.Action = []byte("{swap") }, "action is not valid JSON"},
		{"bad simulation JSON", func(r *Record) { r.Simulation = []byte("[") }, "simulation is not valid JSON"},
		{"reason not UTF-8", func(r *Record) { r.Reasons = []string{"ok", "\xff"} }, "reason 1 is not valid UTF-8"},
		{"huge reply", func(r *Record) { r.Reply = make([]byte, MaxFieldBytes+1) }, "reply is 16777217 bytes"},
		{"completion without seq", func(r *Record) { *r = *completion("alice", 0, OutcomeConfirmed) }, "must name the seq"},
		{"completion pending", func(r *Record) { *r = *completion("alice", 1, OutcomePending) }, "needs a final outcome"},
		{"completion with model", func(r *Record) { *r = *completion("alice", 1, OutcomeConfirmed); r.Model = "x" }, "field model is not allowed"},
		{"completion of unknown seq", func(r *Record) { *r = *completion("alice", 9, OutcomeConfirmed) }, "has no record 9"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := decision("alice", 1)
			tc.mutate(r)
			before := *r
			_, _, err := db.Append(ctx, r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if r.Seq != before.Seq || r.Hash != before.Hash {
				t.Fatal("a failed append changed the caller's record")
			}
		})
	}
	if h, _ := db.Head(ctx, "alice"); h.Seq != 1 {
		t.Fatalf("head moved to %d after failed appends", h.Seq)
	}
}

func TestIntentIsRecordedOnce(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	r := decision("alice", 1)
	r.Intent = "swap-7"
	mustAppend(t, db, r)
	if ok, err := db.IntentExists(ctx, "alice", "swap-7"); err != nil || !ok {
		t.Fatalf("IntentExists(alice, swap-7) = %v, %v", ok, err)
	}
	if ok, err := db.IntentExists(ctx, "bob", "swap-7"); err != nil || ok {
		t.Fatalf("IntentExists(bob, swap-7) = %v, %v", ok, err)
	}
	again := decision("alice", 2)
	again.Intent = "swap-7"
	if _, _, err := db.Append(ctx, again); !errors.Is(err, ErrDuplicateIntent) {
		t.Fatalf("second append of intent: got %v, want ErrDuplicateIntent", err)
	}
	batch := []*Record{decision("alice", 3), decision("alice", 4)}
	batch[0].Intent, batch[1].Intent = "swap-8", "swap-8"
	if err := db.AppendBatch(ctx, batch); !errors.Is(err, ErrDuplicateIntent) {
		t.Fatalf("duplicate intent inside a batch: got %v", err)
	}
	other := decision("bob", 1)
	other.Intent = "swap-7"
	mustAppend(t, db, other)
	if h, _ := db.Head(ctx, "alice"); h.Seq != 1 {
		t.Fatalf("alice head %d, want 1", h.Seq)
	}
}

func TestCompletionAndPending(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	d1 := decision("alice", 1)
	d2 := decision("alice", 2)
	d2.Outcome = OutcomeSkipped
	d3 := decision("alice", 3)
	b1 := decision("bob", 1)
	for _, r := range []*Record{d1, d2, d3, b1} {
		mustAppend(t, db, r)
	}
	seqs := func(agent string) []string {
		t.Helper()
		recs, err := db.Pending(ctx, agent)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			out = append(out, fmt.Sprintf("%s/%d", r.Agent, r.Seq))
		}
		return out
	}
	if got := seqs("alice"); !reflect.DeepEqual(got, []string{"alice/1", "alice/3"}) {
		t.Fatalf("pending alice = %v", got)
	}
	c := completion("alice", 1, OutcomeConfirmed)
	if seq, _ := mustAppend(t, db, c); seq != 4 {
		t.Fatalf("completion got seq %d, want 4", seq)
	}
	if got := seqs(""); !reflect.DeepEqual(got, []string{"alice/3", "bob/1"}) {
		t.Fatalf("pending all = %v", got)
	}
	cases := []struct {
		rec  *Record
		want string
		is   error
	}{
		{completion("alice", 1, OutcomeReverted), "", ErrAlreadyCompleted},
		{completion("alice", 2, OutcomeConfirmed), `outcome is "skipped"`, nil},
		{completion("alice", 4, OutcomeConfirmed), "is a completion, not a decision", nil},
		{completion("alice", 99, OutcomeConfirmed), "has no record 99", nil},
	}
	for _, tc := range cases {
		_, _, err := db.Append(ctx, tc.rec)
		if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("complete %d: got %v, want %v %q", tc.rec.Completes, err, tc.is, tc.want)
		}
	}
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 4 {
		t.Fatalf("verify: %v", res)
	}
}

func TestAppendBatchIsAtomic(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	batch := []*Record{decision("alice", 1), decision("bob", 1), decision("alice", 2)}
	if err := db.AppendBatch(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if batch[0].Seq != 1 || batch[1].Seq != 1 || batch[2].Seq != 2 || batch[2].PrevHash != batch[0].Hash {
		t.Fatalf("batch seqs %d %d %d", batch[0].Seq, batch[1].Seq, batch[2].Seq)
	}
	bad := []*Record{decision("alice", 3), decision("alice", 4)}
	bad[1].Outcome = "??"
	if err := db.AppendBatch(ctx, bad); err == nil || !strings.Contains(err.Error(), "record 1") {
		t.Fatalf("bad batch: got %v", err)
	}
	if h, _ := db.Head(ctx, "alice"); h.Seq != 2 || h.Hash != batch[2].Hash {
		t.Fatalf("failed batch moved alice's head to %d", h.Seq)
	}
	if bad[0].Seq != 0 {
		t.Fatal("failed batch filled the caller's records")
	}
	for _, a := range []string{"alice", "bob"} {
		if res := mustVerify(t, db, a); !res.OK() {
			t.Fatal(res)
		}
	}
}

// TestConcurrentAppends: many goroutines append for one agent while others
// read; seqs stay contiguous and the chain verifies.
func TestConcurrentAppends(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	const writers, each = 16, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers+4)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				r := decision("alice", w*each+i)
				if _, _, err := db.Append(ctx, r); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.Records(ctx, "alice", 1, 50); err != nil {
					errs <- err
					return
				}
				if res, err := db.Verify(ctx, "alice"); err != nil || !res.OK() {
					errs <- fmt.Errorf("verify during writes: %v %v", res, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	recs, err := db.Records(ctx, "alice", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != writers*each {
		t.Fatalf("%d records, want %d", len(recs), writers*each)
	}
	for i, r := range recs {
		if r.Seq != uint64(i+1) {
			t.Fatalf("record %d has seq %d", i, r.Seq)
		}
	}
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != writers*each {
		t.Fatal(res)
	}
}

func TestRecordsAreAppendOnly(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	mustAppend(t, db, decision("alice", 1))
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{"UPDATE records SET outcome = 'confirmed'", "DELETE FROM records"} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", q, err)
		}
	}
}

// TestHotQueriesUseIndexes: the per-append queries must stay lookups on
// the right index, or appends slow down as an agent's log grows.
func TestHotQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	mustAppend(t, db, decision("alice", 1))
	cases := []struct {
		query string
		want  []string
	}{
		{intentSQL, []string{"records_intent (agent=? AND intent=?)"}},
		{completionCheckSQL, []string{"(agent=? AND seq=?)", "records_completion (agent=? AND completes=?)"}},
		{headSQL, []string{"PRIMARY KEY (agent=?)"}},
	}
	for _, tc := range cases {
		args := make([]any, strings.Count(tc.query, "?"))
		for i := range args {
			args[i] = "x"
		}
		rows, err := db.w.Query("EXPLAIN QUERY PLAN "+tc.query, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		for _, w := range tc.want {
			if !strings.Contains(p, w) || strings.Contains(p, "SCAN") {
				t.Errorf("plan %q lacks %q\n%s", p, w, tc.query)
			}
		}
	}
}
