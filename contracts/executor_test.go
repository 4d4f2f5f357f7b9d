package contracts

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

var execABI = NewArbitrageExecutor()

// arbSetup is two Uniswap V2 deployments on one chain with a tkA/tkB pool
// each, tkA cheaper on A than on B, and an executor owned by chain.owner.
type arbSetup struct {
	*amm
	routerB  common.Address
	routerBI *bind.BoundContract
	exec     common.Address
	execI    *bind.BoundContract
}

func deployArb(t *testing.T) *arbSetup {
	t.Helper()
	x := deployAMM(t)
	c := x.c
	factB := c.deploy(UniswapV2FactoryMetaData.Bin, factoryABI.PackConstructor(c.owner.From))
	s := &arbSetup{amm: x}
	s.routerB = c.deploy(UniswapV2RouterMetaData.Bin, routerABI.PackConstructor(factB, x.weth))
	s.routerBI = routerABI.Instance(c.client, s.routerB)
	for _, user := range []*bind.TransactOpts{c.owner, c.alice} {
		for _, tk := range []token{x.tkA, x.tkB} {
			c.send(user, tk.inst, tokenABI.PackApprove(s.routerB, maxUint256))
		}
	}
	// 1 tkA = 2000 tkB on A, 2100 tkB on B: a 5% gap.
	x.addLiquidity(c.owner, x.tkA, x.tkB, ether(100), big.NewInt(200_000e6))
	c.send(c.owner, s.routerBI, routerABI.PackAddLiquidity(x.tkA.addr, x.tkB.addr, ether(100), big.NewInt(210_000e6),
		big.NewInt(0), big.NewInt(0), c.owner.From, x.deadline()))
	s.exec = c.deploy(ArbitrageExecutorMetaData.Bin, nil)
	s.execI = execABI.Instance(c.client, s.exec)
	return s
}

