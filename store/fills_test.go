package store

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// A fill record books its trade once, lists it (so verify finds an edited
// trade row), and reads back as the fill and its trade.
func TestFillRecordBooksItsTradeOnceAndVerifies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	usdc, yes := common.HexToAddress("0x01"), common.HexToAddress("0x02")
	fill := VenueFill{ID: "trade-9", Order: "0xorder", Price: "0.60", TxHash: crypto.Keccak256Hash([]byte("settle")), Signed: 4}
	book := func() error {
		rec, err := FillRecord("a", "predict.polymarket", fill, "fill of order 0xorder: paid 6 USDC, got 10 YES")
		if err != nil {
			return err
		}
		tr := &Trade{Venue: "polymarket", TxHash: fill.TxHash, TokenIn: usdc, AmountIn: big.NewInt(6_000_000),
			TokenOut: yes, AmountOut: big.NewInt(10_000_000), Price: big.NewRat(3, 5)}
		_, _, err = db.AppendWithTrades(ctx, rec, []*Trade{tr})
		return err
	}
	if err := book(); err != nil {
		t.Fatal(err)
	}
	if err := book(); !errors.Is(err, ErrDuplicateIntent) {
		t.Fatalf("the same venue trade booked twice: %v", err)
	}
	recs, err := db.Records(ctx, "a", 1, 0)
	if err != nil || len(recs) != 1 {
		t.Fatalf("records %+v %v", recs, err)
	}
	got, trades, ok, err := FillOf(recs[0])
	if err != nil || !ok || got != fill || len(trades) != 1 || trades[0].AmountIn.Int64() != 6_000_000 || trades[0].TxHash != fill.TxHash {
		t.Fatalf("read back %+v %+v %v %v", got, trades, ok, err)
	}
	if recs[0].TxHash != fill.TxHash || recs[0].Model != ModelFills || recs[0].Outcome != OutcomeConfirmed {
		t.Fatalf("fill record %+v", recs[0])
	}
	if res := mustVerify(t, db, "a"); !res.OK() {
		t.Fatalf("verify: %+v", res)
	}
	if res, err := db.VerifyTrades(ctx, "a"); err != nil || !res.OK() || res.Checked != 1 {
		t.Fatalf("verify trades: %+v %v", res, err)
	}
	if _, err := FillRecord("a", "s", VenueFill{Order: "0xorder"}, ""); err == nil {
		t.Fatal("a fill without its venue trade id was accepted: it could not be booked once")
	}

	// Someone makes the fill look cheaper.
	raw := rawConn(t, db)
	if _, err := raw.Exec(`UPDATE trades SET amount_in = '1' WHERE agent = 'a'`); err != nil {
		t.Fatal(err)
	}
	if res, err := db.VerifyTrades(ctx, "a"); err != nil || res.Problem != ProblemTradeEdited {
		t.Fatalf("an edited fill trade verified: %+v %v", res, err)
	}
}

// RecordsSince reads the window by the records' time through the index
// (migration 0006), not the agent's whole log; DecisionsMentioning finds
// a signing decision by its order id in any case.
func TestRecordsSinceReadsOnlyTheWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTest(t)
	t0 := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 {
		r := decision("a", i)
		r.Time = t0.Add(time.Duration(i) * time.Hour)
		r.Intent = "sign/0xAbC" + string(rune('0'+i))
		r.Simulation = []byte(`{"signs":[{"terms":{"id":"0xAbC` + string(rune('0'+i)) + `"}}]}`)
		mustAppend(t, db, r)
	}
	mustAppend(t, db, decision("b", 9))
	recs, err := db.RecordsSince(ctx, "a", t0.Add(2*time.Hour))
	if err != nil || len(recs) != 3 || recs[0].Seq != 3 || recs[2].Seq != 5 {
		t.Fatalf("records since hour 2: %d (%v)", len(recs), err)
	}
	var plan strings.Builder
	rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+selectRecordSQL+" WHERE agent = ? AND time_ns >= ? ORDER BY seq", "a", 0)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	rows.Close()
	if !strings.Contains(plan.String(), "records_agent_time") {
		t.Fatalf("the window is not read through the time index:\n%s", plan.String())
	}
	got, err := db.DecisionsMentioning(ctx, "a", "sign/", "0xabc3")
	if err != nil || len(got) != 1 || got[0].Seq != 4 {
		t.Fatalf("decisions mentioning 0xabc3: %+v %v", got, err)
	}
	if got, err := db.DecisionsMentioning(ctx, "a", "cancel/", "0xabc3"); err != nil || len(got) != 0 {
		t.Fatalf("a prefix that no intent has matched: %+v %v", got, err)
	}
}
