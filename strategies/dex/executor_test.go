package dex

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// deployExecutor deploys the executor artifact from tr and checks it.
func (e *env) deployExecutor(t *testing.T, tr *wallet.Transactor) common.Address {
	t.Helper()
	// Right after funding, the node's pool may still judge a transaction on
	// the state before the funding block; it catches up within moments.
	var r *types.Receipt
	var err error
	for range 100 {
		r, err = tr.Send(context.Background(), wallet.Intent{Data: ExecutorInitCode()})
		if err == nil || !strings.Contains(err.Error(), "insufficient funds") {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	e.settleBlock(t, r.BlockNumber)
	return r.ContractAddress
}

// sendPlan sends a plan the way the runtime does: the whole plan simulated
// and signed first, then each call sent and waited for. before(i) runs just
// before call i is sent (a front-runner's moment). It returns the receipts
// and the first call that reverted (-1 when none).
func (e *env) sendPlan(t *testing.T, p *strategies.Plan, before func(i int)) ([]*types.Receipt, int) {
	t.Helper()
	ctx := context.Background()
	intents := make([]wallet.Intent, len(p.Calls))
	for i, c := range p.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data}
	}
	sims, err := e.c.SimulateBundle(ctx, e.tr.From(), intents)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sims {
		if !s.OK {
			t.Fatalf("call %d (%s) fails in simulation: %s", i, p.Calls[i].Method, s.Error)
		}
		intents[i].Gas = e.c.GasWithMargin(s.GasUsed) * 2
	}
	fees, err := e.c.SuggestFees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	txs, err := e.tr.SignBundle(ctx, intents, fees)
	if err != nil {
		t.Fatal(err)
	}
	var rs []*types.Receipt
	for i, tx := range txs {
		if before != nil {
			before(i)
		}
		if err := e.tr.SendSigned(ctx, tx); err != nil {
			t.Fatal(err)
		}
		r, err := e.tr.Wait(ctx, tx)
		var rev *wallet.TxRevertedError
		if err != nil && !errors.As(err, &rev) {
			t.Fatalf("call %d: %v", i, err)
		}
		e.settleBlock(t, r.BlockNumber)
		rs = append(rs, r)
		if r.Status != types.ReceiptStatusSuccessful {
			e.tr.ReleaseBundle(txs[i+1:])
			return rs, i
		}
	}
	return rs, -1
}

// allowanceOf is owner's allowance of token to spender.
func allowanceOf(t *testing.T, b Backend, token, owner, spender common.Address) *big.Int {
	t.Helper()
	c := bind.NewBoundContract(token, erc20ABI.GetABI(), b, nil, nil)
	v, err := bind.Call(c, nil, erc20ABI.PackAllowance(owner, spender), erc20ABI.UnpackAllowance)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func bigEq(t *testing.T, what string, got, want *big.Int) {
	t.Helper()
	if got.Cmp(want) != 0 {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

func newExecArb(t *testing.T, e *env) (*Arbitrage, common.Address) {
	t.Helper()
	p := DefaultArbitrageParams()
	p.Executor = ExecutorAuto
	a, err := NewArbitrage(e.deps, p)
	if err != nil {
		t.Fatal(err)
	}
	exec := e.deployExecutor(t, e.tr)
	if err := VerifyExecutor(context.Background(), e.d.Client(), exec, e.tr.From()); err != nil {
		t.Fatal(err)
	}
	a.UseExecutor(exec)
	return a, exec
}

// With an executor the round trip is one approval of exactly amountIn and
// one transaction: the agent gains quote, holds the same base, and neither
// the executor nor an allowance keeps anything.
func TestArbitrageExecutorRoundTripIsOneTransaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 20_000})
	ctx := context.Background()
	a, exec := newExecArb(t, e)
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(obs.Facts), exec.Hex()) || !strings.Contains(obs.Summary, "one transaction") {
		t.Fatalf("observation does not say the executor is used: %s", obs.Summary)
	}
	plan, err := a.Plan(ctx, obs, a.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Calls) != 2 || plan.Calls[0].Method != "approve" || plan.Calls[1].Method != ExecutorMethod || plan.Calls[1].To != exec {
		t.Fatalf("plan calls = %+v, want approve then %s on %s", plan.Calls, ExecutorMethod, exec.Hex())
	}
	l1, l2 := plan.Trades[0], plan.Trades[1]
	args, err := executorABI.GetABI().Methods[ExecutorMethod].Inputs.Unpack(plan.Calls[1].Data[4:])
	if err != nil {
		t.Fatal(err)
	}
	if args[6].(common.Address) != e.tr.From() || args[2].(common.Address) != l1.Router || args[3].(common.Address) != l2.Router {
		t.Fatalf("executor call pays %s via %s then %s", args[6], args[2], args[3])
	}
	approveArgs, _ := erc20ABI.GetABI().Methods["approve"].Inputs.Unpack(plan.Calls[0].Data[4:])
	if approveArgs[0].(common.Address) != exec || approveArgs[1].(*big.Int).Cmp(l1.AmountIn) != 0 {
		t.Fatalf("approval %v, want exactly %s to the executor", approveArgs, l1.AmountIn)
	}

	usdc0, weth0 := e.balance(t, "USDC", e.tr.From()), e.balance(t, "WETH", e.tr.From())
	rs, reverted := e.sendPlan(t, plan, nil)
	if reverted >= 0 {
		t.Fatalf("call %d reverted", reverted)
	}
	fills := ExecutorFills(rs[1], exec)
	if len(fills) != 1 {
		t.Fatalf("%d executor fills in the receipt", len(fills))
	}
	f := fills[0]
	if f.AmountIn.Cmp(l1.AmountIn) != 0 || f.AmountMid.Cmp(l1.QuotedOut) != 0 || f.AmountOut.Cmp(l2.QuotedOut) != 0 {
		t.Fatalf("fill %+v, planned %s -> %s -> %s", f, l1.AmountIn, l1.QuotedOut, l2.QuotedOut)
	}
	gain := new(big.Int).Sub(e.balance(t, "USDC", e.tr.From()), usdc0)
	if want := new(big.Int).Sub(f.AmountOut, f.AmountIn); gain.Cmp(want) != 0 {
		t.Fatalf("USDC gain %s, the fill says %s", gain, want)
	}
	if floor := new(big.Int).Sub(l2.MinOut, l1.AmountIn); gain.Cmp(floor) < 0 || gain.Cmp(e.whole(t, "USDC", 1)) < 0 {
		t.Fatalf("gain %s under the floor %s or the 1 USDC minimum", gain, floor)
	}
	zero := new(big.Int)
	bigEq(t, "agent's WETH", e.balance(t, "WETH", e.tr.From()), weth0)
	bigEq(t, "executor's USDC", e.balance(t, "USDC", exec), zero)
	bigEq(t, "executor's WETH", e.balance(t, "WETH", exec), zero)
	bigEq(t, "agent's USDC allowance to the executor", allowanceOf(t, e.d.Client(), e.token(t, "USDC").Address, e.tr.From(), exec), zero)
}

