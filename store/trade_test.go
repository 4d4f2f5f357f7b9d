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

var (
	weth = common.HexToAddress("0x00000000000000000000000000000000000000e1")
	usdc = common.HexToAddress("0x00000000000000000000000000000000000000c6")
)

func bigInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return v
}

func TestTradesPositionsAndPnL(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	// Decision 1 buys 1 WETH for 3,000 USDC and pays 0.001 ETH of gas;
	// decision 2 sells 0.4 WETH for 1,300 USDC.
	mustAppend(t, db, decision("alice", 1))
	mustAppend(t, db, decision("alice", 2))
	buy := &Trade{Agent: "alice", Seq: 1, Venue: "dex-a", TxHash: crypto.Keccak256Hash([]byte("buy")),
		TokenIn: usdc, AmountIn: bigInt("3000000000"), TokenOut: weth, AmountOut: bigInt("1000000000000000000"),
		Fee: bigInt("1000000000000000"), Price: big.NewRat(3000, 1)}
	sell := &Trade{Agent: "alice", Seq: 2, Venue: "dex-b", TxHash: crypto.Keccak256Hash([]byte("sell")),
		TokenIn: weth, AmountIn: bigInt("400000000000000000"), TokenOut: usdc, AmountOut: bigInt("1300000000")}
	for _, tr := range []*Trade{buy, sell} {
		if id, err := db.RecordTrade(ctx, tr); err != nil || id == 0 || tr.ID != id {
			t.Fatalf("RecordTrade: id %d, %v", id, err)
		}
	}
	pos, err := db.Positions(ctx, "alice", false)
	if err != nil {
		t.Fatal(err)
	}
	want := map[common.Address]string{
		NativeToken: "-1000000000000000",
		weth:        "600000000000000000",
		usdc:        "-1700000000",
	}
	if len(pos) != len(want) {
		t.Fatalf("positions %v", pos)
	}
	for _, p := range pos {
		if p.Amount.String() != want[p.Token] {
			t.Errorf("position %s = %s, want %s", p.Token.Hex(), p.Amount, want[p.Token])
		}
	}
	// Marks: WETH at 3,500 USDC, ETH at 3,500 USDC; per smallest unit.
	ethPrice := big.NewRat(3500_000000, 1_000000000_000000000)
	marks := Marks{Quote: usdc, Prices: map[common.Address]*big.Rat{weth: ethPrice, NativeToken: ethPrice}}
	pnl, err := db.PnL(ctx, "alice", false, marks)
	if err != nil {
		t.Fatal(err)
	}
	// 0.6 WETH * 3500 - 1700 USDC - 0.001 ETH * 3500 = 2100 - 1700 - 3.5 = 396.5 USDC.
	if got := pnl.Value.RatString(); got != "396500000" || pnl.Floor().String() != "396500000" {
		t.Fatalf("PnL = %s (floor %s), want 396500000", got, pnl.Floor())
	}
	if len(pnl.Positions) != 3 {
		t.Fatalf("PnL positions %v", pnl.Positions)
	}
	delete(marks.Prices, NativeToken)
	if _, err := db.PnL(ctx, "alice", false, marks); err == nil || !strings.Contains(err.Error(), "no price for token "+NativeToken.Hex()) {
		t.Fatalf("missing price: %v", err)
	}

	got, err := db.Trades(ctx, "alice")
	if err != nil || len(got) != 2 {
		t.Fatalf("Trades = %v, %v", got, err)
	}
	if got[0].AmountOut.Cmp(buy.AmountOut) != 0 || got[0].Price.Cmp(buy.Price) != 0 || got[0].Fee.Cmp(buy.Fee) != 0 ||
		got[0].TxHash != buy.TxHash || got[0].TokenIn != usdc || got[0].Time != buy.Time || got[1].Fee.Sign() != 0 || got[1].Price != nil {
		t.Fatalf("trade round trip: %+v", got[0])
	}
	if paper, _ := db.Positions(ctx, "alice", true); len(paper) != 0 {
		t.Fatalf("live trades leaked into paper positions: %v", paper)
	}
}

