package polymarket

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// route is where a resolved market's tokens redeem for pUSD, found from
// the collateral its token ids are positions of: on Polygon since V2 a
// standard market's tokens are USDC.e's positions and redeem through the
// CtfCollateralAdapter, a neg-risk market's are the neg-risk adapter's
// wrapped collateral's and redeem through the NegRiskCtfCollateralAdapter
// (both pay pUSD); tokens that are pUSD's own positions (a deployment
// without adapters) redeem on the conditional tokens.
type route struct {
	To      common.Address // the conditional tokens, or a collateral adapter
	Coll    common.Address // the collateral the tokens are positions of
	Adapter bool
}

func routes(c clob.Contracts) []route {
	var out []route
	add := func(to, coll common.Address, adapter bool) {
		if to != (common.Address{}) && coll != (common.Address{}) {
			out = append(out, route{To: to, Coll: coll, Adapter: adapter})
		}
	}
	add(c.CTF, c.Collateral, false)
	add(c.CtfAdapter, c.USDCe, true)
	add(c.NegRiskCtfAdapter, c.WrappedCollateral, true)
	return out
}

// redeemRoute is the route of token, one of cond's two outcome positions,
// with both positions' ids (index sets 1 and 2).
func redeemRoute(c clob.Contracts, cond common.Hash, token *big.Int) (route, []*big.Int, bool) {
	for _, r := range routes(c) {
		ids, err := predict.OutcomePositionIDs(r.Coll, cond, 2)
		if err == nil && (ids[0].Cmp(token) == 0 || ids[1].Cmp(token) == 0) {
			return r, ids, true
		}
	}
	return route{}, nil, false
}

// routeAt is the route whose redeemPositions is sent to addr, with its
// deployment.
func routeAt(addr common.Address) (route, clob.Contracts, bool) {
	if addr == (common.Address{}) {
		return route{}, clob.Contracts{}, false
	}
	for _, d := range clob.Deployments() {
		for _, r := range routes(d) {
			if r.To == addr {
				return r, d, true
			}
		}
	}
	return route{}, clob.Contracts{}, false
}

// isRedeemer: addr is a known deployment's collateral adapter.
func isRedeemer(addr common.Address) bool {
	return slices.ContainsFunc(clob.Deployments(), func(d clob.Contracts) bool { return slices.Contains(d.Redeemers(), addr) })
}

// RedeemCalls redeem both outcomes of a resolved binary market whose
// tokens include token: through its collateral adapter, which first gets
// operator rights over the wallet's outcome tokens (it takes them to
// redeem), or on the conditional tokens when they are pUSD's positions.
// Either way the wallet is paid in pUSD.
func RedeemCalls(c clob.Contracts, name string, cond common.Hash, token *big.Int) ([]strategies.Call, error) {
	r, _, ok := redeemRoute(c, cond, token)
	if !ok {
		return nil, fmt.Errorf("market %s: token %s is not condition %s's position in pUSD, USDC.e (through the collateral adapter) or the neg-risk wrapped collateral (through its adapter); check its condition_id and the chain's polymarket_contracts", name, token, cond.Hex())
	}
	sets := []*big.Int{big.NewInt(1), big.NewInt(2)}
	data, err := callsABI.Pack("redeemPositions", c.Collateral, [32]byte{}, cond, sets)
	if err != nil {
		panic("polymarket: redeemPositions ABI: " + err.Error()) // typed arguments, never input
	}
	redeem := strategies.Call{To: r.To, Data: data, Method: "redeemPositions",
		Args: []strategies.Arg{{Name: "collateralToken", Value: "pUSD"}, {Name: "parentCollectionId", Value: "0x0"},
			{Name: "conditionId", Value: cond.Hex() + " (" + name + ")"}, {Name: "indexSets", Value: "[1 2]"}}}
	if !r.Adapter {
		return []strategies.Call{redeem}, nil
	}
	approve, err := callsABI.Pack("setApprovalForAll", r.To, true)
	if err != nil {
		panic("polymarket: setApprovalForAll ABI: " + err.Error())
	}
	return []strategies.Call{{To: c.CTF, Data: approve, Method: "setApprovalForAll",
		Args: []strategies.Arg{{Name: "operator", Value: r.To.Hex() + " (collateral adapter)"}, {Name: "approved", Value: "true"}}}, redeem}, nil
}
