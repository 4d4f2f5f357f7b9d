package polymarket

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// SetupPlan is an account's setup as one plan for the runtime to simulate,
// judge, record and send: wrap wrap units of USDC.e into pUSD for to (nil:
// no wrap), then give each exchange and the adapter a pUSD allowance of
// exactly allowance units and outcome-token operator rights (nil: none).
func SetupPlan(c clob.Contracts, to common.Address, wrap, allowance *big.Int) (*strategies.Plan, error) {
	var steps []clob.SetupCall
	var what []string
	if wrap != nil {
		if c.Onramp == (common.Address{}) || c.USDCe == (common.Address{}) {
			return nil, errors.New("wrap: no collateral on-ramp is known on this chain (name usdce and onramp in chain.polymarket_contracts)")
		}
		w, err := clob.WrapCalls(c.USDCe, c.Onramp, to, wrap)
		if err != nil {
			return nil, err
		}
		steps = append(steps, w...)
		what = append(what, fmt.Sprintf("wrap %s USDC.e into pUSD", units(wrap)))
	}
	if allowance != nil {
		a, err := clob.ApprovalCalls(c, allowance)
		if err != nil {
			return nil, err
		}
		steps = append(steps, a...)
		what = append(what, fmt.Sprintf("allow the exchanges %s pUSD each", units(allowance)))
	}
	if len(steps) == 0 {
		return nil, errors.New("nothing to set up: give a wrap amount, an allowance, or both")
	}
	plan := &strategies.Plan{Summary: "polymarket setup: " + joinAnd(what)}
	for _, s := range steps {
		method := "approve"
		if m, _, ok, _ := unpack(strategies.Call{To: s.To, Data: s.Data}); ok {
			method = m
		}
		plan.Calls = append(plan.Calls, strategies.Call{To: s.To, Data: s.Data, Method: method, Args: []strategies.Arg{{Name: "step", Value: s.What}}})
	}
	return plan, nil
}

func joinAnd(parts []string) string {
	if len(parts) == 2 {
		return parts[0] + " and " + parts[1]
	}
	return parts[0]
}
