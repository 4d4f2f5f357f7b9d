package polymarket

import (
	"context"
	"math/big"
	"sort"
	"strconv"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The strategies.Matcher side: the CLOB fills resting orders between
// ticks, so the strategy reads the agent's trades (GET /data/trades) and
// hands the runtime each of its fills once the settlement transaction is
// mined. A fill still MATCHED (or RETRYING) waits; a FAILED one moved
// nothing and is never returned.

// tradeCursor remembers how far the trades were read, so a tick asks only
// for trades matched since the oldest one still unsettled.
type tradeCursor struct {
	since int64            // unix seconds: read trades matched at or after it (0: all)
	done  map[string]int64 // trades handled for good -> their match time
}

// Fills implements strategies.Matcher: the agent's settled fills, oldest
// first. A fill is the agent's when its API key owns the order or the
// maker wallet made it (clob.OwnFills). Amounts are exact base units: a
// buy pays collateral for the outcome token, predict.PositionToken(ctf,
// token id); a sale the other way round.
func (s *Strategy) Fills(ctx context.Context) ([]strategies.VenueFill, error) {
	after := ""
	if s.trades.since > 0 {
		after = strconv.FormatInt(s.trades.since-1, 10) // the API's "after" is strict
	}
	trades, err := s.d.Client.Trades(ctx, "", "", after)
	if err != nil {
		return nil, err
	}
	if s.trades.done == nil {
		s.trades.done = map[string]int64{}
	}
	key, maker := s.d.Client.APIKey(), s.maker()
	var out []strategies.VenueFill
	oldestOpen, newest := int64(-1), s.trades.since
	for _, t := range trades {
		at, _ := strconv.ParseInt(t.MatchTime, 10, 64)
		if at < s.trades.since {
			continue // before the cursor (a server whose "after" is inclusive)
		}
		newest = max(newest, at)
		if _, ok := s.trades.done[t.ID]; ok {
			continue
		}
		switch {
		case t.Status == clob.TradeFailed:
			s.trades.done[t.ID] = at
			continue
		case !clob.Settled(t.Status) || t.TransactionHash == "":
			if oldestOpen < 0 || at < oldestOpen {
				oldestOpen = at
			}
			continue
		}
		fee, err := s.feeOf(ctx, t.Market)
		if err != nil {
			return nil, err
		}
		fills, err := clob.OwnFills(t, key, maker, fee)
		if err != nil {
			return nil, err
		}
		for _, f := range fills {
			out = append(out, s.venueFill(f))
		}
		s.trades.done[t.ID] = at
	}
	s.trades.since = newest
	if oldestOpen >= 0 {
		s.trades.since = oldestOpen
	}
	for id, at := range s.trades.done {
		if at < s.trades.since {
			delete(s.trades.done, id) // no longer listed
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.Before(out[j].Time)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// venueFill books f as what the maker wallet paid and received: the fee
// on top of a buy's collateral, out of a sale's.
func (s *Strategy) venueFill(f clob.OwnFill) strategies.VenueFill {
	venue := VenueName
	for _, m := range s.markets {
		if m.token.Cmp(f.TokenID) == 0 {
			venue = m.Name
		}
	}
	pos := predict.PositionToken(s.contracts.CTF, f.TokenID)
	in, out := s.contracts.Collateral, pos
	fee := f.Fee
	if fee == nil {
		fee = new(big.Int)
	}
	if f.Side == clob.Sell && fee.Cmp(f.Collateral) > 0 {
		fee = f.Collateral // a sale's fee comes out of its proceeds
	}
	inAmt, outAmt := new(big.Int).Add(f.Collateral, fee), f.Tokens
	if f.Side == clob.Sell {
		in, out, inAmt, outAmt = pos, s.contracts.Collateral, f.Tokens, new(big.Int).Sub(f.Collateral, fee)
	}
	vf := strategies.VenueFill{ID: f.ID, Order: f.OrderID, Time: f.Time, TxHash: f.TxHash, Price: dec(f.Price),
		Fill: strategies.Fill{Venue: venue, TokenIn: in, AmountIn: new(big.Int).Set(inAmt), TokenOut: out, AmountOut: new(big.Int).Set(outAmt)}}
	if fee.Sign() > 0 {
		vf.Fee = dec(tokenUnits(fee)) + " " + s.p.Collateral
	}
	return vf
}

var _ interface {
	strategies.Matcher
	strategies.Holder
	strategies.CancelReporter
} = (*Strategy)(nil)
