package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var fotABI = NewFeeOnTransferToken()

// afterFee is what arrives of v sent in a FeeOnTransferToken (1% is burnt).
func afterFee(v *big.Int) *big.Int {
	fee := new(big.Int).Quo(new(big.Int).Mul(v, big.NewInt(100)), big.NewInt(10_000))
	return fee.Sub(v, fee)
}

func TestFeeOnTransferTokens(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	c, owner, alice := x.c, x.c.owner, x.c.alice
	fotAddr := c.deploy(FeeOnTransferTokenMetaData.Bin, fotABI.PackConstructor(owner.From))
	fot := token{addr: fotAddr, inst: fotABI.Instance(c.client, fotAddr)}
	for _, u := range []common.Address{owner.From, alice.From} {
		c.send(owner, fot.inst, fotABI.PackMint(u, ether(1_000_000)))
	}
	c.send(owner, fot.inst, fotABI.PackApprove(x.router, maxUint256))
	c.send(alice, fot.inst, fotABI.PackApprove(x.router, maxUint256))
	c.send(withValue(owner, ether(100)), x.routerI, routerABI.PackAddLiquidityETH(fotAddr, ether(100_000), big.NewInt(0), big.NewInt(0), owner.From, x.deadline()))
	toETH := []common.Address{fotAddr, x.weth}
	zero := big.NewInt(0)

	// The plain variants precompute amounts and so trip the K check.
	c.reverts(alice, x.routerI, routerABI.PackSwapExactTokensForETH(ether(10), zero, toETH, alice.From, x.deadline()), "UniswapV2: K")

	t.Run("tokens for ETH", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		in := ether(10)
		rF, rW := x.reserves(fotAddr, x.weth)
		out := amountOut(afterFee(in), rF, rW)
		c.reverts(alice, x.routerI, routerABI.PackSwapExactTokensForETHSupportingFeeOnTransferTokens(in, new(big.Int).Add(out, big.NewInt(1)), toETH, alice.From, x.deadline()),
			"UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT")
		before := c.balance(alice.From)
		rcpt := c.send(alice, x.routerI, routerABI.PackSwapExactTokensForETHSupportingFeeOnTransferTokens(in, out, toETH, alice.From, x.deadline()))
		eq(t, "ETH received", c.ethDelta(alice.From, before, rcpt), out)
	})

	t.Run("tokens for tokens", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		in := ether(7)
		rF, rW := x.reserves(fotAddr, x.weth)
		out := amountOut(afterFee(in), rF, rW)
		c.send(alice, x.routerI, routerABI.PackSwapExactTokensForTokensSupportingFeeOnTransferTokens(in, out, toETH, alice.From, x.deadline()))
		eq(t, "WETH received", call(t, x.wethI, wethABI.PackBalanceOf(alice.From), wethABI.UnpackBalanceOf), out)
	})

	t.Run("ETH for tokens", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		rW, rF := x.reserves(x.weth, fotAddr)
		out := amountOut(ether(1), rW, rF)
		before := c.tokenBalance(fot, alice.From)
		c.send(withValue(alice, ether(1)), x.routerI, routerABI.PackSwapExactETHForTokensSupportingFeeOnTransferTokens(afterFee(out), []common.Address{x.weth, fotAddr}, alice.From, x.deadline()))
		eq(t, "FOT received", new(big.Int).Sub(c.tokenBalance(fot, alice.From), before), afterFee(out))
	})

	t.Run("remove liquidity", func(t *testing.T) {
		x := x.with(t)
		c := x.c
		_, pair := x.pair(fotAddr, x.weth)
		lp := new(big.Int).Rsh(x.lpBalance(pair, owner.From), 2)
		c.send(owner, pair, pairABI.PackApprove(x.router, maxUint256))
		// The plain variant forwards the amount the pair sent, which never arrived in full.
		c.reverts(owner, x.routerI, routerABI.PackRemoveLiquidityETH(fotAddr, lp, zero, zero, owner.From, x.deadline()), "TransferHelper: TRANSFER_FAILED")

		supply := call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply)
		rF, rW := x.reserves(fotAddr, x.weth)
		tokenOut := new(big.Int).Quo(new(big.Int).Mul(lp, rF), supply)
		ethOut := new(big.Int).Quo(new(big.Int).Mul(lp, rW), supply)
		beforeETH, beforeF := c.balance(owner.From), c.tokenBalance(fot, owner.From)
		rcpt := c.send(owner, x.routerI, routerABI.PackRemoveLiquidityETHSupportingFeeOnTransferTokens(fotAddr, lp, zero, ethOut, owner.From, x.deadline()))
		eq(t, "ETH received", c.ethDelta(owner.From, beforeETH, rcpt), ethOut)
		// Two transfers, pair -> router -> owner, each burn 1%.
		eq(t, "FOT received", new(big.Int).Sub(c.tokenBalance(fot, owner.From), beforeF), afterFee(afterFee(tokenOut)))
		eq(t, "router keeps nothing", c.tokenBalance(fot, x.router), zero)

		pairAddr := pair.Address()
		// The same through a permit, with the allowance withdrawn first.
		c.send(owner, pair, pairABI.PackApprove(x.router, zero))
		deadline := x.deadline()
		s := c.signPermit(owner.From, pairAddr, owner.From, x.router, lp, call(t, pair, pairABI.PackNonces(owner.From), pairABI.UnpackNonces), deadline)
		beforeETH = c.balance(owner.From)
		rcpt = c.send(owner, x.routerI, routerABI.PackRemoveLiquidityETHWithPermitSupportingFeeOnTransferTokens(fotAddr, lp, zero, zero, owner.From, deadline, false, s.v, s.r, s.s))
		if c.ethDelta(owner.From, beforeETH, rcpt).Sign() <= 0 {
			t.Fatal("removeLiquidityETHWithPermitSupportingFeeOnTransferTokens paid no ETH")
		}
	})
}
