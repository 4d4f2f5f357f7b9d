package predict

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// TestOpenMarketChecksConfiguration: a market is refused when any trusted
// field disagrees with the chain.
func TestOpenMarketChecksConfiguration(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	ctx := context.Background()
	good := e.refs()["weth-3000"]
	if _, err := OpenMarket(ctx, e.d.Client(), good, e.usdc); err != nil {
		t.Fatalf("devnet market refused: %v", err)
	}
	d, _ := e.m.Token("DAI")
	dai := strategies.Token{Address: d.Address, Symbol: d.Symbol, Decimals: d.Decimals}
	for _, tc := range []struct {
		name   string
		mutate func(r *MarketRef)
		coll   strategies.Token
	}{
		{"other condition", func(r *MarketRef) { r.ConditionID = common.Hash{1} }, e.usdc},
		{"other conditional tokens", func(r *MarketRef) { r.ConditionalTokens = dai.Address }, e.usdc},
		{"other collateral", func(r *MarketRef) {}, dai},
		{"question of another market", func(r *MarketRef) { r.QuestionID = e.refs()["wbtc-20"].QuestionID }, e.usdc},
		{"other oracle", func(r *MarketRef) { r.Oracle = common.Address{9} }, e.usdc},
		{"three outcomes configured", func(r *MarketRef) { r.Outcomes = []string{"a", "b", "c"} }, e.usdc},
	} {
		r := good
		tc.mutate(&r)
		if _, err := OpenMarket(ctx, e.d.Client(), r, tc.coll); !errors.Is(err, ErrMarket) {
			t.Errorf("%s: %v, want ErrMarket", tc.name, err)
		}
	}
	notMarket := good
	notMarket.Address = e.usdc.Address
	if _, err := OpenMarket(ctx, e.d.Client(), notMarket, e.usdc); err == nil {
		t.Error("a token was accepted as a market maker")
	}
}

// TestBuySellRedeem runs the client's plans on a real market: a buy lands
// at least minOut, a sell pays exactly its return and leaves no operator
// approval, and a redeem pays the reported share.
func TestBuySellRedeem(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 5_000)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), nil)
	me := e.tr.From()
	read := func() *State {
		t.Helper()
		st, err := m.Read(ctx, me, nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	collateral := func() *big.Int {
		t.Helper()
		b, err := BalanceOf(ctx, e.d.Client(), e.usdc.Address, me, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	st := read()
	if st.Prices[0].Cmp(big.NewRat(1, 2)) != 0 || st.Resolved() {
		t.Fatalf("fresh market: prices %v, resolved %v", st.Prices, st.Resolved())
	}
	if _, _, err := m.PlanRedeem(st); !errors.Is(err, ErrNotResolved) {
		t.Fatalf("redeem before resolution: %v", err)
	}

	// Buy.
	leg, err := m.PlanBuy(ctx, st, e.whole(1_000), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(leg.Calls) != 2 || leg.Calls[0].Method != "approve" || leg.Calls[1].Method != "buy" {
		t.Fatalf("buy plan = %+v", leg.Calls)
	}
	if leg.Trade.MinOut.Cmp(MinOut(leg.Trade.QuotedOut, 100)) != 0 || leg.Trade.TokenOut.Address != PositionToken(m.Ref.ConditionalTokens, m.Positions[0]) {
		t.Fatalf("buy trade = %+v", leg.Trade)
	}
	execute(t, e.tr, &strategies.Plan{Calls: leg.Calls})
	st = read()
	if st.Held[0].Cmp(leg.Trade.QuotedOut) != 0 {
		t.Fatalf("bought %s, quoted %s (nobody else traded)", st.Held[0], leg.Trade.QuotedOut)
	}
	if got := collateral(); got.Cmp(e.whole(4_000)) != 0 {
		t.Fatalf("collateral after buy %s, want 4000 USDC", got)
	}

	// Sell half of it.
	half := new(big.Int).Rsh(st.Held[0], 1)
	leg, err = m.PlanSell(ctx, st, half, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	methods := []string{}
	for _, c := range leg.Calls {
		methods = append(methods, c.Method)
	}
	if len(methods) != 3 || methods[0] != "setApprovalForAll" || methods[1] != "sell" || methods[2] != "setApprovalForAll" {
		t.Fatalf("sell plan = %v", methods)
	}
	if leg.Trade.AmountIn.Cmp(MinOut(half, 100)) > 0 {
		t.Fatalf("the sell quotes %s tokens, more than %s less slippage", leg.Trade.AmountIn, half)
	}
	before := collateral()
	execute(t, e.tr, &strategies.Plan{Calls: leg.Calls})
	if got := new(big.Int).Sub(collateral(), before); got.Cmp(leg.Trade.QuotedOut) != 0 {
		t.Fatalf("sell paid %s, planned %s", got, leg.Trade.QuotedOut)
	}
	after := read()
	if sold := new(big.Int).Sub(st.Held[0], after.Held[0]); sold.Cmp(leg.Trade.AmountIn) != 0 {
		t.Fatalf("sold %s tokens, quoted %s", sold, leg.Trade.AmountIn)
	}
	if approved, err := m.approved(ctx, me); err != nil || approved {
		t.Fatalf("operator approval left behind after the sell: %v (%v)", approved, err)
	}

	// Resolve 3:1 and redeem.
	m.resolve(t, 3, 1)
	st = read()
	call, trades, err := m.PlanRedeem(st)
	if err != nil || call == nil || len(trades) != 1 {
		t.Fatalf("redeem plan: %v %v %v", call, trades, err)
	}
	want := new(big.Int).Mul(st.Held[0], big.NewInt(3))
	want.Quo(want, big.NewInt(4))
	before = collateral()
	execute(t, e.tr, &strategies.Plan{Calls: []strategies.Call{*call}})
	if got := new(big.Int).Sub(collateral(), before); got.Cmp(want) != 0 || trades[0].QuotedOut.Cmp(want) != 0 {
		t.Fatalf("redeemed %s (planned %s), want %s", got, trades[0].QuotedOut, want)
	}
	if st = read(); st.Held[0].Sign() != 0 {
		t.Fatalf("still holding %s after redeeming", st.Held[0])
	}
	if call, _, _ := m.PlanRedeem(st); call != nil {
		t.Fatal("a second redeem was planned with nothing held")
	}
}

// TestPlansRefuseBadInput: amounts, outcomes and slippage are checked.
func TestPlansRefuseBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 100)
	ctx := context.Background()
	m := e.newMarket(t, 2, feeOf(2, 100), e.whole(100), nil)
	st, err := m.Read(ctx, e.tr.From(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"zero buy":          func() error { _, err := m.PlanBuy(ctx, st, big.NewInt(0), 0, 100); return err },
		"no such outcome":   func() error { _, err := m.PlanBuy(ctx, st, big.NewInt(10), 2, 100); return err },
		"slippage too wide": func() error { _, err := m.PlanBuy(ctx, st, big.NewInt(10), 0, 5000); return err },
		"sell unheld":       func() error { _, err := m.PlanSell(ctx, st, big.NewInt(10), 0, 100); return err },
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// approved reports whether owner lets the market maker move its positions.
func (m *Market) approved(ctx context.Context, owner common.Address) (bool, error) {
	return bind.Call(m.ctf, &bind.CallOpts{Context: ctx}, ctfABI.PackIsApprovedForAll(owner, m.Ref.Address), ctfABI.UnpackIsApprovedForAll)
}