func TestPaperTradesAtomicWithRecord(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	r := decision("alice", 1)
	r.Approval, r.Outcome, r.TxHash = ApprovalPaper, OutcomePaper, common.Hash{}
	tr := &Trade{Paper: true, Venue: "dex-a", TokenIn: usdc, AmountIn: big.NewInt(100), TokenOut: weth, AmountOut: big.NewInt(7)}
	seq, _, err := db.AppendWithTrades(ctx, r, []*Trade{tr})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Seq != seq || tr.Agent != "alice" || tr.ID == 0 || !tr.Time.Equal(r.Time) {
		t.Fatalf("trade not tied to its record: %+v", tr)
	}
	if pos, _ := db.Positions(ctx, "alice", true); len(pos) != 2 {
		t.Fatalf("paper positions %v", pos)
	}
	if pos, _ := db.Positions(ctx, "alice", false); len(pos) != 0 {
		t.Fatalf("paper trade moved live positions: %v", pos)
	}
	// A bad trade aborts the record too.
	r2 := decision("alice", 2)
	r2.Approval, r2.Outcome, r2.TxHash = ApprovalPaper, OutcomePaper, common.Hash{}
	bad := &Trade{Paper: true, Venue: "dex-a", TokenIn: usdc, AmountIn: big.NewInt(-1), TokenOut: weth, AmountOut: big.NewInt(1)}
	if _, _, err := db.AppendWithTrades(ctx, r2, []*Trade{bad}); err == nil || !strings.Contains(err.Error(), "amount in must be a non-negative integer") {
		t.Fatalf("bad trade: %v", err)
	}
	foreign := &Trade{Agent: "bob", Paper: true, Venue: "dex-a", TokenIn: usdc, AmountIn: big.NewInt(1), TokenOut: weth, AmountOut: big.NewInt(1)}
	if _, _, err := db.AppendWithTrades(ctx, r2, []*Trade{foreign}); err == nil || !strings.Contains(err.Error(), "is for agent bob") {
		t.Fatalf("trade of another agent: %v", err)
	}
	if h, _ := db.Head(ctx, "alice"); h.Seq != 1 {
		t.Fatalf("record of a failed trade was stored: head %d", h.Seq)
	}
	// A completion's trades belong to the decision it completes.
	d := decision("alice", 3)
	mustAppend(t, db, d)
	live := &Trade{Venue: "dex-a", TxHash: d.TxHash, TokenIn: usdc, AmountIn: big.NewInt(5), TokenOut: weth, AmountOut: big.NewInt(1)}
	if _, _, err := db.AppendWithTrades(ctx, completion("alice", d.Seq, OutcomeConfirmed), []*Trade{live}); err != nil {
		t.Fatal(err)
	}
	if live.Seq != d.Seq {
		t.Fatalf("completion trade has seq %d, want decision %d", live.Seq, d.Seq)
	}
}

