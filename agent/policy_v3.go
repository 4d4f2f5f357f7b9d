package agent

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
)

// v3Swaps are the SwapRouter02 swap methods the policy allows inside
// multicall(deadline, ...). exactOutput (a path paid backwards) is left
// out: no strategy plans it, and a rule nobody exercises is a rule nobody
// has checked.
var v3Swaps = map[string]bool{"exactInputSingle": true, "exactInput": true, "exactOutputSingle": true}

// checkV3 applies the SwapRouter02 rule to call i, multicall(deadline,
// [swap]) read only through dex.DecodeSwapRouter02: the router an allowed
// contract (never an executor); one swap per call, so its settlement can
// tell what moved; a deadline; the agent as payee (address(1), the
// caller, counts as the agent; address(2), the router, does not); every
// path token allowed; the amount in (an exact output's amountInMaximum)
// within the per-trade caps, counted against the daily ones and covered by
// an exact approval to the router before it; and the limit within the
// slippage bound of the simulated result: amountOutMinimum at most
// MaxSlippageBps below the simulated output, or amountInMaximum at most
// MaxSlippageBps above the simulated input.
func (p *Policy) checkV3(i int, c strategies.Call, sim *CallSim, in CheckInput,
	approved map[[2]common.Address]*big.Int, spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	swaps, err := dex.DecodeSwapRouter02(c.Data)
	if err != nil {
		deny("call %d: %v", i, err)
		return
	}
	if _, ok := p.AllowedContracts[c.To]; !ok || p.Executors[c.To] {
		deny("call %d: swap on %s, which is not an allowed contract", i, c.To.Hex())
	}
	if len(swaps) != 1 {
		deny("call %d: SwapRouter02 multicall holds %d swaps; the policy allows one per call", i, len(swaps))
		return
	}
	s := swaps[0]
	if !v3Swaps[s.Method] {
		deny("call %d: SwapRouter02 %s is not a swap the policy allows (exactInputSingle, exactInput, exactOutputSingle)", i, s.Method)
		return
	}
	if s.Deadline == nil || s.Deadline.Sign() <= 0 {
		deny("call %d: SwapRouter02 swap without a deadline: wrap it in multicall(deadline, ...)", i)
	}
	if payee := s.Payee(in.Agent, c.To); payee != in.Agent {
		deny("call %d: swap pays %s, not the agent's wallet %s", i, payee.Hex(), in.Agent.Hex())
	}
	for _, t := range s.Path.Tokens {
		if _, ok := p.AllowedTokens[t]; !ok {
			deny("call %d: swap path uses %s, which is not an allowed token", i, t.Hex())
		}
	}
	amountIn := s.AmountIn
	if amountIn.Sign() <= 0 {
		deny("call %d: swap amount %s is not positive", i, amountIn)
		return
	}
	p.checkSpend(spendCheck{call: i, what: "swap", spender: c.To, token: s.TokenIn, amount: amountIn},
		in, approved, spent, quoteSpent, deny)
	if sim == nil || !sim.OK {
		return // denied above: not simulated, or it fails
	}
	amounts, err := dex.V3MulticallResults(sim.Return)
	if err != nil || len(amounts) != 1 {
		deny("call %d: simulated swap returned no amounts", i)
		return
	}
	simulated := amounts[0]
	if s.ExactOutput {
		ceil := new(big.Int).Mul(simulated, big.NewInt(10_000+p.MaxSlippageBps))
		ceil.Div(ceil, big.NewInt(10_000))
		if s.AmountIn.Cmp(ceil) > 0 {
			deny("call %d: amountInMaximum %s allows more than %d bps slippage above the simulated %s", i, s.AmountIn, p.MaxSlippageBps, simulated)
		}
		return
	}
	floor := new(big.Int).Mul(simulated, big.NewInt(10_000-p.MaxSlippageBps))
	floor.Div(floor, big.NewInt(10_000))
	if s.AmountOut.Cmp(floor) < 0 {
		deny("call %d: minOut %s allows more than %d bps slippage from the simulated %s", i, s.AmountOut, p.MaxSlippageBps, simulated)
	}
}

// v3Spend is what a recorded SwapRouter02 call spends, as checkV3 counts
// it: each swap's amount in (amountInMaximum for an exact output).
func v3Spend(c strategies.Call) []spendLeg {
	swaps, err := dex.DecodeSwapRouter02(c.Data)
	if err != nil {
		return nil
	}
	legs := make([]spendLeg, 0, len(swaps))
	for _, s := range swaps {
		legs = append(legs, spendLeg{s.TokenIn, s.AmountIn})
	}
	return legs
}
