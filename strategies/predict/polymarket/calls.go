package polymarket

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The on-chain steps of a Polymarket account, which the policy judges like
// any other call: wrapping USDC.e into pUSD through the on-ramp, outcome
// token operator rights for the exchanges, and redeeming a resolved
// market's tokens for pUSD. The exchanges' pUSD allowances are ERC-20
// approvals (the runtime's approve rule) that this family lets stand.
var callsABI = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(`[
{"type":"function","name":"wrap","inputs":[{"name":"_asset","type":"address"},{"name":"_to","type":"address"},{"name":"_amount","type":"uint256"}],"outputs":[]},
{"type":"function","name":"setApprovalForAll","inputs":[{"name":"operator","type":"address"},{"name":"approved","type":"bool"}],"outputs":[]},
{"type":"function","name":"redeemPositions","inputs":[{"name":"collateralToken","type":"address"},{"name":"parentCollectionId","type":"bytes32"},{"name":"conditionId","type":"bytes32"},{"name":"indexSets","type":"uint256[]"}],"outputs":[]},
{"type":"function","name":"approve","inputs":[{"name":"spender","type":"address"},{"name":"amount","type":"uint256"}],"outputs":[{"type":"bool"}]},
{"type":"function","name":"balanceOf","inputs":[{"name":"owner","type":"address"},{"name":"id","type":"uint256"}],"outputs":[{"type":"uint256"}]},
{"type":"function","name":"payoutDenominator","inputs":[{"name":"","type":"bytes32"}],"outputs":[{"type":"uint256"}]},
{"type":"function","name":"payoutNumerators","inputs":[{"name":"","type":"bytes32"},{"name":"","type":"uint256"}],"outputs":[{"type":"uint256"}]}]`))
	if err != nil {
		panic(err)
	}
	return a
}()

// callMethods are the calls the family's rules judge.
var callMethods = []string{"wrap", "setApprovalForAll", "redeemPositions"}

// decodeCall claims the family's calls: any wrap (its selector is the
// on-ramp's), redeemPositions at a Polymarket collateral adapter, and
// conditional-token calls only at a Polymarket CTF with a Polymarket
// operator or adapter or pUSD collateral, so the same selectors on a
// prediction market of the predict family stay that family's.
func decodeCall(c strategies.Call) (string, bool, error) {
	method, args, ok, err := unpack(c)
	if !ok || err != nil {
		return method, ok, err
	}
	if method == "wrap" {
		return method, true, nil
	}
	if r, _, ok := routeAt(c.To); ok && r.Adapter {
		return method, method == "redeemPositions", nil
	}
	d, ok := deploymentAt(c.To, func(d clob.Contracts) common.Address { return d.CTF })
	if !ok {
		return "", false, nil
	}
	switch method {
	case "setApprovalForAll":
		op := args[0].(common.Address)
		return method, slices.Contains(d.Operators(), op) || slices.Contains(d.Redeemers(), op), nil
	case "redeemPositions":
		return method, args[0].(common.Address) == d.Collateral, nil
	}
	return "", false, nil
}

func unpack(c strategies.Call) (string, []any, bool, error) {
	if len(c.Data) < 4 {
		return "", nil, false, nil
	}
	m, err := callsABI.MethodById(c.Data[:4])
	if err != nil || !slices.Contains(callMethods, m.Name) {
		return "", nil, false, nil
	}
	args, err := m.Inputs.Unpack(c.Data[4:])
	if err != nil {
		return m.Name, nil, true, fmt.Errorf("call %s to %s: calldata does not decode: %v", m.Name, c.To.Hex(), err)
	}
	return m.Name, args, true, nil
}

// deploymentAt is the known deployment whose field is addr.
func deploymentAt(addr common.Address, field func(clob.Contracts) common.Address) (clob.Contracts, bool) {
	if addr == (common.Address{}) {
		return clob.Contracts{}, false
	}
	for _, d := range clob.Deployments() {
		if field(d) == addr {
			return d, true
		}
	}
	return clob.Contracts{}, false
}

