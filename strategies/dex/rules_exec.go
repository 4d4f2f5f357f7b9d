package dex

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// checkExec applies the executor rule to call i, executor.arbitrage(
// tokenIn, tokenOut, routerA, routerB, amountIn, minProfit, to, deadline):
// the agent's own executor; both routers allowed contracts (and not
// executors); both tokens allowed and different; proceeds to the agent;
// amountIn within the per-trade caps and counted against the daily ones; an
// exact approval of amountIn to the executor before it; and the least the
// executor must return, amountIn + minProfit, within the slippage limit of
// the simulated return. The contract itself reverts below that least, so
// the round trip cannot lose tokenIn.
func (pc *planCheck) checkExec(i int, c strategies.Call, sim *strategies.CallSim) {
	j := pc.j
	method, args, _, err := unpackCall(c)
	if err != nil {
		j.Deny("call %d: %v", i, err)
		return
	}
	tokenIn, tokenOut := args[0].(common.Address), args[1].(common.Address)
	routerA, routerB := args[2].(common.Address), args[3].(common.Address)
	amountIn, minProfit := args[4].(*big.Int), args[5].(*big.Int)
	to := args[6].(common.Address)
	if !pc.r.Executors[c.To] {
		j.Deny("call %d: %s on %s, which is not the agent's own executor", i, method, c.To.Hex())
	}
	for _, r := range []common.Address{routerA, routerB} {
		if !j.ContractAllowed(r) || pc.r.Executors[r] {
			j.Deny("call %d: the executor would swap on %s, which is not an allowed router", i, r.Hex())
		}
	}
	if routerA == routerB {
		j.Deny("call %d: both legs on one router %s: that is no arbitrage", i, routerA.Hex())
	}
	for _, t := range []common.Address{tokenIn, tokenOut} {
		if !j.TokenAllowed(t) {
			j.Deny("call %d: the executor would trade %s, which is not an allowed token", i, t.Hex())
		}
	}
	if tokenIn == tokenOut {
		j.Deny("call %d: the executor would trade %s for itself", i, j.Symbol(tokenIn))
	}
	if to != j.Agent() {
		j.Deny("call %d: the executor pays %s, not the agent's wallet %s", i, to.Hex(), j.Agent().Hex())
	}
	if amountIn.Sign() <= 0 {
		j.Deny("call %d: round trip amount %s is not positive", i, amountIn)
		return
	}
	j.Spend(strategies.Spend{Call: i, What: "round trip", Approval: "an exact approval to the executor",
		Spender: c.To, Token: tokenIn, Amount: amountIn})
	if sim == nil || !sim.OK {
		return // a failed simulation is denied already
	}
	out, err := execABIv.Methods[ExecutorMethod].Outputs.Unpack(sim.Return)
	if err != nil || len(out) != 1 {
		j.Deny("call %d: simulated round trip returned no amount", i)
		return
	}
	simOut := out[0].(*big.Int)
	least := new(big.Int).Add(amountIn, minProfit)
	floor := new(big.Int).Mul(simOut, big.NewInt(10_000-j.SlippageBps()))
	floor.Div(floor, big.NewInt(10_000))
	if least.Cmp(floor) < 0 {
		j.Deny("call %d: the round trip may return as little as %s, more than %d bps below the simulated %s", i,
			j.Amount(tokenIn, least), j.SlippageBps(), j.Amount(tokenIn, simOut))
	}
}

// v3Swaps are the SwapRouter02 swap methods the policy allows inside
// multicall(deadline, ...). exactOutput (a path paid backwards) is left
// out: no strategy plans it, and a rule nobody exercises is a rule nobody
// has checked.
var v3Swaps = map[string]bool{"exactInputSingle": true, "exactInput": true, "exactOutputSingle": true}

// checkV3 applies the SwapRouter02 rule to call i, multicall(deadline,
// [swap]) read only through DecodeSwapRouter02: the router an allowed
// contract (never an executor); one swap per call, so its settlement can
// tell what moved; a deadline; the agent as payee (address(1), the
// caller, counts as the agent; address(2), the router, does not); every
// path token allowed; the amount in (an exact output's amountInMaximum)
// within the per-trade caps, counted against the daily ones and covered by
// an exact approval to the router before it; and the limit within the
// slippage bound of the simulated result: amountOutMinimum at most
// MaxSlippageBps below the simulated output, or amountInMaximum at most
// MaxSlippageBps above the simulated input.
func (pc *planCheck) checkV3(i int, c strategies.Call, sim *strategies.CallSim) {
	j := pc.j
	swaps, err := DecodeSwapRouter02(c.Data)
	if err != nil {
		j.Deny("call %d: %v", i, err)
		return
	}
	if !j.ContractAllowed(c.To) || pc.r.Executors[c.To] {
		j.Deny("call %d: swap on %s, which is not an allowed contract", i, c.To.Hex())
	}
	if len(swaps) != 1 {
		j.Deny("call %d: SwapRouter02 multicall holds %d swaps; the policy allows one per call", i, len(swaps))
		return
	}
	s := swaps[0]
	if !v3Swaps[s.Method] {
		j.Deny("call %d: SwapRouter02 %s is not a swap the policy allows (exactInputSingle, exactInput, exactOutputSingle)", i, s.Method)
		return
	}
	if s.Deadline == nil || s.Deadline.Sign() <= 0 {
		j.Deny("call %d: SwapRouter02 swap without a deadline: wrap it in multicall(deadline, ...)", i)
	}
	if payee := s.Payee(j.Agent(), c.To); payee != j.Agent() {
		j.Deny("call %d: swap pays %s, not the agent's wallet %s", i, payee.Hex(), j.Agent().Hex())
	}
	for _, t := range s.Path.Tokens {
		if !j.TokenAllowed(t) {
			j.Deny("call %d: swap path uses %s, which is not an allowed token", i, t.Hex())
		}
	}
	amountIn := s.AmountIn
	if amountIn.Sign() <= 0 {
		j.Deny("call %d: swap amount %s is not positive", i, amountIn)
		return
	}
	j.Spend(strategies.Spend{Call: i, What: "swap", Spender: c.To, Token: s.TokenIn, Amount: amountIn})
	if sim == nil || !sim.OK {
		return // denied above: not simulated, or it fails
	}
	amounts, err := V3MulticallResults(sim.Return)
	if err != nil || len(amounts) != 1 {
		j.Deny("call %d: simulated swap returned no amounts", i)
		return
	}
	simulated := amounts[0]
	if s.ExactOutput {
		ceil := new(big.Int).Mul(simulated, big.NewInt(10_000+j.SlippageBps()))
		ceil.Div(ceil, big.NewInt(10_000))
		if s.AmountIn.Cmp(ceil) > 0 {
			j.Deny("call %d: amountInMaximum %s allows more than %d bps slippage above the simulated %s", i,
				j.Amount(s.TokenIn, s.AmountIn), j.SlippageBps(), j.Amount(s.TokenIn, simulated))
		}
		return
	}
	floor := new(big.Int).Mul(simulated, big.NewInt(10_000-j.SlippageBps()))
	floor.Div(floor, big.NewInt(10_000))
	if s.AmountOut.Cmp(floor) < 0 {
		j.Deny("call %d: minOut %s allows more than %d bps slippage from the simulated %s", i,
			j.Amount(s.TokenOut, s.AmountOut), j.SlippageBps(), j.Amount(s.TokenOut, simulated))
	}
}
