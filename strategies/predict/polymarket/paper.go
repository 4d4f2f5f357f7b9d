package polymarket

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The strategies.PaperMatcher side: paper trading on the CLOB's live book.
//
// In paper mode the orders a paper plan would sign rest as virtual orders
// (the runtime keeps them in the log and hands them over before each
// Observe). Observe matches each against the book it reads, which never
// holds them:
//   - a BUY at p fills only when the best ask is at or below p, a SELL at
//     p only when the best bid is at or above p;
//   - it fills at its own limit price, never the better price it may have
//     crossed at, and at most the size of the best level (deeper levels
//     are never walked), less what the order, or the orders it replaced,
//     already took at that level's price on earlier ticks: liquidity one
//     fill consumed is not assumed to be there again;
//   - collateral is the signed order's own ratio (makerAmount against
//     takerAmount), rounded against the agent: a buy pays up, a sale
//     receives down; an order that could take pays the market's fee at its
//     price on every fill (a resting one only when makers pay), since the
//     book cannot tell which fills it would have taken.
//
// What this can still overstate, and why it stays small: queue position
// (a real bid at p joins the back of the queue at p; an ask at or below
// p that is still in the book has outlived the bids ahead of ours, but
// between two ticks others may have taken it first); the order's own
// impact (had it rested, it would have been matched by the first
// marketable order, and the book the agent sees next would differ); and
// a level refilled at the price an earlier fill took is counted only
// beyond that fill, except by an order placed after a plan that only
// cancelled (no replace chain links it to the earlier fills). It understates the price improvement a marketable
// order would get, and fills only on the ticks the book is read.

// paperFillID names a fill of order after filled base units of it had
// filled, against a level at price: the same part of the same order
// always gets the same id, so it is booked once.
func paperFillID(order string, filled *big.Int, price *big.Rat) string {
	return fmt.Sprintf("paper:%s:%s:%s", strings.ToLower(order), filled, price.RatString())
}

// takenAt reads the level price back from a fill's id.
func takenAt(id string) (*big.Rat, bool) {
	i := strings.LastIndexByte(id, ':')
	if !strings.HasPrefix(id, "paper:") || i < 0 {
		return nil, false
	}
	return new(big.Rat).SetString(id[i+1:])
}

// SetPaper implements strategies.PaperMatcher.
func (s *Strategy) SetPaper(b *strategies.PaperBook) { s.paper = b }

// PaperFills implements strategies.PaperMatcher: what obs matched.
func (s *Strategy) PaperFills(obs *strategies.Observation) []strategies.VenueFill {
	st, ok := obs.State.(*state)
	if !ok {
		return nil
	}
	return st.paperFills
}

// virtualOrder is a paper order decoded, with what filled of it.
type virtualOrder struct {
	id     string
	terms  clob.Terms
	filled *big.Int            // tokens, base units
	taken  map[string]*big.Int // level price -> tokens taken there
	fee    clob.FeeSchedule    // charged on each fill (free: none)
}

// paperMarket matches the paper orders on market m against depth d (the
// CLOB's book) at now: the fills, the orders still resting (as open
// orders), and the paper position in m's token after the fills.
func (s *Strategy) paperMarket(m market, d clob.Depth, now time.Time) ([]strategies.VenueFill, []RestingFacts, *big.Int, error) {
	pos := s.position(m)
	held := new(big.Int)
	if h := s.paper.Held[pos]; h != nil {
		held.Set(h)
	}
	var fills []strategies.VenueFill
	var rest []RestingFacts
	for _, po := range s.paper.Orders {
		o, ex, od, err := decode(po.Request)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("paper order %s: %w", po.ID, err)
		}
		if o.TokenID.Cmp(m.token) != 0 {
			continue
		}
		v := virtualOrder{id: po.ID, terms: o.Terms(ex), filled: new(big.Int), taken: map[string]*big.Int{}}
		if fs, err := od.Fee.schedule(); err == nil && (!od.Request.PostOnly || fs.MakersPay) {
			v.fee = fs
		}
		if v.terms.Tokens.Sign() <= 0 || v.terms.Price == nil {
			continue
		}
		for _, f := range po.Fills {
			n := f.AmountOut // a buy receives the tokens
			if v.terms.Side == clob.Sell {
				n = f.AmountIn
			}
			v.filled.Add(v.filled, n)
		}
		for _, f := range append(slices.Clip(po.Fills), po.Taken...) {
			n, ok := f.AmountOut, f.TokenOut == pos // a buy's fill
			if v.terms.Side == clob.Sell {
				n, ok = f.AmountIn, f.TokenIn == pos
			}
			if p, at := takenAt(f.ID); ok && at {
				k := p.RatString()
				v.taken[k] = new(big.Int).Add(orZero(v.taken[k]), n)
			}
		}
		if f, ok := s.matchPaper(m, v, d, now); ok {
			fills = append(fills, f)
			if v.terms.Side == clob.Buy {
				held.Add(held, f.AmountOut)
				v.filled.Add(v.filled, f.AmountOut)
			} else {
				held.Sub(held, f.AmountIn)
				v.filled.Add(v.filled, f.AmountIn)
			}
		}
		left := new(big.Int).Sub(v.terms.Tokens, v.filled)
		if left.Sign() <= 0 {
			continue
		}
		rest = append(rest, RestingFacts{ID: po.ID, Side: v.terms.Side.String(), Price: dec(v.terms.Price),
			OriginalSize: dec(tokenUnits(v.terms.Tokens)), SizeMatched: dec(tokenUnits(v.filled))})
	}
	return fills, rest, held, nil
}

