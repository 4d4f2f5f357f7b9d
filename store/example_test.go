package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/agentctl/agentctl/store"
	"github.com/ethereum/go-ethereum/common"
)

// The life of one live decision: recorded with its intent before the
// transaction is sent, completed after the receipt, checked by Verify.
func Example() {
	dir, err := os.MkdirTemp("", "agentctl")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "agentctl.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	intent := "alice/swap/nonce-7"
	if sent, _ := db.IntentExists(ctx, "alice", intent); sent {
		return // recorded before a restart: reconcile it (Pending), never resend
	}
	d := &store.Record{
		Kind: store.KindDecision, Agent: "alice", Intent: intent, Strategy: "dex.momentum",
		Model: "rules", Action: []byte(`{"swap":{"side":"buy","amount":"1000"}}`),
		Verdict: store.VerdictAllowed, Reasons: []string{"within caps"}, Approval: store.ApprovalAuto,
		TxHash: common.HexToHash("0xabc1"), Outcome: store.OutcomePending,
	}
	seq, _, err := db.Append(ctx, d)
	if err != nil {
		log.Fatal(err)
	}
	// ... send the transaction, wait for the receipt ...
	pending, _ := db.Pending(ctx, "alice")
	fmt.Println("pending:", len(pending), "decision seq", seq)

	done := &store.Record{Kind: store.KindCompletion, Agent: "alice", Completes: seq,
		TxHash: d.TxHash, Outcome: store.OutcomeConfirmed, Receipt: []byte(`{"block":12}`)}
	if _, _, err := db.Append(ctx, done); err != nil {
		log.Fatal(err)
	}
	pending, _ = db.Pending(ctx, "alice")
	res, err := db.Verify(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("pending:", len(pending), "records:", res.Checked, "intact:", res.OK())
	// Output:
	// pending: 1 decision seq 1
	// pending: 0 records: 2 intact: true
}