// callCheck judges one plan's Polymarket calls.
type callCheck struct {
	r *Rules
	j strategies.Judge
}

// Check judges call i:
//   - wrap: at a known on-ramp the policy allows, of that deployment's
//     USDC.e (an allowed token) into its pUSD (allowed too), for the agent
//     or a wallet the policy names by its address, spending through the shared rules
//     (exact approval of the on-ramp, per-trade and daily caps);
//   - setApprovalForAll(operator, true) on the CTF, for an exchange or
//     adapter the policy allows (revoking is not a step of the family);
//   - redeemPositions of an allowed market's condition, paid in pUSD, with
//     no parent collection, naming only the binary market's outcomes: on
//     the CTF when its tokens are pUSD's positions, else at the collateral
//     adapter for the collateral they are positions of, which the policy
//     allows.
func (cc *callCheck) Check(i int, c strategies.Call, method string, _ *strategies.CallSim) {
	j := cc.j
	_, args, _, err := unpack(c)
	if err != nil {
		j.Deny("call %d: %v", i, err)
		return
	}
	switch method {
	case "wrap":
		asset, to, amount := args[0].(common.Address), args[1].(common.Address), args[2].(*big.Int)
		d, ok := deploymentAt(c.To, func(d clob.Contracts) common.Address { return d.Onramp })
		if !ok {
			j.Deny("call %d: wrap at %s, which is not a Polymarket collateral on-ramp", i, c.To.Hex())
			return
		}
		if !j.ContractAllowed(c.To) {
			j.Deny("call %d: the on-ramp %s is not an allowed contract", i, c.To.Hex())
		}
		if asset != d.USDCe {
			j.Deny("call %d: wrap of %s, not the on-ramp's USDC.e %s", i, asset.Hex(), d.USDCe.Hex())
		} else if !j.TokenAllowed(asset) {
			j.Deny("call %d: USDC.e %s is not an allowed token", i, asset.Hex())
		}
		if !j.TokenAllowed(d.Collateral) {
			j.Deny("call %d: pUSD %s is not an allowed token", i, d.Collateral.Hex())
		}
		switch {
		case to == j.Agent():
		case slices.Contains(d.All(), to):
			j.Deny("call %d: wrap for %s, a Polymarket contract, not the agent's wallet", i, to.Hex())
		case j.TokenAllowed(to) || !namedWallet(j, to):
			j.Deny("call %d: wrap for %s, which is neither the agent %s nor a wallet the policy names by its address", i, to.Hex(), j.Agent().Hex())
		}
		if amount.Sign() <= 0 {
			j.Deny("call %d: wrap amount %s is not positive", i, amount)
			return
		}
		j.Spend(strategies.Spend{Call: i, What: "wrap", Spender: c.To, Token: asset, Amount: new(big.Int).Set(amount)})
	case "setApprovalForAll":
		operator, on := args[0].(common.Address), args[1].(bool)
		if !on {
			j.Deny("call %d: revoking %s's operator rights is not a setup step", i, operator.Hex())
		}
		if !j.ContractAllowed(operator) {
			j.Deny("call %d: operator %s is not an allowed contract", i, operator.Hex())
		}
	case "redeemPositions":
		cc.checkRedeem(i, c, args)
	}
}