// quoteRoundTrip prices amountIn of tkB through pool A then pool B.
func (s *arbSetup) quoteRoundTrip(amountIn *big.Int) (mid, out *big.Int) {
	a := s.amm
	rbA, raA := a.reserves(a.tkB.addr, a.tkA.addr)
	mid = amountOut(amountIn, rbA, raA)
	_, pairB := s.pairOnB()
	r := call(s.c.t, pairB, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	rA, rB := r.Reserve0, r.Reserve1
	if call(s.c.t, pairB, pairABI.PackToken0(), pairABI.UnpackToken0) != a.tkA.addr {
		rA, rB = rB, rA
	}
	return mid, amountOut(mid, rA, rB)
}

func (s *arbSetup) pairOnB() (common.Address, *bind.BoundContract) {
	f := call(s.c.t, s.routerBI, routerABI.PackFactory(), routerABI.UnpackFactory)
	addr := call(s.c.t, factoryABI.Instance(s.c.client, f), factoryABI.PackGetPair(s.tkA.addr, s.tkB.addr), factoryABI.UnpackGetPair)
	return addr, pairABI.Instance(s.c.client, addr)
}

func (s *arbSetup) arbitrage(amountIn, minProfit *big.Int, to common.Address) []byte {
	return execABI.PackArbitrage(s.tkB.addr, s.tkA.addr, s.router, s.routerB, amountIn, minProfit, to, s.deadline())
}

func (s *arbSetup) allowance(tk token, owner, spender common.Address) *big.Int {
	return call(s.c.t, tk.inst, tokenABI.PackAllowance(owner, spender), tokenABI.UnpackAllowance)
}

// revertError decodes a node's revert data into one of the executor's errors.
func revertError(t *testing.T, err error) any {
	t.Helper()
	var de rpc.DataError
	if !errors.As(err, &de) {
		t.Fatalf("want a revert, got %v", err)
	}
	s, _ := de.ErrorData().(string)
	data, derr := hexutil.Decode(s)
	if derr != nil {
		t.Fatalf("revert data %q: %v", s, derr)
	}
	v, uerr := execABI.UnpackError(data)
	if uerr != nil {
		t.Fatalf("revert %x is not an executor error: %v (%v)", data, uerr, err)
	}
	return v
}

func TestExecutorRoundTripPaysOwnerAndKeepsNothing(t *testing.T) {
	t.Parallel()
	s := deployArb(t)
	c := s.c
	owner := c.owner.From
	amountIn := big.NewInt(1_000e6)
	mid, out := s.quoteRoundTrip(amountIn)
	profit := new(big.Int).Sub(out, amountIn)
	if profit.Sign() <= 0 {
		t.Fatalf("setup: round trip returns %s for %s", out, amountIn)
	}
	if got := call(t, s.execI, execABI.PackOwner(), execABI.UnpackOwner); got != owner {
		t.Fatalf("owner = %s, want the deployer %s", got, owner)
	}
	inBefore, midBefore := c.tokenBalance(s.tkB, owner), c.tokenBalance(s.tkA, owner)

	c.send(c.owner, s.tkB.inst, tokenABI.PackApprove(s.exec, amountIn))
	rcpt := c.send(c.owner, s.execI, s.arbitrage(amountIn, profit, owner))

	eq(t, "owner's tkB change", new(big.Int).Sub(c.tokenBalance(s.tkB, owner), inBefore), profit)
	eq(t, "owner's tkA change", new(big.Int).Sub(c.tokenBalance(s.tkA, owner), midBefore), new(big.Int))
	for _, tk := range []token{s.tkA, s.tkB} {
		eq(t, "executor balance", c.tokenBalance(tk, s.exec), new(big.Int))
		eq(t, "executor's allowance to router A", s.allowance(tk, s.exec, s.router), new(big.Int))
		eq(t, "executor's allowance to router B", s.allowance(tk, s.exec, s.routerB), new(big.Int))
	}
	eq(t, "owner's allowance to the executor", s.allowance(s.tkB, owner, s.exec), new(big.Int))
	evs := events(t, rcpt, s.exec, execABI.UnpackArbitragedEvent)
	if len(evs) != 1 {
		t.Fatalf("%d Arbitraged events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.TokenIn != s.tkB.addr || ev.TokenOut != s.tkA.addr || ev.RouterA != s.router || ev.RouterB != s.routerB {
		t.Fatalf("event names %+v", ev)
	}
	eq(t, "event amountIn", ev.AmountIn, amountIn)
	eq(t, "event amountMid", ev.AmountMid, mid)
	eq(t, "event amountOut", ev.AmountOut, out)
}

func TestExecutorRefusesAnythingButItsOwnersRoundTrip(t *testing.T) {
	t.Parallel()
	s := deployArb(t)
	c := s.c
	owner := c.owner.From
	amountIn := big.NewInt(1_000e6)
	c.send(c.owner, s.tkB.inst, tokenABI.PackApprove(s.exec, amountIn))
	c.send(c.alice, s.tkB.inst, tokenABI.PackApprove(s.exec, amountIn))
	_, out := s.quoteRoundTrip(amountIn)
	profit := new(big.Int).Sub(out, amountIn)

	for _, tc := range []struct {
		name string
		from *bind.TransactOpts
		data []byte
		want func(any) bool
	}{
		{"a stranger calls", c.alice, s.arbitrage(amountIn, big.NewInt(0), c.alice.From), func(v any) bool {
			e, ok := v.(*ArbitrageExecutorNotOwner)
			return ok && e.Caller == c.alice.From
		}},
		{"proceeds to someone else", c.owner, s.arbitrage(amountIn, big.NewInt(0), c.alice.From), func(v any) bool {
			e, ok := v.(*ArbitrageExecutorRecipientNotOwner)
			return ok && e.To == c.alice.From
		}},
		{"one token both ways", c.owner, execABI.PackArbitrage(s.tkB.addr, s.tkB.addr, s.router, s.routerB, amountIn, big.NewInt(0), owner, s.deadline()), func(v any) bool {
			_, ok := v.(*ArbitrageExecutorSameToken)
			return ok
		}},
		{"profit one unit short", c.owner, s.arbitrage(amountIn, new(big.Int).Add(profit, big.NewInt(1)), owner), func(v any) bool {
			e, ok := v.(*ArbitrageExecutorUnprofitable)
			return ok && e.Returned.Cmp(out) == 0 && e.Required.Cmp(new(big.Int).Add(out, big.NewInt(1))) == 0
		}},
		{"the wrong way round loses", c.owner, execABI.PackArbitrage(s.tkB.addr, s.tkA.addr, s.routerB, s.router, amountIn, big.NewInt(0), owner, s.deadline()), func(v any) bool {
			e, ok := v.(*ArbitrageExecutorUnprofitable)
			return ok && e.Returned.Cmp(amountIn) < 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.c.with(t).transact(tc.from, s.execI, tc.data)
			if v := revertError(t, err); !tc.want(v) {
				t.Fatalf("reverted with %#v", v)
			}
		})
	}
	// Nothing moved: the approvals are still whole, the executor holds nothing.
	eq(t, "owner's allowance", s.allowance(s.tkB, owner, s.exec), amountIn)
	eq(t, "executor tkB", c.tokenBalance(s.tkB, s.exec), new(big.Int))
}

// A trade that moves pool B after the round trip was priced makes the whole
// transaction revert on chain: the owner keeps exactly what it had.
func TestExecutorFrontRunRevertsBothLegs(t *testing.T) {
	t.Parallel()
	s := deployArb(t)
	c := s.c
	owner := c.owner.From
	amountIn := big.NewInt(1_000e6)
	_, out := s.quoteRoundTrip(amountIn)
	profit := new(big.Int).Sub(out, amountIn)
	c.send(c.owner, s.tkB.inst, tokenABI.PackApprove(s.exec, amountIn))
	// Priced and signed now, sent after alice's sale of tkA on B is mined.
	opts := *c.owner
	opts.NoSend, opts.GasLimit = true, 1_000_000
	tx, err := bind.Transact(s.execI, &opts, s.arbitrage(amountIn, profit, owner))
	if err != nil {
		t.Fatal(err)
	}
	inBefore, midBefore := c.tokenBalance(s.tkB, owner), c.tokenBalance(s.tkA, owner)
	c.send(c.alice, s.routerBI, routerABI.PackSwapExactTokensForTokens(ether(5), big.NewInt(0),
		[]common.Address{s.tkA.addr, s.tkB.addr}, c.alice.From, s.deadline()))
	if err := c.client.SendTransaction(t.Context(), tx); err != nil {
		t.Fatal(err)
	}
	c.backend.Commit()
	rcpt, err := c.client.TransactionReceipt(t.Context(), tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if rcpt.Status != 0 {
		t.Fatal("the round trip succeeded after pool B moved against it")
	}
	eq(t, "owner's tkB", c.tokenBalance(s.tkB, owner), inBefore)
	eq(t, "owner's tkA", c.tokenBalance(s.tkA, owner), midBefore)
}
