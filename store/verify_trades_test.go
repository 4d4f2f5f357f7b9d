package store

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// tradedLog records what the runtime books: a live swap (decision, then a
// completion listing its receipts and trade), a paper swap, an approve-only
// completion and a hold.
func tradedLog(t *testing.T) *DB {
	t.Helper()
	db := openTest(t)
	ctx := context.Background()
	d := decision("alice", 1)
	mustAppend(t, db, d)
	done := completion("alice", d.Seq, OutcomeConfirmed)
	done.Receipt = []byte(`[{"hash":"` + d.TxHash.Hex() + `","block":7,"status":1,"gasUsed":120931}]`)
	live := &Trade{Venue: "dex-a", TxHash: d.TxHash, TokenIn: usdc, AmountIn: big.NewInt(5000), TokenOut: weth,
		AmountOut: big.NewInt(2), Fee: big.NewInt(21000), Price: big.NewRat(2500, 1)}
	if _, _, err := db.AppendWithTrades(ctx, done, []*Trade{live}); err != nil {
		t.Fatal(err)
	}
	p := decision("alice", 2)
	p.Approval, p.Outcome, p.TxHash = ApprovalPaper, OutcomePaper, common.Hash{}
	paper := &Trade{Paper: true, Venue: "dex-b", TokenIn: weth, AmountIn: big.NewInt(1), TokenOut: usdc, AmountOut: big.NewInt(2400)}
	if _, _, err := db.AppendWithTrades(ctx, p, []*Trade{paper}); err != nil {
		t.Fatal(err)
	}
	a := decision("alice", 3)
	mustAppend(t, db, a)
	approved := completion("alice", a.Seq, OutcomeConfirmed)
	approved.Receipt = []byte(`[{"hash":"` + a.TxHash.Hex() + `","block":8,"status":1,"gasUsed":46000}]`)
	mustAppend(t, db, approved)
	hold := decision("alice", 4)
	hold.Verdict, hold.Approval, hold.Outcome, hold.TxHash = VerdictNone, ApprovalNone, OutcomeSkipped, common.Hash{}
	mustAppend(t, db, hold)
	return db
}

