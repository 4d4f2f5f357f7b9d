package agent

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
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

// marketArgs resolves a market name, an outcome index, a decimal amount
// and a slippage limit, naming the field that is wrong.
func (x *External) marketArgs(spec Spec, market string, outcome int, amount string, slip int64, checkAmount bool) (
	predict.MarketRef, strategies.Token, *big.Int, int64, error) {
	markets := predict.Markets(x.cat)
	ref, ok := markets[market]
	if !ok {
		return ref, strategies.Token{}, nil, 0, argErr("market", "unknown market %q (configured: %s)",
			strategies.Clip(market, 40), strings.Join(sortedKeys(markets), ", "))
	}
	coll, ok := x.cat.Token(ref.Collateral)
	if !ok {
		return ref, coll, nil, 0, fmt.Errorf("market %s: collateral %s is not a known token", ref.Name, ref.Collateral)
	}
	if !checkAmount {
		return ref, coll, nil, 0, nil
	}
	if outcome < 0 || outcome >= len(ref.Outcomes) {
		return ref, coll, nil, 0, argErr("outcome", "must be an outcome index within 0..%d", len(ref.Outcomes)-1)
	}
	// Outcome tokens have the collateral's decimals.
	v, err := wallet.ParseAmount(amount, coll.Decimals)
	if err != nil || v.Sign() <= 0 {
		return ref, coll, nil, 0, argErr("amount", "give a positive decimal amount with at most %d decimals", coll.Decimals)
	}
	if slip == 0 {
		slip = spec.Policy.MaxSlippageBps
	}
	if slip < 0 || slip > predict.MaxSlippageBps {
		return ref, coll, nil, 0, argErr("slippage_bps", "must be within 0..%d (0 uses the policy's limit)", predict.MaxSlippageBps)
	}
	return ref, coll, v, slip, nil
}

// openMarket checks the market against the chain and reads it with the
// agent's holdings at the latest block.
func (x *External) openMarket(ctx context.Context, spec Spec, ref predict.MarketRef, coll strategies.Token) (*predict.Market, *predict.State, uint64, error) {
	b := x.rt.client.Backend()
	m, err := predict.OpenMarket(ctx, b, ref, coll)
	if err != nil {
		return nil, nil, 0, err
	}
	head, err := b.BlockNumber(ctx)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read latest block: %w", err)
	}
	st, err := m.Read(ctx, spec.Signer.Address(), new(big.Int).SetUint64(head))
	if err != nil {
		return nil, nil, 0, err
	}
	return m, st, head, nil
}

// Bet proposes buying an outcome of a configured market with collateral,
// planned by the prediction-market strategy's PlanBuy.
func (x *External) Bet(ctx context.Context, name, client string, a BetArgs) (ProposalResult, error) {
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	ref, coll, amount, slip, err := x.marketArgs(spec, a.Market, a.Outcome, a.Amount, a.SlippageBps, true)
	if err != nil {
		return ProposalResult{}, err
	}
	var plan *strategies.Plan
	m, st, block, err := x.openMarket(ctx, spec, ref, coll)
	if err == nil {
		var leg *predict.Leg
		if leg, err = m.PlanBuy(ctx, st, amount, a.Outcome, slip); err == nil {
			plan = &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
				Summary: fmt.Sprintf("buy outcome %d of %s with %s %s", a.Outcome, ref.Name, wallet.FormatAmount(amount, coll.Decimals), coll.Symbol)}
		}
	}
	return x.rt.Propose(ctx, name, x.proposal(client, "propose_bet", a, plan, err, nil, block))
}

// Sell proposes selling outcome tokens the agent holds, planned by
// PlanSell (operator grant, sell, revoke in one plan).
func (x *External) Sell(ctx context.Context, name, client string, a SellArgs) (ProposalResult, error) {
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	ref, coll, amount, slip, err := x.marketArgs(spec, a.Market, a.Outcome, a.Amount, a.SlippageBps, true)
	if err != nil {
		return ProposalResult{}, err
	}
	var plan *strategies.Plan
	m, st, block, err := x.openMarket(ctx, spec, ref, coll)
	if err == nil {
		var leg *predict.Leg
		if leg, err = m.PlanSell(ctx, st, amount, a.Outcome, slip); err == nil {
			plan = &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
				Summary: fmt.Sprintf("sell up to %s of outcome %d of %s for %s %s", wallet.FormatAmount(amount, coll.Decimals),
					a.Outcome, ref.Name, wallet.FormatAmount(leg.Trade.MinOut, coll.Decimals), coll.Symbol)}
		}
	}
	return x.rt.Propose(ctx, name, x.proposal(client, "propose_sell", a, plan, err, nil, block))
}

// Redeem proposes redeeming every position the agent holds in a resolved
// market (PlanRedeem). Before resolution the plan fails, and that is a
// recorded decision like any plan failure.
func (x *External) Redeem(ctx context.Context, name, client string, a RedeemArgs) (ProposalResult, error) {
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	ref, coll, _, _, err := x.marketArgs(spec, a.Market, 0, "", 0, false)
	if err != nil {
		return ProposalResult{}, err
	}
	var plan *strategies.Plan
	m, st, block, err := x.openMarket(ctx, spec, ref, coll)
	if err == nil {
		var call *strategies.Call
		var trades []strategies.Trade
		if call, trades, err = m.PlanRedeem(st); err == nil && call != nil {
			plan = &strategies.Plan{Calls: []strategies.Call{*call}, Trades: trades, Summary: "redeem positions in " + ref.Name}
		} else if err == nil {
			err = fmt.Errorf("market %s: the agent holds no position to redeem", ref.Name)
		}
	}
	return x.rt.Propose(ctx, name, x.proposal(client, "propose_redeem", a, plan, err, nil, block))
}
