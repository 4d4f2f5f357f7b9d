package agent

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
)

// execABI is the agent's own ArbitrageExecutor, whose calldata the policy
// decodes like a router's.
var execABI = contracts.NewArbitrageExecutor().GetABI()

// AllowExecutor lets the policy judge calls to executor: the agent's own
// ArbitrageExecutor, whose code was checked against the artifact (see
// ensureExecutor). It is also an allowed contract, so the plan's exact
// approval of the quote token to it passes the approve rule; its calls
// still pass only the rule below.
func (p *Policy) AllowExecutor(executor common.Address) {
	if p.Executors == nil {
		p.Executors = map[common.Address]bool{}
	}
	p.Executors[executor] = true
	p.AllowedContracts[executor] = "arbitrage executor"
}

// checkExec applies the executor rule to call i, executor.arbitrage(
// tokenIn, tokenOut, routerA, routerB, amountIn, minProfit, to, deadline):
// the agent's own executor; both routers allowed contracts (and not
// executors); both tokens allowed and different; proceeds to the agent;
// amountIn within the per-trade caps and counted against the daily ones; an
// exact approval of amountIn to the executor before it; and the least the
// executor must return, amountIn + minProfit, within the slippage limit of
// the simulated return. The contract itself reverts below that least, so
// the round trip cannot lose tokenIn.
func (p *Policy) checkExec(i int, c strategies.Call, d decodedCall, sim *CallSim, in CheckInput,
	approved map[[2]common.Address]*big.Int, spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	tokenIn, tokenOut := d.args[0].(common.Address), d.args[1].(common.Address)
	routerA, routerB := d.args[2].(common.Address), d.args[3].(common.Address)
	amountIn, minProfit := d.args[4].(*big.Int), d.args[5].(*big.Int)
	to := d.args[6].(common.Address)
	if !p.Executors[c.To] {
		deny("call %d: %s on %s, which is not the agent's own executor", i, d.method, c.To.Hex())
	}
	for _, r := range []common.Address{routerA, routerB} {
		if _, ok := p.AllowedContracts[r]; !ok || p.Executors[r] {
			deny("call %d: the executor would swap on %s, which is not an allowed router", i, r.Hex())
		}
	}
	if routerA == routerB {
		deny("call %d: both legs on one router %s: that is no arbitrage", i, routerA.Hex())
	}
	for _, t := range []common.Address{tokenIn, tokenOut} {
		if _, ok := p.AllowedTokens[t]; !ok {
			deny("call %d: the executor would trade %s, which is not an allowed token", i, t.Hex())
		}
	}
	if tokenIn == tokenOut {
		deny("call %d: the executor would trade %s for itself", i, p.symbol(tokenIn))
	}
	if to != in.Agent {
		deny("call %d: the executor pays %s, not the agent's wallet %s", i, to.Hex(), in.Agent.Hex())
	}
	if amountIn.Sign() <= 0 {
		deny("call %d: round trip amount %s is not positive", i, amountIn)
		return
	}
	p.checkSpend(spendCheck{call: i, what: "round trip", approval: "an exact approval to the executor",
		spender: c.To, token: tokenIn, amount: amountIn}, in, approved, spent, quoteSpent, deny)
	if sim == nil || !sim.OK {
		return // a failed simulation is denied already
	}
	out, err := execABI.Methods[dex.ExecutorMethod].Outputs.Unpack(sim.Return)
	if err != nil || len(out) != 1 {
		deny("call %d: simulated round trip returned no amount", i)
		return
	}
	simOut := out[0].(*big.Int)
	least := new(big.Int).Add(amountIn, minProfit)
	floor := new(big.Int).Mul(simOut, big.NewInt(10_000-p.MaxSlippageBps))
	floor.Div(floor, big.NewInt(10_000))
	if least.Cmp(floor) < 0 {
		deny("call %d: the round trip may return as little as %s, more than %d bps below the simulated %s", i, least, p.MaxSlippageBps, simOut)
	}
}