func verifyTrades(t *testing.T, db *DB) TradesResult {
	t.Helper()
	if r := mustVerify(t, db, "alice"); !r.OK() {
		t.Fatalf("chain: %v", r.Err())
	}
	res, err := db.VerifyTrades(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The record a trade is appended with lists it, hashed with the record;
// the runtime's receipt list keeps its shape, each receipt naming the
// trades of its transaction.
func TestRecordsListTheirTrades(t *testing.T) {
	t.Parallel()
	db := tradedLog(t)
	ctx := context.Background()
	done, err := db.Record(ctx, "alice", 2)
	if err != nil {
		t.Fatal(err)
	}
	var receipts []struct {
		Hash   common.Hash      `json:"hash"`
		Block  uint64           `json:"block"`
		Trades []map[string]any `json:"trades"`
	}
	if err := json.Unmarshal(done.Receipt, &receipts); err != nil || len(receipts) != 1 || receipts[0].Block != 7 ||
		len(receipts[0].Trades) != 1 || receipts[0].Trades[0]["amountIn"] != "5000" || receipts[0].Trades[0]["price"] != "2500" {
		t.Fatalf("completion receipt %s: %v", done.Receipt, err)
	}
	paper, _ := db.Record(ctx, "alice", 3)
	if !strings.Contains(string(paper.Receipt), `"amountOut":"2400"`) {
		t.Fatalf("paper decision receipt %s", paper.Receipt)
	}
	approve, _ := db.Record(ctx, "alice", 5)
	if !strings.Contains(string(approve.Receipt), `"trades":[]`) {
		t.Fatalf("a completion that booked nothing says so: %s", approve.Receipt)
	}
	hold, _ := db.Record(ctx, "alice", 6)
	if len(hold.Receipt) != 0 {
		t.Fatalf("a hold has no receipt, got %s", hold.Receipt)
	}
	res := verifyTrades(t, db)
	if !res.OK() || res.Checked != 2 || res.Legacy != 0 || res.Positions != 5 {
		t.Fatalf("clean log: %+v", res)
	}
}

// Editing, deleting or inserting a trade, or editing a position, is found
// and named; the hash chain alone is still intact.
func TestVerifyTradesFindsEdits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		sql  []string
		want string
	}{
		{"amount edited", []string{"UPDATE trades SET amount_in = '50' WHERE seq = 1"},
			"agent alice: seq 1 trade edited: trade leg 0 has amount_in 50 in the trades table, record 2 lists 5000"},
		{"moved out of the day", []string{"UPDATE trades SET time_ns = time_ns - 86400000000000 WHERE seq = 1"}, "seq 1 trade edited: trade leg 0 has time"},
		{"paper trade made live", []string{"UPDATE trades SET paper = 0 WHERE seq = 3"}, "seq 3 trade edited: trade leg 0 has paper false"},
		{"deleted", []string{"DELETE FROM trades WHERE seq = 1"}, "seq 1 trade deleted: record 2 lists trade leg 0 (5000"},
		{"inserted on a hold", []string{`INSERT INTO trades (agent, seq, leg, time_ns, paper, venue, token_in, amount_in, token_out, amount_out)
			SELECT agent, 6, 0, time_ns, paper, venue, token_in, amount_in, token_out, amount_out FROM trades WHERE seq = 3`},
			"seq 6 trade listed by no record: trade leg 0 (1 "},
		{"second leg inserted", []string{`INSERT INTO trades (agent, seq, leg, time_ns, paper, venue, tx_hash, token_in, amount_in, token_out, amount_out)
			SELECT agent, seq, 1, time_ns, paper, venue, tx_hash, token_in, amount_in, token_out, amount_out FROM trades WHERE seq = 1`},
			"seq 1 trade listed by no record"},
		{"position edited", []string{"UPDATE positions SET amount = '0' WHERE paper = 0 AND token = '" + usdc.Hex() + "'"},
			"agent alice: position edited: the live position in " + usdc.Hex() + " is 0 in the positions table, its trades sum to -5000"},
		{"position deleted", []string{"DELETE FROM positions WHERE paper = 1"}, "position edited: the paper position in"},
		{"trade and position edited together", []string{
			"UPDATE trades SET amount_in = '50' WHERE seq = 1",
			"UPDATE positions SET amount = '-50' WHERE paper = 0 AND token = '" + usdc.Hex() + "'"},
			"seq 1 trade edited"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db := tradedLog(t)
			raw := rawConn(t, db)
			for _, q := range tc.sql {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			res := verifyTrades(t, db)
			if res.OK() || !strings.Contains(res.Err().Error(), tc.want) || !strings.Contains(res.Err().Error(), "restore the database from a backup") {
				t.Fatalf("got %v\nwant %q", res.Err(), tc.want)
			}
		})
	}
}

// Trades booked before records listed them are counted, not failed, and
// still add up to the positions; a trade cannot pass as one of those by
// sitting on a record that lists its trades, or on one that books none.
func TestVerifyTradesOfOlderRecords(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	raw := rawConn(t, db)
	// An older agentctl: the completion's receipt lists nothing (rewritten
	// here as it wrote it, hashes recomputed), and the trade went in
	// separately.
	d := decision("alice", 1)
	mustAppend(t, db, d)
	done := completion("alice", d.Seq, OutcomeConfirmed)
	receipt := `[{"hash":"` + d.TxHash.Hex() + `","block":7,"status":1,"gasUsed":120931}]`
	done.Receipt = []byte(receipt)
	seq, _ := mustAppend(t, db, done)
	rec, _ := db.Record(ctx, "alice", seq)
	rec.Receipt = []byte(receipt)
	rec.Hash = rec.ComputeHash()
	if _, err := raw.Exec("UPDATE records SET receipt = ?, hash = ? WHERE seq = ?", receipt, rec.Hash[:], int64(seq)); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("UPDATE chain_heads SET hash = ?", rec.Hash[:]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordTrade(ctx, &Trade{Agent: "alice", Seq: 1, Venue: "dex-a", TxHash: d.TxHash, TokenIn: usdc,
		AmountIn: big.NewInt(10), TokenOut: weth, AmountOut: big.NewInt(1)}); err != nil {
		t.Fatal(err)
	}
	res := verifyTrades(t, db)
	if !res.OK() || res.Legacy != 1 || res.Checked != 0 || res.Positions != 2 {
		t.Fatalf("older trade: %+v %v", res, res.Err())
	}
	// A position edit is still found.
	if _, err := raw.Exec("UPDATE positions SET amount = '-1' WHERE token = ?", usdc.Hex()); err != nil {
		t.Fatal(err)
	}
	if res := verifyTrades(t, db); res.Problem != ProblemPositionEdited {
		t.Fatalf("position edit among older trades: %+v", res)
	}
}