func TestRecordTradeRejects(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	mustAppend(t, db, decision("alice", 1))
	mustAppend(t, db, completion("alice", 1, OutcomeConfirmed))
	good := func() *Trade {
		return &Trade{Agent: "alice", Seq: 1, Venue: "dex-a", TxHash: common.Hash{1},
			TokenIn: usdc, AmountIn: big.NewInt(10), TokenOut: weth, AmountOut: big.NewInt(1)}
	}
	if _, err := db.RecordTrade(ctx, good()); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		mutate func(*Trade)
		want   string
	}{
		{"same leg twice", func(tr *Trade) {}, "trade already recorded"},
		{"unknown decision", func(tr *Trade) { tr.Seq = 9; tr.Leg = 1 }, "has no record 9"},
		{"completion seq", func(tr *Trade) { tr.Seq = 2 }, "record 2 is a completion"},
		{"same token", func(tr *Trade) { tr.TokenOut = usdc }, "are both"},
		{"nil amount", func(tr *Trade) { tr.AmountOut = nil }, "amount out"},
		{"negative fee", func(tr *Trade) { tr.Fee = big.NewInt(-1) }, "fee -1 is negative"},
		{"live without tx", func(tr *Trade) { tr.TxHash = common.Hash{} }, "needs its tx hash"},
		{"paper with tx", func(tr *Trade) { tr.Paper = true }, "paper trade has no transaction"},
		{"no venue", func(tr *Trade) { tr.Venue = "" }, "venue is empty"},
	}
	for _, tc := range cases {
		tr := good()
		tc.mutate(tr)
		_, err := db.RecordTrade(ctx, tr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
		if tc.name == "same leg twice" && !errors.Is(err, ErrDuplicateTrade) {
			t.Errorf("duplicate trade is not ErrDuplicateTrade: %v", err)
		}
	}
	pos, err := db.Positions(ctx, "alice", false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[common.Address]string{}
	for _, p := range pos {
		got[p.Token] = p.Amount.String()
	}
	if len(got) != 2 || got[usdc] != "-10" || got[weth] != "1" {
		t.Fatalf("rejected trades moved positions: %v", got)
	}
}

func TestMarkToMarket(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		positions []Position
		prices    map[common.Address]*big.Rat
		value     string
		floor     string
		err       string
	}{
		{"quote only", []Position{{usdc, big.NewInt(-5)}}, nil, "-5", "-5", ""},
		{"loss rounds down", []Position{{weth, big.NewInt(-1)}}, map[common.Address]*big.Rat{weth: big.NewRat(1, 3)}, "-1/3", "-1", ""},
		{"gain rounds down", []Position{{weth, big.NewInt(2)}}, map[common.Address]*big.Rat{weth: big.NewRat(1, 3)}, "2/3", "0", ""},
		{"zero position needs no price", []Position{{weth, big.NewInt(0)}, {usdc, big.NewInt(1)}}, nil, "1", "1", ""},
		{"huge exact", []Position{{weth, bigInt("115792089237316195423570985008687907853269984665640564039457584007913129639935")}},
			map[common.Address]*big.Rat{weth: big.NewRat(2, 1)}, "231584178474632390847141970017375815706539969331281128078915168015826259279870", "231584178474632390847141970017375815706539969331281128078915168015826259279870", ""},
		{"missing price", []Position{{weth, big.NewInt(1)}}, nil, "", "", "no price for token"},
		{"negative price", []Position{{weth, big.NewInt(1)}}, map[common.Address]*big.Rat{weth: big.NewRat(-1, 1)}, "", "", "is negative"},
	}
	for _, tc := range cases {
		p, err := MarkToMarket(tc.positions, Marks{Quote: usdc, Prices: tc.prices})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || p.Value.RatString() != tc.value || p.Floor().String() != tc.floor {
			t.Errorf("%s: got %v floor %v (%v), want %s floor %s", tc.name, p.Value, p.Floor(), err, tc.value, tc.floor)
		}
	}
}

func TestTradesSinceFiltersByTimeAndMode(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	now := time.Now()
	tok := common.HexToAddress("0x1")
	for i, tc := range []struct {
		age   time.Duration
		paper bool
	}{{48 * time.Hour, false}, {2 * time.Hour, false}, {time.Minute, false}, {time.Minute, true}} {
		rec := &Record{Kind: KindDecision, Agent: "a", Strategy: "s", Verdict: VerdictAllowed, Approval: ApprovalAuto, Outcome: OutcomeConfirmed}
		tr := &Trade{Leg: 0, Time: now.Add(-tc.age), Paper: tc.paper, Venue: "v", TokenIn: tok, AmountIn: big.NewInt(int64(i + 1)),
			TxHash:   common.BigToHash(big.NewInt(int64(i + 1))),
			TokenOut: common.HexToAddress("0x2"), AmountOut: big.NewInt(1)}
		if tc.paper {
			tr.TxHash = common.Hash{}
		}
		if _, _, err := db.AppendWithTrades(ctx, rec, []*Trade{tr}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.TradesSince(ctx, "a", false, now.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].AmountIn.Int64() != 2 || got[1].AmountIn.Int64() != 3 {
		t.Fatalf("live trades of the last day = %+v, want the 2h and 1m ones", got)
	}
	if paper, _ := db.TradesSince(ctx, "a", true, now.Add(-24*time.Hour)); len(paper) != 1 || !paper[0].Paper {
		t.Fatalf("paper trades = %+v", paper)
	}
}