// A trade on dex-b between the plan and its send makes the executor call
// revert on chain: the approval was mined, but neither leg was, so the agent
// holds exactly the WETH and USDC it had and no leg is open.
func TestArbitrageExecutorFrontRunRevertsBothLegs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 20_000})
	ctx := context.Background()
	a, exec := newExecArb(t, e)
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := a.Plan(ctx, obs, a.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	usdc0, weth0 := e.balance(t, "USDC", e.tr.From()), e.balance(t, "WETH", e.tr.From())
	rs, reverted := e.sendPlan(t, plan, func(i int) {
		if i == 1 { // after the approval, before the round trip
			e.push(t, "dex-b", "WETH", "USDC", e.whole(t, "WETH", 10))
		}
	})
	if reverted != 1 || len(rs) != 2 {
		t.Fatalf("call %d reverted (%d receipts), want the executor call (1) to revert on chain", reverted, len(rs))
	}
	if fills := ExecutorFills(rs[1], exec); len(fills) != 0 {
		t.Fatalf("a reverted round trip left fills %+v", fills)
	}
	bigEq(t, "agent's WETH", e.balance(t, "WETH", e.tr.From()), weth0)
	bigEq(t, "agent's USDC", e.balance(t, "USDC", e.tr.From()), usdc0)
	bigEq(t, "executor's WETH", e.balance(t, "WETH", exec), new(big.Int))
	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.open != nil || strings.Contains(obs.Summary, "Open leg") {
		t.Fatalf("an open leg after an atomic revert: %s", obs.Summary)
	}
}

