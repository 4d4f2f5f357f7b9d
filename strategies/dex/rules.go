package dex

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
)

// SwapMethod is the Uniswap V2 router swap the policy has a rule for.
const SwapMethod = "swapExactTokensForTokens"

var (
	routerABIv = contracts.NewUniswapV2Router().GetABI()
	execABIv   = contracts.NewArbitrageExecutor().GetABI()
)

// venueMethods are the methods policy.allowed_methods may name for the
// DEXes: every V2 router method (those without a rule are still denied
// when called), SwapRouter02's multicall and the executor's round trip.
func venueMethods() []string {
	out := []string{V3MulticallMethod, ExecutorMethod}
	for m := range routerABIv.Methods {
		out = append(out, m)
	}
	return out
}

// decodeVenueCall names a call to a V2 router, SwapRouter02 or the
// arbitrage executor.
func decodeVenueCall(c strategies.Call) (string, bool, error) {
	if IsV3Multicall(c.Data) { // SwapRouter02: its rule decodes it whole
		return V3MulticallMethod, true, nil
	}
	m, _, ok, err := unpackCall(c)
	if !ok {
		return "", false, nil
	}
	return m, true, err
}

// unpackCall decodes a V2 router or executor call's arguments.
func unpackCall(c strategies.Call) (method string, args []any, ok bool, err error) {
	if len(c.Data) < 4 {
		return "", nil, false, nil
	}
	for _, a := range []abi.ABI{routerABIv, execABIv} {
		m, err := a.MethodById(c.Data[:4])
		if err != nil {
			continue
		}
		args, err := m.Inputs.Unpack(c.Data[4:])
		if err != nil {
			return m.Name, nil, true, fmt.Errorf("call %s to %s: calldata does not decode: %v", m.Name, c.To.Hex(), err)
		}
		return m.Name, args, true, nil
	}
	return "", nil, false, nil
}

// callDeadline is a V2 swap's or a SwapRouter02 multicall's deadline.
func callDeadline(c strategies.Call, method string) *big.Int {
	switch method {
	case SwapMethod:
		if _, args, _, err := unpackCall(c); err == nil {
			return args[4].(*big.Int)
		}
	case V3MulticallMethod:
		if s, err := DecodeSwapRouter02(c.Data); err == nil && len(s) == 1 {
			return s[0].Deadline
		}
	}
	return nil
}

// describeSim shows a V2 swap's simulated amounts.
func describeSim(c strategies.Call, method string, sim strategies.CallSim) string {
	if method != SwapMethod {
		return ""
	}
	amts, err := SwapAmounts(sim.Return)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s: ok, gas %d, amounts %s", c.Method, sim.GasUsed, joinInts(amts))
}

func joinInts(v []*big.Int) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += " -> "
		}
		s += x.String()
	}
	return s
}

// SwapAmounts reads a V2 swapExactTokensForTokens result.
func SwapAmounts(ret []byte) ([]*big.Int, error) {
	out, err := routerABIv.Methods[SwapMethod].Outputs.Unpack(ret)
	if err != nil || len(out) != 1 {
		return nil, fmt.Errorf("not a swap result")
	}
	return out[0].([]*big.Int), nil
}

// Rules are the DEX policy rules of one agent: the allowed routers are the
// policy's allowed contracts; Executors are the agent's own verified
// arbitrage executors.
type Rules struct {
	Executors map[common.Address]bool
}

// Allow admits a V2 venue's router or a V3 venue's SwapRouter02.
func (r *Rules) Allow(name string, entry any, cat *strategies.Catalog) ([]common.Address, bool, error) {
	switch v := entry.(type) {
	case Venue:
		return []common.Address{v.Router}, true, nil
	case V3Venue:
		return []common.Address{v.SwapRouter02}, true, nil
	}
	return nil, false, nil
}

// AllowOwned lets the rules judge calls to the agent's own executor, whose
// code its strategy checked against the artifact.
func (r *Rules) AllowOwned(addr common.Address) { r.Executors[addr] = true }

