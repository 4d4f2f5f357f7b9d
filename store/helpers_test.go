package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawConn opens a second, plain connection to db's file, as an attacker
// with the sqlite3 shell would, with the append-only triggers dropped.
func rawConn(t testing.TB, db *DB) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	for _, s := range []string{"DROP TRIGGER records_no_update", "DROP TRIGGER records_no_delete"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return raw
}

// decision returns a decision with every field set, distinct per agent and i.
func decision(agent string, i int) *Record {
	return &Record{
		Kind:        KindDecision,
		Time:        time.Date(2026, 5, 1, 12, 0, i, 123456789, time.UTC),
		Agent:       agent,
		Intent:      fmt.Sprintf("%s-intent-%d", agent, i),
		Strategy:    "dex.momentum",
		ObsDigest:   crypto.Keccak256Hash([]byte(fmt.Sprintf("obs %d", i))),
		ObsSummary:  fmt.Sprintf("WETH/USDC reserves 100/300000, tick %d", i),
		PromptHash:  crypto.Keccak256Hash([]byte(fmt.Sprintf("prompt %d", i))),
		Model:       "ollama:qwen2.5:3b",
		ModelDigest: "sha256:845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e",
		Reply:       []byte(fmt.Sprintf(`{"action":"swap","params":{"side":"buy","amount":"%d"},"confidence":0.7}`, i)),
		Action:      []byte(fmt.Sprintf(`{"swap":{"pair":"WETH/USDC","side":"buy","amount":"%d"}}`, i)),
		Verdict:     VerdictAllowed,
		Reasons:     []string{"within per-trade cap", "slippage 30 bps <= 50 bps"},
		Approval:    ApprovalAuto,
		Simulation:  []byte(`{"ok":true,"gas":142000}`),
		TxHash:      crypto.Keccak256Hash([]byte(fmt.Sprintf("tx %d", i))),
		Outcome:     OutcomePending,
		Error:       "",
	}
}

func completion(agent string, seq uint64, o Outcome) *Record {
	return &Record{
		Kind: KindCompletion, Agent: agent, Completes: seq, Outcome: o,
		TxHash:  crypto.Keccak256Hash([]byte(fmt.Sprintf("tx %d", seq))),
		Receipt: []byte(`{"block":42,"gasUsed":120931}`),
	}
}

func mustAppend(t testing.TB, db *DB, r *Record) (uint64, common.Hash) {
	t.Helper()
	seq, h, err := db.Append(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return seq, h
}

func mustVerify(t testing.TB, db *DB, agent string) VerifyResult {
	t.Helper()
	res, err := db.Verify(context.Background(), agent)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
