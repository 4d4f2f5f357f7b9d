package polymarket

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// redeemPlan redeems, whatever the brain decided, each resolved market
// (by condition) whose tokens the wallet held when obs was read: one
// redeemPositions per condition, which burns both outcomes and pays the
// winners in pUSD, through the market's collateral adapter (see route) or
// on the conditional tokens. Each held token is a trade of its tokens for
// the payout the CLOB's resolution says; the receipt books what the chain
// paid. Only the agent's own wallet can send the calls: tokens a funder
// wallet holds are left to it (logged). nil when there is nothing to
// redeem.
func (s *Strategy) redeemPlan(st *state) *strategies.Plan {
	if st.paperHeld != nil {
		return nil // a paper agent's positions are paper: it redeems nothing of the wallet's
	}
	payout := map[string][]*big.Int{}
	for _, r := range st.resolved {
		payout[r.Market] = r.Payouts
	}
	plan := &strategies.Plan{}
	var conds []common.Hash
	var notes []string
	pusd := strategies.Token{Address: s.contracts.Collateral, Symbol: s.p.Collateral, Decimals: clob.Decimals}
	for _, m := range s.markets {
		held := st.held(m)
		pays, resolved := payout[m.Name]
		if !resolved || held.Sign() <= 0 || m.ConditionID == "" || m.Outcome >= len(pays) {
			continue
		}
		cond := common.HexToHash(m.ConditionID)
		r, _, ok := redeemRoute(s.contracts, cond, m.token)
		if !ok {
			continue // said when the strategy was made
		}
		if s.funder != (common.Address{}) {
			s.d.Log.Info("no redeem", "market", m.Name, "reason", "the tokens are the funder wallet's, which redeems them itself")
			continue
		}
		pay := new(big.Int).Mul(held, pays[m.Outcome])
		tok := strategies.Token{Address: s.position(m), Symbol: strategies.Clip(m.Name, 24), Decimals: clob.Decimals}
		plan.Trades = append(plan.Trades, strategies.Trade{Venue: m.Name, Router: r.To, TokenIn: tok, TokenOut: pusd,
			AmountIn: new(big.Int).Set(held), QuotedOut: pay, MinOut: new(big.Int).Set(pay), ValueQuote: new(big.Int).Set(pay), Quote: pusd})
		notes = append(notes, fmt.Sprintf("%s %s tokens for %s pUSD", m.Name, units(held), units(pay)))
		if slices.Contains(conds, cond) {
			continue
		}
		conds = append(conds, cond)
		calls, err := RedeemCalls(s.contracts, m.Name, cond, m.token)
		if err != nil {
			s.d.Log.Warn("no redeem", "market", m.Name, "reason", err.Error())
			continue
		}
		plan.Calls = append(plan.Calls, calls...)
	}
	if len(plan.Calls) == 0 {
		return nil
	}
	plan.Summary = "redeem resolved polymarket tokens: " + strings.Join(notes, ", ")
	return plan
}
