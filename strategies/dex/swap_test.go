package dex

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// PlanSwap approves exactly the amount whatever the allowance is,
// pays the agent, takes its deadline from the latest block, and the swap
// it builds lands and passes the balance-delta check.
func TestPlanSwapApprovalMinOutDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 10_000})
	ctx := context.Background()
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	r := e.router(t, "dex-a")
	amount := e.whole(t, "USDC", 1500)

	plan := func() (*Leg, uint64) {
		head, err := e.d.Client().HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		pool, err := r.Pool(ctx, usdc.Address, weth.Address, head.Number)
		if err != nil {
			t.Fatal(err)
		}
		dl, err := Deadline(head, 2*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		leg, err := r.PlanSwap(ctx, pool, SwapSpec{
			TokenIn: usdc, TokenOut: weth, AmountIn: amount, SlippageBps: 75,
			Account: e.tr.From(), Deadline: dl, Quote: usdc, ValueQuote: amount,
		})
		if err != nil {
			t.Fatal(err)
		}
		return leg, head.Time
	}

	leg, headTime := plan()
	if len(leg.Calls) != 2 || leg.Calls[0].Method != "approve" {
		t.Fatalf("with no allowance want approve + swap, got %d calls", len(leg.Calls))
	}
	appr, err := erc20ABI.GetABI().Methods["approve"].Inputs.Unpack(leg.Calls[0].Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	if leg.Calls[0].To != usdc.Address || appr[0].(common.Address) != r.venue.Router || appr[1].(*big.Int).Cmp(amount) != 0 {
		t.Fatalf("approve to %s of %v for %v: want exactly %s to the router", leg.Calls[0].To.Hex(), appr[1], appr[0], amount)
	}
	swap, err := routerABI.GetABI().Methods["swapExactTokensForTokens"].Inputs.Unpack(leg.Calls[1].Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	tr := leg.Trade
	wantMin := new(big.Int).Div(new(big.Int).Mul(tr.QuotedOut, big.NewInt(9925)), big.NewInt(10_000))
	switch {
	case tr.MinOut.Cmp(wantMin) != 0:
		t.Fatalf("minOut %s, want floor(%s * 0.9925) = %s", tr.MinOut, tr.QuotedOut, wantMin)
	case swap[0].(*big.Int).Cmp(amount) != 0 || swap[1].(*big.Int).Cmp(tr.MinOut) != 0:
		t.Fatalf("swap calldata amounts %v/%v, trade %s/%s", swap[0], swap[1], amount, tr.MinOut)
	case swap[3].(common.Address) != e.tr.From():
		t.Fatalf("recipient %s, want the agent %s", swap[3].(common.Address).Hex(), e.tr.From().Hex())
	case swap[4].(*big.Int).Uint64() != headTime+120:
		t.Fatalf("deadline %v, want latest block time %d + 120", swap[4], headTime)
	case leg.Calls[1].To != r.venue.Router:
		t.Fatalf("swap sent to %s, not the router", leg.Calls[1].To.Hex())
	}

	// A leftover allowance (a reverted swap leaves its approval) changes
	// nothing: the plan still sets exactly what it spends, and the router
	// may spend nothing afterwards. Before, the approve was skipped and the
	// policy (an exact approve before each swap) denied the plan.
	twice := new(big.Int).Lsh(amount, 1)
	rcpt, err := e.tr.Send(ctx, wallet.Intent{To: &usdc.Address, Data: erc20ABI.PackApprove(r.venue.Router, twice)})
	if err != nil {
		t.Fatal(err)
	}
	e.settleBlock(t, rcpt.BlockNumber)
	leg, _ = plan()
	if len(leg.Calls) != 2 || leg.Calls[0].Method != "approve" || string(leg.Calls[0].Data) != string(erc20ABI.PackApprove(r.venue.Router, amount)) {
		t.Fatalf("with a leftover allowance want approve(exact) + swap, got %d calls", len(leg.Calls))
	}
	deltas := e.execute(t, &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade}})
	if deltas[0].Spent.Cmp(amount) != 0 || deltas[0].Received.Cmp(leg.Trade.QuotedOut) != 0 {
		t.Fatalf("spent %s received %s; want %s and the quote %s (nothing else traded)", deltas[0].Spent, deltas[0].Received, amount, leg.Trade.QuotedOut)
	}
	left, err := r.Allowance(ctx, usdc.Address, e.tr.From(), nil)
	if err != nil || left.Sign() != 0 {
		t.Fatalf("allowance after the swap %v (%v), want none left", left, err)
	}

	// The check catches a swap that paid less than its trade's minimum.
	leg, _ = plan()
	if rcpt, err = e.tr.Send(ctx, wallet.Intent{To: &leg.Calls[0].To, Data: leg.Calls[0].Data}); err != nil {
		t.Fatal(err)
	}
	e.settleBlock(t, rcpt.BlockNumber)
	leg.Calls = leg.Calls[1:]
	rcpt, err = e.tr.Send(ctx, wallet.Intent{To: &leg.Calls[0].To, Data: leg.Calls[0].Data})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifySwap(ctx, e.d.Client(), e.tr.From(), leg.Trade, rcpt); err != nil {
		t.Fatalf("VerifySwap of the real trade: %v", err)
	}
	greedy := leg.Trade
	greedy.MinOut = new(big.Int).Add(leg.Trade.QuotedOut, big.NewInt(1))
	if _, err := VerifySwap(ctx, e.d.Client(), e.tr.From(), greedy, rcpt); err == nil || !strings.Contains(err.Error(), "paid less than its minimum") {
		t.Fatalf("VerifySwap with a minimum above the output: %v", err)
	}
	other := leg.Trade
	other.AmountIn = new(big.Int).Sub(amount, big.NewInt(1))
	if _, err := VerifySwap(ctx, e.d.Client(), e.tr.From(), other, rcpt); err == nil || !strings.Contains(err.Error(), "did not spend") {
		t.Fatalf("VerifySwap with another amount in: %v", err)
	}
}

