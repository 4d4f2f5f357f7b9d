package adapter

import (
	"context"
	"slices"

	"github.com/agentctl/agentctl/strategies/predict/polymarket"
	"github.com/agentctl/agentctl/tui"
)

// bookReader is a strategy trading on a central limit order book.
type bookReader interface {
	Books(ctx context.Context) []polymarket.BookView
}

// clobBooks are the Polymarket books the agents trade: one row per
// outcome token (the first agent's view of a token shared by several),
// its best bid and ask as the two "outcomes". A book that cannot be read
// keeps its row with the reason.
func (r *Runtime) clobBooks(ctx context.Context) []tui.PredictionMarket {
	strats := r.h.Runtime.Strategies()
	names := make([]string, 0, len(strats))
	for n := range strats {
		names = append(names, n)
	}
	slices.Sort(names)
	seen := map[string]bool{}
	var out []tui.PredictionMarket
	for _, n := range names {
		br, ok := strats[n].(bookReader)
		if !ok {
			continue
		}
		for _, b := range br.Books(ctx) {
			if seen[b.Host+" "+b.TokenID] {
				continue
			}
			seen[b.Host+" "+b.TokenID] = true
			pm := tui.PredictionMarket{Name: b.Market, Address: "token " + b.TokenID, Collateral: "pUSD", Err: b.Err, Book: true,
				Question: "Polymarket CLOB book at " + b.Host + ": best bid " + level(b.Bid, b.BidSize) + ", best ask " +
					level(b.Ask, b.AskSize) + " (tick " + b.Tick + feeText(b.Fee) + "; traded by " + n + ")",
				Outcomes: []tui.Outcome{{Label: "bid", Price: b.Bid}, {Label: "ask", Price: b.Ask}}}
			out = append(out, pm)
		}
	}
	return out
}

func feeText(fee string) string {
	if fee == "" {
		return ""
	}
	return "; " + fee
}

// level is "0.4 x 100" (price x shares), or "none".
func level(price, size string) string {
	if price == "" {
		return "none"
	}
	return price + " x " + size
}
