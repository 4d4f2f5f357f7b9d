package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var (
	maxUint112 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 112), big.NewInt(1))
	e18        = big.NewInt(1e18)
)

func TestRouterGetAmountOutFormula(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	for _, tc := range []struct {
		name           string
		in, rIn, rOut  *big.Int
		wantRevertText string
	}{
		{name: "1 wei into 1/1", in: big.NewInt(1), rIn: big.NewInt(1), rOut: big.NewInt(1)},
		{name: "1 wei into deep pool", in: big.NewInt(1), rIn: e18, rOut: e18},
		{name: "1 wei into lopsided pool", in: big.NewInt(1), rIn: big.NewInt(1), rOut: e18},
		{name: "18 vs 6 decimals", in: e18, rIn: ether(1_000_000), rOut: big.NewInt(2_000_000_000_000)},
		{name: "odd numbers", in: big.NewInt(123456789), rIn: big.NewInt(987654321), rOut: big.NewInt(555)},
		{name: "uint112 max everywhere", in: maxUint112, rIn: maxUint112, rOut: maxUint112},
		{name: "huge input", in: new(big.Int).Exp(big.NewInt(10), big.NewInt(39), nil), rIn: ether(1), rOut: maxUint112},
		{name: "zero input", in: big.NewInt(0), rIn: e18, rOut: e18, wantRevertText: "UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT"},
		{name: "empty reserve", in: big.NewInt(1), rIn: big.NewInt(0), rOut: e18, wantRevertText: "UniswapV2Library: INSUFFICIENT_LIQUIDITY"},
		{name: "overflow", in: new(big.Int).Lsh(big.NewInt(1), 250), rIn: e18, rOut: e18, wantRevertText: "arithmetic underflow or overflow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := callRouter(x, routerABI.PackGetAmountOut(tc.in, tc.rIn, tc.rOut), routerABI.UnpackGetAmountOut)
			if tc.wantRevertText != "" {
				if err == nil || revertReason(err) != tc.wantRevertText {
					t.Fatalf("getAmountOut = %v, %v; want revert %q", got, err, tc.wantRevertText)
				}
				return
			}
			if err != nil {
				t.Fatal(revertReason(err))
			}
			eq(t, "getAmountOut", got, amountOut(tc.in, tc.rIn, tc.rOut))
		})
	}
}

func TestRouterGetAmountInFormula(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	for _, tc := range []struct {
		name           string
		out, rIn, rOut *big.Int
		wantRevertText string
	}{
		{name: "1 wei out", out: big.NewInt(1), rIn: e18, rOut: e18},
		{name: "all but 1 wei", out: new(big.Int).Sub(e18, big.NewInt(1)), rIn: e18, rOut: e18},
		{name: "18 vs 6 decimals", out: big.NewInt(1_000_000), rIn: ether(1_000_000), rOut: big.NewInt(2_000_000_000_000)},
		{name: "uint112 max reserves", out: new(big.Int).Rsh(maxUint112, 1), rIn: maxUint112, rOut: maxUint112},
		{name: "whole reserve", out: e18, rIn: e18, rOut: e18, wantRevertText: "UniswapV2Library: INSUFFICIENT_LIQUIDITY"},
		{name: "zero output", out: big.NewInt(0), rIn: e18, rOut: e18, wantRevertText: "UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := callRouter(x, routerABI.PackGetAmountIn(tc.out, tc.rIn, tc.rOut), routerABI.UnpackGetAmountIn)
			if tc.wantRevertText != "" {
				if err == nil || revertReason(err) != tc.wantRevertText {
					t.Fatalf("getAmountIn = %v, %v; want revert %q", got, err, tc.wantRevertText)
				}
				return
			}
			if err != nil {
				t.Fatal(revertReason(err))
			}
			eq(t, "getAmountIn", got, amountIn(tc.out, tc.rIn, tc.rOut))
			// Paying that much must buy at least the requested output.
			if back := amountOut(got, tc.rIn, tc.rOut); back.Cmp(tc.out) < 0 {
				t.Fatalf("getAmountOut(getAmountIn(%s)) = %s, less than asked", tc.out, back)
			}
		})
	}
}

func callRouter[T any](x *amm, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bindCall(x.routerI, data, unpack)
}

// seedPools creates A/B (1M A : 2M B) and B/WETH (2M B : 1000 ETH) for the owner.
func (x *amm) seedPools() {
	x.c.t.Helper()
	x.addLiquidity(x.c.owner, x.tkA, x.tkB, ether(1_000_000), big.NewInt(2_000_000e6))
	x.c.send(withValue(x.c.owner, ether(1000)), x.routerI, routerABI.PackAddLiquidityETH(
		x.tkB.addr, big.NewInt(2_000_000e6), big.NewInt(0), big.NewInt(0), x.c.owner.From, x.deadline()))
}