// matchPaper fills what the best level of the other side gives v.
func (s *Strategy) matchPaper(m market, v virtualOrder, d clob.Depth, now time.Time) (strategies.VenueFill, bool) {
	left := new(big.Int).Sub(v.terms.Tokens, v.filled)
	if left.Sign() <= 0 {
		return strategies.VenueFill{}, false
	}
	var best clob.PriceLevel
	switch {
	case v.terms.Side == clob.Buy && len(d.Asks) > 0 && d.Asks[0].Price.Cmp(v.terms.Price) <= 0:
		best = d.Asks[0]
	case v.terms.Side == clob.Sell && len(d.Bids) > 0 && d.Bids[0].Price.Cmp(v.terms.Price) >= 0:
		best = d.Bids[0]
	default:
		return strategies.VenueFill{}, false
	}
	avail := new(big.Rat).Mul(best.Size, big.NewRat(1_000_000, 1))
	n := new(big.Int).Quo(avail.Num(), avail.Denom())
	n.Sub(n, orZero(v.taken[best.Price.RatString()]))
	if n.Cmp(left) > 0 {
		n = left
	}
	if n.Sign() <= 0 {
		return strategies.VenueFill{}, false
	}
	// Collateral at the order's own ratio, rounded against the agent.
	coll := new(big.Int).Mul(n, v.terms.Collateral)
	coll, rem := coll.QuoRem(coll, v.terms.Tokens, new(big.Int))
	if v.terms.Side == clob.Buy && rem.Sign() > 0 {
		coll.Add(coll, big.NewInt(1))
	}
	if fee := v.fee.Fee(n, v.terms.Price); v.terms.Side == clob.Buy {
		coll.Add(coll, fee)
	} else if fee.Cmp(coll) < 0 {
		coll.Sub(coll, fee)
	} else {
		coll.SetInt64(0) // a sale's fee comes out of its proceeds
	}
	pos := s.position(m)
	f := strategies.Fill{Venue: m.Name, TokenIn: s.contracts.Collateral, AmountIn: coll, TokenOut: pos, AmountOut: n}
	if v.terms.Side == clob.Sell {
		f = strategies.Fill{Venue: m.Name, TokenIn: pos, AmountIn: n, TokenOut: s.contracts.Collateral, AmountOut: coll}
	}
	return strategies.VenueFill{ID: paperFillID(v.id, v.filled, best.Price), Order: v.id, Time: now, Price: dec(v.terms.Price), Fill: f}, true
}

func tokenUnits(n *big.Int) *big.Rat { return new(big.Rat).SetFrac(n, big.NewInt(1_000_000)) }

func orZero(n *big.Int) *big.Int {
	if n == nil {
		return new(big.Int)
	}
	return n
}

var _ strategies.PaperMatcher = (*Strategy)(nil)

// observePaper matches the paper orders against the books f recorded and
// records, per market, the virtual orders left and the paper position; it
// returns the fills. Nothing in live mode.
func (s *Strategy) observePaper(f *Facts) ([]strategies.VenueFill, error) {
	if s.paper == nil {
		return nil, nil
	}
	f.Paper = true
	now := time.UnixMilli(f.Time)
	var out []strategies.VenueFill
	for i, m := range s.markets {
		mf := &f.Markets[i]
		d, err := clob.ParseBook(&clob.Book{AssetID: m.TokenID, TickSize: mf.Book.Tick, MinOrderSize: mf.Book.MinSize, Bids: mf.Book.Bids, Asks: mf.Book.Asks})
		if err != nil {
			return nil, err
		}
		fills, rest, held, err := s.paperMarket(m, d, now)
		if err != nil {
			return nil, err
		}
		out = append(out, fills...)
		mf.Virtual, mf.PaperHeld = rest, held.String()
	}
	return out, nil
}

// paperFacts reads back what observePaper recorded of market m.
func (st *state) paperFacts(m market, mf *MarketFacts) error {
	if st.paperHeld == nil {
		st.paperHeld, st.virtual = map[string]*big.Int{}, map[string][]clob.OpenOrder{}
	}
	n, ok := new(big.Int).SetString(mf.PaperHeld, 10)
	if !ok {
		return fmt.Errorf("facts: market %s paper position %q is not an integer", m.Name, mf.PaperHeld)
	}
	st.paperHeld[m.Name] = n
	for _, r := range mf.Virtual {
		st.virtual[m.Name] = append(st.virtual[m.Name], clob.OpenOrder{ID: r.ID, Side: r.Side, Price: r.Price,
			OriginalSize: r.OriginalSize, SizeMatched: r.SizeMatched, AssetID: m.TokenID})
	}
	return nil
}

// planHeld is what the agent holds of m's token for planning (what it may
// sell): its paper position on paper, else the wallet's.
func (st *state) planHeld(m market) *big.Int {
	if st.paperHeld != nil {
		if n := st.paperHeld[m.Name]; n != nil && n.Sign() > 0 {
			return n
		}
		return new(big.Int)
	}
	return st.held(m)
}