func (cc *callCheck) checkRedeem(i int, c strategies.Call, args []any) {
	j := cc.j
	coll, parent, cond, sets := args[0].(common.Address), args[1].([32]byte), common.Hash(args[2].([32]byte)), args[3].([]*big.Int)
	name, m, ok := cc.r.marketOf(cond)
	if !ok {
		j.Deny("call %d: redeemPositions of condition %s, which is not an allowed market's", i, cond.Hex())
		return
	}
	r, d, _ := routeAt(c.To)
	if _, err := m.positions(r.Coll, cond); err != nil {
		j.Deny("call %d: market %s: %v", i, name, err)
	}
	if r.Adapter && !j.ContractAllowed(c.To) {
		j.Deny("call %d: the collateral adapter %s is not an allowed contract", i, c.To.Hex())
	}
	if coll != d.Collateral {
		j.Deny("call %d: redeemPositions of %s names collateral %s, not pUSD %s", i, name, coll.Hex(), d.Collateral.Hex())
	} else if !j.TokenAllowed(coll) {
		j.Deny("call %d: pUSD %s is not an allowed token", i, coll.Hex())
	}
	if parent != ([32]byte{}) {
		j.Deny("call %d: redeemPositions of %s names a parent collection", i, name)
	}
	if len(sets) == 0 {
		j.Deny("call %d: redeemPositions of %s names no outcome", i, name)
	}
	seen := map[string]bool{}
	for _, s := range sets {
		if (s.Cmp(predict.IndexSet(0)) != 0 && s.Cmp(predict.IndexSet(1)) != 0) || seen[s.String()] {
			j.Deny("call %d: index set %s is not one outcome of the binary market %s (1 or 2, once each)", i, s, name)
		}
		seen[s.String()] = true
	}
}

// namedWallet: the policy names to by its address in allowed_contracts
// (a funder wallet), not as a venue's contract.
func namedWallet(j strategies.Judge, to common.Address) bool {
	wj, ok := j.(strategies.WalletJudge)
	return ok && j.ContractAllowed(to) && wj.NamedByAddress(to)
}

// Finish lets the plan's pUSD approvals to a Polymarket exchange or
// adapter stand, within the daily caps (the runtime's StandingJudge).
func (cc *callCheck) Finish() {
	sj, ok := cc.j.(strategies.StandingJudge)
	for i, c := range cc.j.Plan().Calls {
		if len(c.Data) < 4 || [4]byte(c.Data[:4]) != [4]byte(callsABI.Methods["approve"].ID) {
			continue
		}
		d, isColl := deploymentAt(c.To, func(d clob.Contracts) common.Address { return d.Collateral })
		args, err := callsABI.Methods["approve"].Inputs.Unpack(c.Data[4:])
		if !isColl || err != nil || !slices.Contains(d.Operators(), args[0].(common.Address)) {
			continue
		}
		if !ok {
			cc.j.Deny("call %d: the runtime cannot keep an allowance standing", i)
			continue
		}
		sj.Standing(i, "pUSD allowance", c.To, args[0].(common.Address))
	}
}

// marketOf is the allowed market of condition cond.
func (r *Rules) marketOf(cond common.Hash) (string, Market, bool) {
	names := make([]string, 0, len(r.Markets))
	for n := range r.Markets {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if m := r.Markets[n]; m.ConditionID != "" && common.HexToHash(m.ConditionID) == cond {
			return n, m, true
		}
	}
	return "", Market{}, false
}

// positions are the condition's two outcome positions in coll (index
// sets 1 and 2), which must be the market's token ids (in either order)
// for its redemption to pay what its tokens are worth.
func (m Market) positions(coll common.Address, cond common.Hash) ([]*big.Int, error) {
	ids, err := predict.OutcomePositionIDs(coll, cond, 2)
	if err != nil {
		return nil, err
	}
	has := func(id *big.Int) bool {
		return slices.ContainsFunc(m.Tokens, func(t *big.Int) bool { return t.Cmp(id) == 0 })
	}
	if len(m.Tokens) != 2 || !has(ids[0]) || !has(ids[1]) {
		return nil, fmt.Errorf("its token ids are not condition %s's positions in %s (a standard market's tokens redeem at the collateral adapter for USDC.e's positions, a neg-risk market's at the neg-risk one)", cond.Hex(), coll.Hex())
	}
	return ids, nil
}

// Spends is what a recorded call spends as its check counted it: a wrap's
// USDC.e.
func (r *Rules) Spends(c strategies.Call, method string) []strategies.Spent {
	if method != "wrap" {
		return nil
	}
	_, args, _, err := unpack(c)
	if err != nil || args == nil {
		return nil
	}
	return []strategies.Spent{{Token: args[0].(common.Address), Amount: new(big.Int).Set(args[2].(*big.Int))}}
}