// Begin judges one plan.
func (r *Rules) Begin(j strategies.Judge) strategies.PlanCheck { return &planCheck{r: r, j: j} }

type planCheck struct {
	r *Rules
	j strategies.Judge
}

func (pc *planCheck) Finish() {}

func (pc *planCheck) Check(i int, c strategies.Call, method string, sim *strategies.CallSim) {
	switch method {
	case SwapMethod:
		pc.checkSwap(i, c, sim)
	case ExecutorMethod:
		pc.checkExec(i, c, sim)
	case V3MulticallMethod:
		pc.checkV3(i, c, sim)
	default:
		// An allowed method without a rule of its own is still denied:
		// the policy must understand every call it lets through.
		pc.j.Deny("call %d: the policy has no rule for method %s", i, method)
	}
}

// checkSwap applies the swap rules: allowed router and tokens, the agent as
// recipient, amounts within caps, an exact prior approval, and minOut
// within the slippage limit of the simulated output.
func (pc *planCheck) checkSwap(i int, c strategies.Call, sim *strategies.CallSim) {
	j := pc.j
	_, args, _, err := unpackCall(c)
	if err != nil {
		j.Deny("call %d: %v", i, err)
		return
	}
	amountIn, minOut := args[0].(*big.Int), args[1].(*big.Int)
	path, to := args[2].([]common.Address), args[3].(common.Address)
	if !j.ContractAllowed(c.To) {
		j.Deny("call %d: swap on %s, which is not an allowed contract", i, c.To.Hex())
	}
	if to != j.Agent() {
		j.Deny("call %d: swap pays %s, not the agent's wallet %s", i, to.Hex(), j.Agent().Hex())
	}
	if len(path) < 2 {
		j.Deny("call %d: swap path has %d tokens", i, len(path))
		return
	}
	for _, t := range path {
		if !j.TokenAllowed(t) {
			j.Deny("call %d: swap path uses %s, which is not an allowed token", i, t.Hex())
		}
	}
	if amountIn.Sign() <= 0 {
		j.Deny("call %d: swap amount %s is not positive", i, amountIn)
		return
	}
	j.Spend(strategies.Spend{Call: i, What: "swap", Spender: c.To, Token: path[0], Amount: amountIn})
	if sim != nil && sim.OK {
		amounts, err := SwapAmounts(sim.Return)
		if err != nil {
			j.Deny("call %d: simulated swap returned no amounts", i)
			return
		}
		simOut := amounts[len(amounts)-1]
		floor := new(big.Int).Mul(simOut, big.NewInt(10_000-j.SlippageBps()))
		floor.Div(floor, big.NewInt(10_000))
		if minOut.Cmp(floor) < 0 {
			out := path[len(path)-1]
			j.Deny("call %d: minOut %s allows more than %d bps slippage from the simulated %s", i, j.Amount(out, minOut), j.SlippageBps(), j.Amount(out, simOut))
		}
	}
}

// Spends is what a recorded call spends, as its rule counts it: a V2
// swap's amountIn of its first path token, a SwapRouter02 swap's amount
// in (amountInMaximum for an exact output), a round trip's amountIn.
func (r *Rules) Spends(c strategies.Call, method string) []strategies.Spent {
	switch method {
	case V3MulticallMethod:
		swaps, err := DecodeSwapRouter02(c.Data)
		if err != nil {
			return nil
		}
		legs := make([]strategies.Spent, 0, len(swaps))
		for _, s := range swaps {
			legs = append(legs, strategies.Spent{Token: s.TokenIn, Amount: s.AmountIn})
		}
		return legs
	case SwapMethod:
		if _, args, _, err := unpackCall(c); err == nil {
			if path := args[2].([]common.Address); len(path) > 0 {
				return []strategies.Spent{{Token: path[0], Amount: args[0].(*big.Int)}}
			}
		}
	case ExecutorMethod: // arbitrage(tokenIn, tokenOut, routerA, routerB, amountIn, ...)
		if _, args, _, err := unpackCall(c); err == nil {
			return []strategies.Spent{{Token: args[0].(common.Address), Amount: args[4].(*big.Int)}}
		}
	}
	return nil
}
