package predict

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// marketArgs resolves a market name, an outcome index, a decimal amount
// and a slippage limit, naming the field that is wrong.
func marketArgs(d strategies.Desk, market string, outcome int, amount string, slip int64, checkAmount bool) (
	MarketRef, strategies.Token, *big.Int, int64, error) {
	markets := Markets(d.Catalog)
	ref, ok := markets[market]
	if !ok {
		return ref, strategies.Token{}, nil, 0, strategies.ArgErr("market", "unknown market %q (configured: %s)",
			strategies.Clip(market, 40), strings.Join(slices.Sorted(maps.Keys(markets)), ", "))
	}
	coll, ok := d.Catalog.Token(ref.Collateral)
	if !ok {
		return ref, coll, nil, 0, fmt.Errorf("market %s: collateral %s is not a known token", ref.Name, ref.Collateral)
	}
	if !checkAmount {
		return ref, coll, nil, 0, nil
	}
	if outcome < 0 || outcome >= len(ref.Outcomes) {
		return ref, coll, nil, 0, strategies.ArgErr("outcome", "must be an outcome index within 0..%d", len(ref.Outcomes)-1)
	}
	// Outcome tokens have the collateral's decimals.
	v, err := wallet.ParseAmount(amount, coll.Decimals)
	if err != nil || v.Sign() <= 0 {
		return ref, coll, nil, 0, strategies.ArgErr("amount", "give a positive decimal amount with at most %d decimals", coll.Decimals)
	}
	if slip == 0 {
		slip = d.MaxSlippageBps
	}
	if slip < 0 || slip > MaxSlippageBps {
		return ref, coll, nil, 0, strategies.ArgErr("slippage_bps", "must be within 0..%d (0 uses the policy's limit)", MaxSlippageBps)
	}
	return ref, coll, v, slip, nil
}

// openDeskMarket checks the market against the chain and reads it with the
// agent's holdings at the latest block.
func openDeskMarket(ctx context.Context, d strategies.Desk, ref MarketRef, coll strategies.Token) (*Market, *State, uint64, error) {
	b := d.Backend
	m, err := OpenMarket(ctx, b, ref, coll)
	if err != nil {
		return nil, nil, 0, err
	}
	head, err := b.BlockNumber(ctx)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read latest block: %w", err)
	}
	st, err := m.Read(ctx, d.Account, new(big.Int).SetUint64(head))
	if err != nil {
		return nil, nil, 0, err
	}
	return m, st, head, nil
}

// trade plans an outside agent's market request with the forecaster's
// own PlanBuy, PlanSell and PlanRedeem.
func trade(ctx context.Context, d strategies.Desk, r strategies.MarketRequest) (strategies.Planned, error, error) {
	redeem := r.Action == strategies.MarketRedeem
	ref, coll, amount, slip, err := marketArgs(d, r.Market, r.Outcome, r.Amount, r.SlippageBps, !redeem)
	if err != nil {
		return strategies.Planned{}, nil, err
	}
	var plan *strategies.Plan
	m, st, block, err := openDeskMarket(ctx, d, ref, coll)
	if err == nil {
		switch r.Action {
		case strategies.MarketBuy:
			var leg *Leg
			if leg, err = m.PlanBuy(ctx, st, amount, r.Outcome, slip); err == nil {
				plan = &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
					Summary: fmt.Sprintf("buy outcome %d of %s with %s %s", r.Outcome, ref.Name, wallet.FormatAmount(amount, coll.Decimals), coll.Symbol)}
			}
		case strategies.MarketSell:
			var leg *Leg
			if leg, err = m.PlanSell(ctx, st, amount, r.Outcome, slip); err == nil {
				plan = &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
					Summary: fmt.Sprintf("sell up to %s of outcome %d of %s for %s %s", wallet.FormatAmount(amount, coll.Decimals),
						r.Outcome, ref.Name, wallet.FormatAmount(leg.Trade.MinOut, coll.Decimals), coll.Symbol)}
			}
		case strategies.MarketRedeem:
			var call *strategies.Call
			var trades []strategies.Trade
			if call, trades, err = m.PlanRedeem(st); err == nil && call != nil {
				plan = &strategies.Plan{Calls: []strategies.Call{*call}, Trades: trades, Summary: "redeem positions in " + ref.Name}
			} else if err == nil {
				err = fmt.Errorf("market %s: the agent holds no position to redeem", ref.Name)
			}
		default:
			return strategies.Planned{}, nil, fmt.Errorf("unknown market action %q", r.Action)
		}
	}
	return strategies.Planned{Plan: plan, Block: block}, err, nil
}

// marketList lists the catalog's markets by name for outside agents.
func marketList(cat *strategies.Catalog) []strategies.MarketInfo {
	markets := Markets(cat)
	out := make([]strategies.MarketInfo, 0, len(markets))
	for _, n := range slices.Sorted(maps.Keys(markets)) {
		r := markets[n]
		out = append(out, strategies.MarketInfo{Name: n, Address: r.Address.Hex(), Collateral: r.Collateral,
			Question: r.Question, Outcomes: slices.Clone(r.Outcomes)})
	}
	return out
}

// marketDesk plans outside agents' market trades.
var marketDesk = &strategies.MarketDesk{Markets: marketList, Trade: trade}
