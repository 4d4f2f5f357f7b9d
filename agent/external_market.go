package agent

import (
	"context"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/strategies"
)

// BetArgs is a prediction-market buy an outside agent asks for.
type BetArgs struct {
	Market      string `json:"market"`
	Outcome     int    `json:"outcome"`
	Amount      string `json:"amount"` // collateral, decimal
	SlippageBps int64  `json:"slippage_bps"`
}

// SellArgs sells outcome tokens the agent holds back to the market.
type SellArgs struct {
	Market      string `json:"market"`
	Outcome     int    `json:"outcome"`
	Amount      string `json:"amount"` // outcome tokens, decimal
	SlippageBps int64  `json:"slippage_bps"`
}

// RedeemArgs redeems the agent's positions in a resolved market.
type RedeemArgs struct {
	Market string `json:"market"`
}

// Bet proposes buying an outcome of a configured market with collateral,
// planned by the prediction-market strategy's PlanBuy.
func (x *External) Bet(ctx context.Context, name, client string, a BetArgs) (ProposalResult, error) {
	return x.trade(ctx, name, client, "propose_bet", a, strategies.MarketRequest{Action: strategies.MarketBuy,
		Market: a.Market, Outcome: a.Outcome, Amount: a.Amount, SlippageBps: a.SlippageBps})
}

// Sell proposes selling outcome tokens the agent holds, planned by
// PlanSell (operator grant, sell, revoke in one plan).
func (x *External) Sell(ctx context.Context, name, client string, a SellArgs) (ProposalResult, error) {
	return x.trade(ctx, name, client, "propose_sell", a, strategies.MarketRequest{Action: strategies.MarketSell,
		Market: a.Market, Outcome: a.Outcome, Amount: a.Amount, SlippageBps: a.SlippageBps})
}

// Redeem proposes redeeming every position the agent holds in a resolved
// market (PlanRedeem). Before resolution the plan fails, and that is a
// recorded decision like any plan failure.
func (x *External) Redeem(ctx context.Context, name, client string, a RedeemArgs) (ProposalResult, error) {
	return x.trade(ctx, name, client, "propose_redeem", a, strategies.MarketRequest{Action: strategies.MarketRedeem, Market: a.Market})
}

// trade has the venue family that lists r.Market plan the request, and
// proposes the plan (or records why planning failed).
func (x *External) trade(ctx context.Context, name, client, action string, args any, r strategies.MarketRequest) (ProposalResult, error) {
	defer x.forget(name) // it may have sent: later reads start from the chain
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	for _, v := range strategies.Venues() {
		if v.Markets == nil || !slices.ContainsFunc(v.Markets.Markets(x.cat), func(m MarketInfo) bool { return m.Name == r.Market }) {
			continue
		}
		p, planErr, err := v.Markets.Trade(ctx, x.desk(spec), r)
		if err != nil {
			return ProposalResult{}, err
		}
		return x.rt.Propose(ctx, name, x.proposal(client, action, args, p.Plan, planErr, nil, p.Block))
	}
	names := make([]string, 0)
	for _, m := range x.Markets() {
		names = append(names, m.Name)
	}
	slices.Sort(names)
	return ProposalResult{}, argErr("market", "unknown market %q (configured: %s)", strategies.Clip(r.Market, 40), strings.Join(names, ", "))
}