// Only the artifact's code deployed by the agent itself passes: another
// owner's executor, another contract and an empty address are refused.
func TestVerifyExecutorRefusesOtherCode(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, nil)
	ctx := context.Background()
	mine := e.deployExecutor(t, e.tr)
	other := e.account(t, nil)
	theirs := e.deployExecutor(t, other)
	x, _ := e.m.DEX("dex-a")
	for _, tc := range []struct {
		name string
		addr common.Address
		want string
	}{
		{"another owner's executor", theirs, "is not agentctl's ArbitrageExecutor deployed by"},
		{"a router", x.Router, "is not agentctl's ArbitrageExecutor deployed by"},
		{"no contract", common.HexToAddress("0x00000000000000000000000000000000000000aa"), "no contract at this address"},
	} {
		err := VerifyExecutor(ctx, e.d.Client(), tc.addr, e.tr.From())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if err := VerifyExecutor(ctx, e.d.Client(), mine, e.tr.From()); err != nil {
		t.Fatalf("the agent's own executor: %v", err)
	}
	for _, tc := range []struct{ in, mode string }{{"", ExecutorOff}, {"OFF", ExecutorOff}, {"auto", ExecutorAuto}, {mine.Hex(), ""}} {
		mode, addr, err := ParseExecutorSetting(tc.in)
		if err != nil || mode != tc.mode || (mode == "" && addr != mine) {
			t.Errorf("ParseExecutorSetting(%q) = %q, %s, %v", tc.in, mode, addr.Hex(), err)
		}
	}
	for _, bad := range []string{"yes", "0x1234", "0x0000000000000000000000000000000000000000"} {
		if _, _, err := ParseExecutorSetting(bad); err == nil {
			t.Errorf("ParseExecutorSetting(%q) accepted", bad)
		}
	}
}

// Without an executor, a round trip whose second swap reverts (dex-b moved
// between the legs) leaves WETH the agent never meant to hold; the next
// tick plans selling it back, whatever the action, and once that is mined
// the leg is closed.
func TestArbitrageFallbackUnwindsOpenLeg(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 20_000})
	ctx := context.Background()
	a, err := NewArbitrage(e.deps, DefaultArbitrageParams())
	if err != nil {
		t.Fatal(err)
	}
	obs, err := a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := a.Plan(ctx, obs, a.Propose(obs))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Calls) != 4 {
		t.Fatalf("two-swap plan has %d calls", len(plan.Calls))
	}
	weth0 := e.balance(t, "WETH", e.tr.From())
	_, reverted := e.sendPlan(t, plan, func(i int) {
		if i == 2 { // leg 1 mined, leg 2 not yet sent
			e.push(t, "dex-b", "WETH", "USDC", e.whole(t, "WETH", 10))
		}
	})
	if reverted != 3 {
		t.Fatalf("call %d reverted, want leg 2's swap (3)", reverted)
	}
	held := new(big.Int).Sub(e.balance(t, "WETH", e.tr.From()), weth0)
	if held.Cmp(plan.Trades[1].AmountIn) < 0 {
		t.Fatalf("after leg 2 reverted the agent holds %s more WETH, want at least %s", held, plan.Trades[1].AmountIn)
	}

	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(obs.Summary, "Open leg") || !strings.Contains(string(obs.Facts), `"openLeg":"`+plan.Trades[1].AmountIn.String()+`"`) {
		t.Fatalf("the open leg is not in the observation: %s\n%s", obs.Summary, obs.Facts)
	}
	if d := a.Propose(obs); d.Action != ActionArbitrage || !strings.Contains(d.Rationale, "open leg") {
		t.Fatalf("proposal with an open leg: %s (%s)", d.Action, d.Rationale)
	}
	// An allowance left on chain (here: a generous one to both routers)
	// changes nothing: the unwind approves exactly what it sells.
	weth := e.token(t, "WETH").Address
	for _, x := range e.m.DEXes {
		r, err := e.tr.Send(ctx, wallet.Intent{To: &weth, Data: erc20ABI.PackApprove(x.Router, e.whole(t, "WETH", 100))})
		if err != nil {
			t.Fatal(err)
		}
		e.settleBlock(t, r.BlockNumber)
	}
	unwind, err := a.Plan(ctx, obs, strategies.Decision{Action: ActionHold})
	if err != nil {
		t.Fatal(err)
	}
	if len(unwind.Calls) != 2 || unwind.Calls[0].Method != "approve" ||
		string(unwind.Calls[0].Data) != string(erc20ABI.PackApprove(unwind.Trades[0].Router, unwind.Trades[0].AmountIn)) {
		t.Fatalf("unwind calls = %+v, want an exact approval then the swap", unwind.Calls)
	}
	if unwind == nil || len(unwind.Trades) != 1 || unwind.Trades[0].TokenIn.Symbol != "WETH" ||
		unwind.Trades[0].AmountIn.Cmp(plan.Trades[1].AmountIn) != 0 || !strings.Contains(unwind.Summary, "unwind") {
		t.Fatalf("unwind plan = %+v", unwind)
	}
	if _, reverted := e.sendPlan(t, unwind, nil); reverted >= 0 {
		t.Fatalf("unwind call %d reverted", reverted)
	}
	bigEq(t, "WETH kept after the unwind", new(big.Int).Sub(e.balance(t, "WETH", e.tr.From()), weth0),
		new(big.Int).Sub(held, plan.Trades[1].AmountIn))
	obs, err = a.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.open != nil || strings.Contains(obs.Summary, "Open leg") {
		t.Fatalf("the leg is still open after the unwind: %s", obs.Summary)
	}
}
