package polymarket

import (
	"context"
	"errors"
	"math/big"
	"net/http"
	"strings"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// BookView is one traded outcome token's book as the CLOB shows it now,
// for a person watching (the TUI's Markets screen): exact decimal text.
type BookView struct {
	Market, TokenID, Host string
	Bid, BidSize          string // the best bid ("" when none)
	Ask, AskSize          string // the best ask ("" when none)
	Tick, MinSize         string
	Fee                   string // the market's fee schedule, once read ("": not yet)
	Err                   string // why the book could not be read
}

// Books reads the book of every market the strategy trades.
func (s *Strategy) Books(ctx context.Context) []BookView {
	out := make([]BookView, 0, len(s.markets))
	for _, m := range s.markets {
		v := BookView{Market: m.Name, TokenID: m.TokenID, Host: s.p.CLOB}
		d, err := s.depth(ctx, m.token)
		if err != nil {
			v.Err = err.Error()
			out = append(out, v)
			continue
		}
		v.Tick = string(d.Tick)
		if d.MinSize != nil {
			v.MinSize = dec(d.MinSize)
		}
		if f, ok := s.cachedFee(strings.ToLower(m.ConditionID)); ok && m.ConditionID != "" {
			v.Fee = f.String()
		}
		if len(d.Bids) > 0 {
			v.Bid, v.BidSize = dec(d.Bids[0].Price), dec(d.Bids[0].Size)
		}
		if len(d.Asks) > 0 {
			v.Ask, v.AskSize = dec(d.Asks[0].Price), dec(d.Asks[0].Size)
		}
		out = append(out, v)
	}
	return out
}

// OrderBooks implements strategies.OrderDesk: Books for outside agents.
func (s *Strategy) OrderBooks(ctx context.Context) []strategies.OrderBook {
	out := []strategies.OrderBook{}
	for _, b := range s.Books(ctx) {
		out = append(out, strategies.OrderBook{Market: b.Market, TokenID: b.TokenID, Bid: b.Bid, BidSize: b.BidSize, Ask: b.Ask, AskSize: b.AskSize,
			Tick: b.Tick, MinSize: b.MinSize, Fee: b.Fee, Err: b.Err})
	}
	return out
}

func (s *Strategy) depth(ctx context.Context, token *big.Int) (clob.Depth, error) {
	b, err := s.d.Client.Book(ctx, token)
	if err != nil {
		return clob.Depth{}, err
	}
	return clob.ParseBook(b)
}

// dec is r as exact decimal text without trailing zeros (prices and sizes
// on a CLOB have at most a few decimals).
func dec(r *big.Rat) string {
	s := r.FloatString(6)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// withoutOurs is d less the agent's own resting orders: the strategy
// quotes against the others' book, so it neither chases its own bid nor
// sells into it.
func withoutOurs(d clob.Depth, ours []clob.OpenOrder) clob.Depth {
	less := func(levels []clob.PriceLevel, side string) []clob.PriceLevel {
		out := make([]clob.PriceLevel, 0, len(levels))
		for _, l := range levels {
			size := new(big.Rat).Set(l.Size)
			for _, o := range ours {
				r, err := resting(o)
				if err == nil && strings.EqualFold(o.Side, side) && r.Price.Cmp(l.Price) == 0 {
					size.Sub(size, r.Remaining)
				}
			}
			if size.Sign() > 0 {
				out = append(out, clob.PriceLevel{Price: l.Price, Size: size})
			}
		}
		return out
	}
	return clob.Depth{Bids: less(d.Bids, "BUY"), Asks: less(d.Asks, "SELL"), Tick: d.Tick, MinSize: d.MinSize}
}

// closedBook stands in for the book of a resolved market, which the CLOB
// no longer keeps (GET /book answers 404): an empty book on the market's
// tick, so the wallet's tokens are still read and marked at the payout.
// Any other failure, or a market not known to be closed, is err.
func (s *Strategy) closedBook(ctx context.Context, m market, err error) (*clob.Book, error) {
	var ae *clob.APIError
	if m.ConditionID == "" || !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
		return nil, err
	}
	mk, merr := s.d.Client.Market(ctx, m.ConditionID)
	if merr != nil || !mk.Closed {
		return nil, err
	}
	return &clob.Book{Market: mk.ConditionID, AssetID: m.TokenID, TickSize: mk.MinimumTickSize.String(), Bids: []clob.Level{}, Asks: []clob.Level{}}, nil
}

// closed says obs saw m's market resolved.
func (st *state) closed(m market) bool {
	for _, r := range st.resolved {
		if r.Market == m.Name {
			return true
		}
	}
	return false
}