func TestCheckSwapDeltas(t *testing.T) {
	t.Parallel()
	usdc := strategies.Token{Symbol: "USDC", Decimals: 6}
	weth := strategies.Token{Symbol: "WETH", Decimals: 18}
	tr := strategies.Trade{Venue: "dex-a", TokenIn: usdc, TokenOut: weth, AmountIn: big.NewInt(1000), MinOut: big.NewInt(50)}
	cases := []struct {
		name    string
		in, out int64
		err     string
	}{
		{"exact in, min out", -1000, 50, ""},
		{"exact in, more out", -1000, 80, ""},
		{"spent one wei more", -1001, 80, "did not spend what was planned"},
		{"spent less", -999, 80, "did not spend what was planned"},
		{"nothing spent", 0, 80, "did not spend what was planned"},
		{"paid under minimum", -1000, 49, "paid less than its minimum"},
		{"output fell", -1000, -5, "paid less than its minimum"},
	}
	for _, c := range cases {
		err := CheckSwapDeltas(tr, big.NewInt(c.in), big.NewInt(c.out))
		if c.err == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
	}
	if err := CheckSwapDeltas(strategies.Trade{}, big.NewInt(0), big.NewInt(0)); err == nil {
		t.Error("a trade without amounts passed")
	}
}

func TestSwapIndexesMatchCallsToTrades(t *testing.T) {
	t.Parallel()
	usdc := strategies.Token{Address: common.HexToAddress("0xa1"), Symbol: "USDC", Decimals: 6}
	weth := strategies.Token{Address: common.HexToAddress("0xb2"), Symbol: "WETH", Decimals: 18}
	v := Venue{Name: "dex-a", Router: common.HexToAddress("0xc3"), Factory: common.HexToAddress("0xd4")}
	agent := common.HexToAddress("0xe5")
	tr := strategies.Trade{Venue: "dex-a", Router: v.Router, TokenIn: usdc, TokenOut: weth, AmountIn: big.NewInt(10), MinOut: big.NewInt(3)}
	good := &strategies.Plan{
		Calls:  []strategies.Call{ApproveCall(usdc, v.Router, "r", big.NewInt(10)), SwapCall(v, usdc, weth, big.NewInt(10), big.NewInt(3), agent, big.NewInt(9))},
		Trades: []strategies.Trade{tr},
	}
	idx, err := SwapIndexes(good, agent)
	if err != nil || len(idx) != 1 || idx[0] != 1 {
		t.Fatalf("SwapIndexes = %v, %v; want [1]", idx, err)
	}
	lying := &strategies.Plan{
		Calls:  []strategies.Call{SwapCall(v, usdc, weth, big.NewInt(11), big.NewInt(3), agent, big.NewInt(9))},
		Trades: []strategies.Trade{tr},
	}
	if _, err := SwapIndexes(lying, agent); err == nil {
		t.Fatal("a swap call for another amount than its trade was matched")
	}
	missing := &strategies.Plan{Calls: good.Calls[:1], Trades: good.Trades}
	if _, err := SwapIndexes(missing, agent); err == nil {
		t.Fatal("a trade without a swap call was matched")
	}
}

// Revoke plans nothing when the router may spend nothing, and a single
// approve(token, router, 0) per call for what is left over, first token
// first; once mined, nothing is left.
func TestRevokeLeftoverAllowance(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 10_000})
	ctx := context.Background()
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	r := e.router(t, "dex-a")
	if p, err := r.Revoke(ctx, e.tr.From(), nil, usdc, weth); p != nil || err != nil {
		t.Fatalf("with no allowance: plan %+v (%v), want none", p, err)
	}
	for _, tok := range []strategies.Token{usdc, weth} {
		if _, err := e.tr.Send(ctx, wallet.Intent{To: &tok.Address, Data: erc20ABI.PackApprove(r.venue.Router, big.NewInt(7))}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tok := range []strategies.Token{usdc, weth} {
		p, err := r.Revoke(ctx, e.tr.From(), nil, usdc, weth)
		if err != nil || p == nil || len(p.Calls) != 1 || p.Calls[0].To != tok.Address ||
			string(p.Calls[0].Data) != string(erc20ABI.PackApprove(r.venue.Router, new(big.Int))) {
			t.Fatalf("revoke plan %+v (%v), want approve(%s, router, 0)", p, err, tok.Symbol)
		}
		e.execute(t, p)
	}
	if p, err := r.Revoke(ctx, e.tr.From(), nil, usdc, weth); p != nil || err != nil {
		t.Fatalf("after revoking: plan %+v (%v), want none", p, err)
	}
}
