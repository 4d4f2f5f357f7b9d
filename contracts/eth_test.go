package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ethDelta is how much ETH who gained through rcpt, excluding the gas paid.
func (c *chain) ethDelta(who common.Address, before *big.Int, rcpt *types.Receipt) *big.Int {
	c.t.Helper()
	d := new(big.Int).Sub(c.balance(who), before)
	return d.Add(d, gasCost(rcpt))
}

func TestRouterETHPaths(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	alice := x.c.alice
	toB := []common.Address{x.weth, x.tkB.addr}
	toETH := []common.Address{x.tkB.addr, x.weth}
	neg := func(v *big.Int) *big.Int { return new(big.Int).Neg(v) }

	t.Run("addLiquidityETH refunds unused ETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rB, rW := x.reserves(x.tkB.addr, x.weth)
		tokens := big.NewInt(2_000e6)
		needETH := new(big.Int).Quo(new(big.Int).Mul(tokens, rW), rB) // quote at the pool's ratio
		before := c.balance(alice.From)
		rcpt := c.send(withValue(alice, ether(5)), x.routerI, routerABI.PackAddLiquidityETH(
			x.tkB.addr, tokens, tokens, needETH, alice.From, x.deadline()))
		eq(t, "ETH paid", c.ethDelta(alice.From, before, rcpt), neg(needETH))
		newB, newW := x.reserves(x.tkB.addr, x.weth)
		eq(t, "B reserve", newB, new(big.Int).Add(rB, tokens))
		eq(t, "WETH reserve", newW, new(big.Int).Add(rW, needETH))
	})

	t.Run("swapExactETHForTokens", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rW, rB := x.reserves(x.weth, x.tkB.addr)
		in := ether(1)
		out := amountOut(in, rW, rB)
		before, beforeB := c.balance(alice.From), c.tokenBalance(x.tkB, alice.From)
		rcpt := c.send(withValue(alice, in), x.routerI, routerABI.PackSwapExactETHForTokens(out, toB, alice.From, x.deadline()))
		eq(t, "ETH paid", c.ethDelta(alice.From, before, rcpt), neg(in))
		eq(t, "B received", new(big.Int).Sub(c.tokenBalance(x.tkB, alice.From), beforeB), out)
	})

	t.Run("swapETHForExactTokens refunds unused ETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rW, rB := x.reserves(x.weth, x.tkB.addr)
		out := big.NewInt(1_000e6)
		cost := amountIn(out, rW, rB)
		before, beforeB := c.balance(alice.From), c.tokenBalance(x.tkB, alice.From)
		rcpt := c.send(withValue(alice, ether(10)), x.routerI, routerABI.PackSwapETHForExactTokens(out, toB, alice.From, x.deadline()))
		eq(t, "ETH paid", c.ethDelta(alice.From, before, rcpt), neg(cost))
		eq(t, "B received", new(big.Int).Sub(c.tokenBalance(x.tkB, alice.From), beforeB), out)
		c.reverts(withValue(alice, new(big.Int).Sub(cost, big.NewInt(1))), x.routerI,
			routerABI.PackSwapETHForExactTokens(out, toB, alice.From, x.deadline()), "UniswapV2Router: EXCESSIVE_INPUT_AMOUNT")
	})

	t.Run("swapExactTokensForETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rB, rW := x.reserves(x.tkB.addr, x.weth)
		in := big.NewInt(3_000e6)
		out := amountOut(in, rB, rW)
		before := c.balance(alice.From)
		rcpt := c.send(alice, x.routerI, routerABI.PackSwapExactTokensForETH(in, out, toETH, alice.From, x.deadline()))
		eq(t, "ETH received", c.ethDelta(alice.From, before, rcpt), out)
	})

	t.Run("swapTokensForExactETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rB, rW := x.reserves(x.tkB.addr, x.weth)
		out := new(big.Int).Quo(ether(1), big.NewInt(2))
		cost := amountIn(out, rB, rW)
		before, beforeB := c.balance(alice.From), c.tokenBalance(x.tkB, alice.From)
		rcpt := c.send(alice, x.routerI, routerABI.PackSwapTokensForExactETH(out, cost, toETH, alice.From, x.deadline()))
		eq(t, "ETH received", c.ethDelta(alice.From, before, rcpt), out)
		eq(t, "B paid", new(big.Int).Sub(beforeB, c.tokenBalance(x.tkB, alice.From)), cost)
	})

	t.Run("removeLiquidityETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		pairAddr, pair := x.pair(x.tkB.addr, x.weth)
		lp := x.lpBalance(pair, alice.From)
		if lp.Sign() == 0 {
			t.Fatal("alice has no LP tokens from addLiquidityETH")
		}
		c.send(alice, pair, pairABI.PackApprove(x.router, lp))
		supply := call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply)
		rB, rW := x.reserves(x.tkB.addr, x.weth)
		wantB := new(big.Int).Quo(new(big.Int).Mul(lp, rB), supply)
		wantETH := new(big.Int).Quo(new(big.Int).Mul(lp, rW), supply)
		before, beforeB := c.balance(alice.From), c.tokenBalance(x.tkB, alice.From)
		rcpt := c.send(alice, x.routerI, routerABI.PackRemoveLiquidityETH(x.tkB.addr, lp, wantB, wantETH, alice.From, x.deadline()))
		eq(t, "ETH received", c.ethDelta(alice.From, before, rcpt), wantETH)
		eq(t, "B received", new(big.Int).Sub(c.tokenBalance(x.tkB, alice.From), beforeB), wantB)
		eq(t, "LP left", x.lpBalance(pair, alice.From), big.NewInt(0))
		if burns := events(t, rcpt, pairAddr, pairABI.UnpackBurnEvent); len(burns) != 1 || burns[0].To != x.router {
			t.Fatalf("Burn events %+v, want one paying the router (which unwraps)", burns)
		}
	})

	t.Run("paths must use WETH on the ETH side", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		c.reverts(withValue(alice, ether(1)), x.routerI, routerABI.PackSwapExactETHForTokens(big.NewInt(0), toETH, alice.From, x.deadline()), "UniswapV2Router: INVALID_PATH")
		c.reverts(withValue(alice, ether(1)), x.routerI, routerABI.PackSwapETHForExactTokens(big.NewInt(1), toETH, alice.From, x.deadline()), "UniswapV2Router: INVALID_PATH")
		c.reverts(alice, x.routerI, routerABI.PackSwapExactTokensForETH(big.NewInt(1), big.NewInt(0), toB, alice.From, x.deadline()), "UniswapV2Router: INVALID_PATH")
		c.reverts(alice, x.routerI, routerABI.PackSwapTokensForExactETH(big.NewInt(1), big.NewInt(1), toB, alice.From, x.deadline()), "UniswapV2Router: INVALID_PATH")
	})

	t.Run("router takes ETH only from WETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		c.reverts(withValue(alice, big.NewInt(1)), x.routerI, nil, "UniswapV2Router: ETH_ONLY_FROM_WETH")
	})

	// Nothing may stay behind in the router.
	c := x.c
	eq(t, "router ETH", c.balance(x.router), big.NewInt(0))
	eq(t, "router WETH", call(t, x.wethI, wethABI.PackBalanceOf(x.router), wethABI.UnpackBalanceOf), big.NewInt(0))
}