func TestGetAmountsOutMatchesFormula(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	rB2, rW := x.reserves(x.tkB.addr, x.weth)
	direct := []common.Address{x.tkA.addr, x.tkB.addr}
	twoHop := []common.Address{x.tkA.addr, x.tkB.addr, x.weth}

	for _, in := range bigs("1", "1000", "1000000", "1000000000000000000", "123456789012345678901",
		"1000000000000000000000000", "1000000000000000000000000000000", "1000000000000000000000000000000000000000000000") {
		got := call(t, x.routerI, routerABI.PackGetAmountsOut(in, direct), routerABI.UnpackGetAmountsOut)
		want := amountOut(in, rA, rB)
		if len(got) != 2 || got[0].Cmp(in) != 0 || got[1].Cmp(want) != 0 {
			t.Errorf("getAmountsOut(%s, A->B) = %v, want [%s %s]", in, got, in, want)
		}
		if want.Sign() == 0 {
			// Too little for the first hop to yield anything: the second hop has no input.
			_, err := callRouter(x, routerABI.PackGetAmountsOut(in, twoHop), routerABI.UnpackGetAmountsOut)
			if err == nil || revertReason(err) != "UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT" {
				t.Errorf("getAmountsOut(%s, A->B->WETH) error %v, want INSUFFICIENT_INPUT_AMOUNT", in, err)
			}
			continue
		}
		got = call(t, x.routerI, routerABI.PackGetAmountsOut(in, twoHop), routerABI.UnpackGetAmountsOut)
		if hop2 := amountOut(want, rB2, rW); len(got) != 3 || got[1].Cmp(want) != 0 || got[2].Cmp(hop2) != 0 {
			t.Errorf("getAmountsOut(%s, A->B->WETH) = %v, want [%s %s %s]", in, got, in, want, hop2)
		}
	}
	for _, out := range bigs("1", "1000000", "1000000000000", "1999999999999") {
		got := call(t, x.routerI, routerABI.PackGetAmountsIn(out, direct), routerABI.UnpackGetAmountsIn)
		if want := amountIn(out, rA, rB); len(got) != 2 || got[0].Cmp(want) != 0 || got[1].Cmp(out) != 0 {
			t.Errorf("getAmountsIn(%s, A->B) = %v, want [%s %s]", out, got, want, out)
		}
	}

	other := x.c.deployToken("No Pool", "NOP", 18)
	for _, tc := range []struct {
		name string
		path []common.Address
		want string
	}{
		{"one-token path", []common.Address{x.tkA.addr}, "UniswapV2Library: INVALID_PATH"},
		{"no such pair", []common.Address{x.tkA.addr, other.addr}, "UniswapV2Library: PAIR_NOT_FOUND"},
		{"same token twice", []common.Address{x.tkA.addr, x.tkA.addr}, "UniswapV2Library: IDENTICAL_ADDRESSES"},
	} {
		_, err := callRouter(x, routerABI.PackGetAmountsOut(e18, tc.path), routerABI.UnpackGetAmountsOut)
		if err == nil || revertReason(err) != tc.want {
			t.Errorf("%s: getAmountsOut error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestSwapExactTokensForTokens(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c := x.c
	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	in := ether(1234)
	quote := amountOut(in, rA, rB)
	path := []common.Address{x.tkA.addr, x.tkB.addr}

	// One wei more than the quote is more than the pool can give.
	c.reverts(c.alice, x.routerI, routerABI.PackSwapExactTokensForTokens(in, new(big.Int).Add(quote, big.NewInt(1)), path, c.alice.From, x.deadline()),
		"UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT")

	balA, balB := c.tokenBalance(x.tkA, c.alice.From), c.tokenBalance(x.tkB, c.alice.From)
	rcpt := c.send(c.alice, x.routerI, routerABI.PackSwapExactTokensForTokens(in, quote, path, c.alice.From, x.deadline()))

	newA, newB := x.reserves(x.tkA.addr, x.tkB.addr)
	eq(t, "reserve A", newA, new(big.Int).Add(rA, in))
	eq(t, "reserve B", newB, new(big.Int).Sub(rB, quote))
	eq(t, "alice A", c.tokenBalance(x.tkA, c.alice.From), new(big.Int).Sub(balA, in))
	eq(t, "alice B", c.tokenBalance(x.tkB, c.alice.From), new(big.Int).Add(balB, quote))

	pairAddr, _ := x.pair(x.tkA.addr, x.tkB.addr)
	swaps := events(t, rcpt, pairAddr, pairABI.UnpackSwapEvent)
	syncs := events(t, rcpt, pairAddr, pairABI.UnpackSyncEvent)
	if len(swaps) != 1 || len(syncs) != 1 {
		t.Fatalf("got %d Swap and %d Sync events, want 1 each", len(swaps), len(syncs))
	}
	sw, sy := swaps[0], syncs[0]
	if sw.Sender != x.router || sw.To != c.alice.From {
		t.Fatalf("Swap sender/to = %s/%s, want router/alice", sw.Sender, sw.To)
	}
	inA, outB, syncA, syncB := sw.Amount0In, sw.Amount1Out, sy.Reserve0, sy.Reserve1
	zeroIn, zeroOut := sw.Amount1In, sw.Amount0Out
	if x.tkA.addr != sortedFirst(x.tkA.addr, x.tkB.addr) {
		inA, outB, syncA, syncB = sw.Amount1In, sw.Amount0Out, sy.Reserve1, sy.Reserve0
		zeroIn, zeroOut = sw.Amount0In, sw.Amount1Out
	}
	eq(t, "Swap amountIn", inA, in)
	eq(t, "Swap amountOut", outB, quote)
	eq(t, "Swap other in", zeroIn, big.NewInt(0))
	eq(t, "Swap other out", zeroOut, big.NewInt(0))
	eq(t, "Sync reserve A", syncA, newA)
	eq(t, "Sync reserve B", syncB, newB)
}

func sortedFirst(a, b common.Address) common.Address {
	if a.Cmp(b) < 0 {
		return a
	}
	return b
}

func TestSwapTokensForExactTokensMultiHop(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c := x.c
	path := []common.Address{x.tkA.addr, x.tkB.addr, x.weth}
	want := ether(3) // WETH out of the second hop
	amounts := call(t, x.routerI, routerABI.PackGetAmountsIn(want, path), routerABI.UnpackGetAmountsIn)
	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	rB2, rW := x.reserves(x.tkB.addr, x.weth)
	midB := amountIn(want, rB2, rW)
	eq(t, "middle amount", amounts[1], midB)
	eq(t, "input amount", amounts[0], amountIn(midB, rA, rB))

	c.reverts(c.alice, x.routerI, routerABI.PackSwapTokensForExactTokens(want, new(big.Int).Sub(amounts[0], big.NewInt(1)), path, c.alice.From, x.deadline()),
		"UniswapV2Router: EXCESSIVE_INPUT_AMOUNT")
	balA := c.tokenBalance(x.tkA, c.alice.From)
	c.send(c.alice, x.routerI, routerABI.PackSwapTokensForExactTokens(want, amounts[0], path, c.alice.From, x.deadline()))

	eq(t, "alice A spent", new(big.Int).Sub(balA, c.tokenBalance(x.tkA, c.alice.From)), amounts[0])
	eq(t, "alice WETH", call(t, x.wethI, wethABI.PackBalanceOf(c.alice.From), wethABI.UnpackBalanceOf), want)
	newB2, newW := x.reserves(x.tkB.addr, x.weth)
	eq(t, "B reserve of second pool", newB2, new(big.Int).Add(rB2, midB))
	eq(t, "WETH reserve", newW, new(big.Int).Sub(rW, want))
}

func TestRouterRejectsExpiredDeadline(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c := x.c
	past := new(big.Int).SetUint64(c.now() - 1)
	ab := []common.Address{x.tkA.addr, x.tkB.addr}
	bw := []common.Address{x.tkB.addr, x.weth}
	wb := []common.Address{x.weth, x.tkB.addr}
	one, zero := big.NewInt(1_000_000), big.NewInt(0)
	for name, data := range map[string][]byte{
		"addLiquidity":             routerABI.PackAddLiquidity(x.tkA.addr, x.tkB.addr, e18, one, zero, zero, c.owner.From, past),
		"removeLiquidity":          routerABI.PackRemoveLiquidity(x.tkA.addr, x.tkB.addr, one, zero, zero, c.owner.From, past),
		"removeLiquidityETH":       routerABI.PackRemoveLiquidityETH(x.tkB.addr, one, zero, zero, c.owner.From, past),
		"swapExactTokensForTokens": routerABI.PackSwapExactTokensForTokens(e18, zero, ab, c.owner.From, past),
		"swapTokensForExactTokens": routerABI.PackSwapTokensForExactTokens(one, e18, ab, c.owner.From, past),
		"swapExactTokensForETH":    routerABI.PackSwapExactTokensForETH(one, zero, bw, c.owner.From, past),
		"swapTokensForExactETH":    routerABI.PackSwapTokensForExactETH(one, e18, bw, c.owner.From, past),
	} {
		t.Run(name, func(t *testing.T) {
			c.with(t).reverts(c.owner, x.routerI, data, "UniswapV2Router: EXPIRED")
		})
	}
	for name, data := range map[string][]byte{
		"addLiquidityETH":       routerABI.PackAddLiquidityETH(x.tkB.addr, one, zero, zero, c.owner.From, past),
		"swapExactETHForTokens": routerABI.PackSwapExactETHForTokens(zero, wb, c.owner.From, past),
		"swapETHForExactTokens": routerABI.PackSwapETHForExactTokens(one, wb, c.owner.From, past),
	} {
		t.Run(name, func(t *testing.T) {
			c.with(t).reverts(withValue(c.owner, e18), x.routerI, data, "UniswapV2Router: EXPIRED")
		})
	}
}
