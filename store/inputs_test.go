package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ethereum/go-ethereum/common"
)

// withInputs gives r a v2 Inputs document: facts, a system prompt shared by
// every decision, a user prompt of its own, a schema, and sampling params.
func withInputs(r *Record, user string) *Record {
	facts := []byte(`{"strategy":"dex.momentum","block":"7","tick":"` + user + `"}`)
	system := []byte("You are an autonomous on-chain agent running the strategy dex.momentum.")
	schema := []byte(`{"type":"object"}`)
	u := []byte("Observation at block 7:\n" + user)
	sh, uh, ch := BlobHash(system), BlobHash(u), BlobHash(schema)
	temp, seed := 0.0, 42
	in := Inputs{Version: InputsVersion, Brain: "ollama", Model: "qwen2.5:3b", ModelDigest: "sha256:abc",
		Facts: BlobHash(facts), Block: 7, Time: 1700000000, System: &sh, User: &uh, Schema: &ch,
		Temperature: &temp, Seed: &seed}
	doc := in.Encode()
	r.ObsDigest, r.Inputs = in.Facts, BlobHash(doc)
	r.Blobs = [][]byte{facts, system, u, schema, doc}
	return r
}

func TestInputsAreCommittedAndDeduplicated(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		mustAppend(t, db, withInputs(decision("alice", i), strings.Repeat("x", i)))
	}
	// 3 decisions x (facts, user, doc) + one system prompt + one schema.
	if _, n, err := db.BlobBytes(ctx); err != nil || n != 3*3+2 {
		t.Fatalf("blobs: %d (err %v), want 11: the system prompt and schema stored once", n, err)
	}
	rec, err := db.Record(ctx, "alice", 2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(rec.CanonicalBytes()[4:]), canonicalTagV2) {
		t.Fatalf("a record with inputs is not encoded as v2: %q", rec.CanonicalBytes()[:24])
	}
	in, err := db.Inputs(ctx, &rec)
	if err != nil {
		t.Fatal(err)
	}
	user, err := db.Blob(ctx, *in.User)
	if err != nil || string(user) != "Observation at block 7:\nxx" {
		t.Fatalf("user prompt of seq 2: %q, %v", user, err)
	}
	if in.Seed == nil || *in.Seed != 42 || in.Temperature == nil || *in.Temperature != 0 || in.ModelDigest != "sha256:abc" {
		t.Fatalf("sampling parameters lost: %+v", in)
	}
	// The v2 proof bytes decode back to the same record.
	back, err := DecodeCanonical(rec.CanonicalBytes())
	if err != nil || back.Inputs != rec.Inputs {
		t.Fatalf("decode v2: %v, inputs %s want %s", err, back.Inputs.Hex(), rec.Inputs.Hex())
	}
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 3 {
		t.Fatal(res)
	}
}

func TestAppendRefusesInputsItCannotShow(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	r := withInputs(decision("alice", 1), "a")
	r.Blobs = r.Blobs[:len(r.Blobs)-2] // no schema, no document
	if _, _, err := db.Append(context.Background(), r); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("append with unstored inputs: %v, want a missing-blob error", err)
	}
	if h, _ := db.Head(context.Background(), "alice"); h.Seq != 0 {
		t.Fatalf("a refused record was stored: head %d", h.Seq)
	}
}

// TestTamperedPromptFailsVerify: someone with the sqlite3 shell drops the
// triggers and rewrites a stored user prompt; Verify names the seq.
func TestTamperedPromptFailsVerify(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		mustAppend(t, db, withInputs(decision("alice", i), strings.Repeat("y", i)))
	}
	rec, _ := db.Record(ctx, "alice", 2)
	in, _ := db.Inputs(ctx, &rec)
	raw := rawConn(t, db)
	for _, s := range []string{"DROP TRIGGER blobs_no_update"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec("UPDATE blobs SET data = ? WHERE hash = ?", []byte("Observation at block 7:\n(triggers dropped)"), in.User.Bytes()); err != nil {
		t.Fatal(err)
	}
	res := mustVerify(t, db, "alice")
	if res.OK() || res.Seq != 2 || res.Problem != ProblemEdited || !strings.Contains(res.Detail, in.User.Hex()) {
		t.Fatalf("verify after a prompt edit: %v", res)
	}
}

// TestOldEncodingStillVerifies writes records with the schema and encoding
// of before v2 (a database at migration 0004, rows inserted as that
// version's agentctl wrote them), then opens it with this version: the old
// chain verifies, and v2 records continue it.
func TestOldEncodingStillVerifies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "agentctl.db")
	old := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_forecasts.sql", "0003_anchor_tree.sql", "0004_pnl_baselines.sql"} {
		b, err := fs.ReadFile(migrationFS, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		old["migrations/"+name] = &fstest.MapFile{Data: b}
	}
	w, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(fmt.Sprintf("PRAGMA application_id = %d", appID)); err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, w, old); err != nil {
		t.Fatal(err)
	}
	v1Columns := recordColumns[:len(recordColumns)-1] // no inputs column yet
	var prev common.Hash
	for i := 1; i <= 3; i++ {
		r := decision("alice", i)
		r.Seq, r.PrevHash, r.Outcome, r.TxHash = uint64(i), prev, OutcomeSkipped, common.Hash{}
		r.Hash = r.ComputeHash()
		if !strings.HasPrefix(string(r.CanonicalBytes()[4:]), canonicalTag) {
			t.Fatal("a record without inputs must keep the v1 encoding")
		}
		args, err := r.insertArgs()
		if err != nil {
			t.Fatal(err)
		}
		args = append(args[:len(v1Columns)], r.PrevHash[:], r.Hash[:])
		q := "INSERT INTO records (" + strings.Join(v1Columns, ", ") + ", prev_hash, hash) VALUES (" +
			strings.Repeat("?, ", len(v1Columns)+1) + "?)"
		if _, err := w.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec("INSERT INTO chain_heads (agent, seq, hash) VALUES (?, ?, ?) ON CONFLICT (agent) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
			"alice", i, r.Hash[:]); err != nil {
			t.Fatal(err)
		}
		prev = r.Hash
	}
	w.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 3 {
		t.Fatalf("old records after migration 0005: %v", res)
	}
	rec, _ := db.Record(ctx, "alice", 1)
	if _, err := db.Inputs(ctx, &rec); !errors.Is(err, ErrNotFound) {
		t.Fatalf("inputs of an old record: %v, want not found", err)
	}
	mustAppend(t, db, withInputs(decision("alice", 4), "new"))
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 4 {
		t.Fatalf("old then v2 records: %v", res)
	}
}
