package dex

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// swapDesk plans outside agents' swaps on the catalog's V2 venues.
var swapDesk = &strategies.SwapDesk{
	SwapVenues: func(cat *strategies.Catalog) []string { return slices.Sorted(maps.Keys(V2Venues(cat))) },
	Swap:       planSwap,
}

// planSwap plans an outside agent's swap with the DEX strategy's own helpers.
func planSwap(ctx context.Context, d strategies.Desk, a strategies.SwapRequest) (strategies.Planned, error) {
	none := strategies.Planned{}
	venues := V2Venues(d.Catalog)
	v, ok := venues[a.Venue]
	if !ok {
		return none, strategies.ArgErr("venue", "unknown venue %q (configured: %s)", strategies.Clip(a.Venue, 40), strings.Join(slices.Sorted(maps.Keys(venues)), ", "))
	}
	in, ok := d.Catalog.Token(a.TokenIn)
	if !ok {
		return none, strategies.ArgErr("token_in", "unknown token %q (known: %s)", strategies.Clip(a.TokenIn, 40), d.Catalog.TokenNames())
	}
	out, ok := d.Catalog.Token(a.TokenOut)
	if !ok {
		return none, strategies.ArgErr("token_out", "unknown token %q (known: %s)", strategies.Clip(a.TokenOut, 40), d.Catalog.TokenNames())
	}
	if in.Address == out.Address {
		return none, strategies.ArgErr("token_out", "must differ from token_in")
	}
	amount, err := wallet.ParseAmount(a.AmountIn, in.Decimals)
	if err != nil || amount.Sign() <= 0 {
		return none, strategies.ArgErr("amount_in", "give a positive decimal amount of %s with at most %d decimals", in.Symbol, in.Decimals)
	}
	slip := a.SlippageBps
	if slip == 0 {
		slip = d.MaxSlippageBps
	}
	if slip < 0 || slip > MaxSlippageBps {
		return none, strategies.ArgErr("slippage_bps", "must be within 0..%d (0 uses the policy's limit)", MaxSlippageBps)
	}
	b := d.Backend
	router, err := NewRouter(b, v)
	if err != nil {
		return none, err
	}
	head, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return none, fmt.Errorf("read latest block: %w", err)
	}
	pool, err := router.Pool(ctx, in.Address, out.Address, head.Number)
	if err != nil {
		return none, err
	}
	marks := map[common.Address]*big.Int{}
	rIn, rOut, err := pool.Reserves(in.Address)
	if err != nil {
		return none, err
	}
	// Price the pair's other token in the quote token from this pool.
	switch d.Quote.Address {
	case out.Address:
		marks[in.Address] = Mark(rIn, rOut, in.Decimals)
	case in.Address:
		marks[out.Address] = Mark(rOut, rIn, out.Decimals)
	default:
		// Neither side is the quote token: price what is spent on the
		// venue's pool against the quote, so the quote caps can judge it.
		if qp, err := router.Pool(ctx, in.Address, d.Quote.Address, head.Number); err == nil {
			if ri, rq, err := qp.Reserves(in.Address); err == nil {
				marks[in.Address] = Mark(ri, rq, in.Decimals)
			}
		}
	}
	deadline, err := Deadline(head, 5*time.Minute)
	if err != nil {
		return none, err
	}
	value, err := d.Value(amount, in.Address, marks)
	if err != nil {
		value = nil // the policy denies an unvalued trade under a quote cap
	}
	leg, err := router.PlanSwap(ctx, pool, SwapSpec{TokenIn: in, TokenOut: out, AmountIn: amount, SlippageBps: slip,
		Account: d.Account, Deadline: deadline, Quote: d.Quote, ValueQuote: value})
	if err != nil {
		return none, err
	}
	plan := &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
		Summary: fmt.Sprintf("swap %s %s for >= %s %s on %s", wallet.FormatAmount(amount, in.Decimals), in.Symbol,
			wallet.FormatAmount(leg.Trade.MinOut, out.Decimals), out.Symbol, v.Name)}
	return strategies.Planned{Plan: plan, Marks: marks, Block: head.Number.Uint64()}, nil
}
