package clob

import (
	"errors"
	"fmt"
	"math/big"
)

// The strategy's decisions, as pure functions of a forecast and a book:
// what to bid or offer, how much, and what to do with a resting order when
// the book moves. No I/O; the runtime wires them to the client.

// Depth is a book in exact numbers, best prices first.
type Depth struct {
	Bids, Asks []PriceLevel
	Tick       TickSize
	MinSize    *big.Rat // least tokens per order (nil: none)
}

// PriceLevel is one level of a Depth.
type PriceLevel struct{ Price, Size *big.Rat }

// ParseBook reads the API's book (whatever order it lists levels in).
func ParseBook(b *Book) (Depth, error) {
	d := Depth{Tick: TickSize(b.TickSize)}
	if _, err := d.Tick.Rat(); err != nil {
		return Depth{}, fmt.Errorf("book of %s: %w", b.AssetID, err)
	}
	if b.MinOrderSize != "" {
		m, ok := new(big.Rat).SetString(b.MinOrderSize)
		if !ok || m.Sign() < 0 {
			return Depth{}, fmt.Errorf("book of %s: minimum order size %q is not a number", b.AssetID, b.MinOrderSize)
		}
		d.MinSize = m
	}
	parse := func(ls []Level, better func(a, b *big.Rat) bool) ([]PriceLevel, error) {
		out := make([]PriceLevel, 0, len(ls))
		for _, l := range ls {
			p, ok1 := new(big.Rat).SetString(l.Price)
			z, ok2 := new(big.Rat).SetString(l.Size)
			if !ok1 || !ok2 || p.Sign() <= 0 || p.Cmp(big.NewRat(1, 1)) >= 0 || z.Sign() < 0 {
				return nil, fmt.Errorf("book of %s: level %s x %s is not a price in (0, 1) and a size", b.AssetID, l.Price, l.Size)
			}
			out = append(out, PriceLevel{p, z})
		}
		for i := 1; i < len(out); i++ { // insertion sort: books are short
			for j := i; j > 0 && better(out[j].Price, out[j-1].Price); j-- {
				out[j], out[j-1] = out[j-1], out[j]
			}
		}
		return out, nil
	}
	var err error
	if d.Bids, err = parse(b.Bids, func(a, b *big.Rat) bool { return a.Cmp(b) > 0 }); err != nil {
		return Depth{}, err
	}
	if d.Asks, err = parse(b.Asks, func(a, b *big.Rat) bool { return a.Cmp(b) < 0 }); err != nil {
		return Depth{}, err
	}
	return d, nil
}

// QuoteParams bound a quote.
type QuoteParams struct {
	Kelly    *big.Rat // fraction of the full Kelly stake, in (0, 1]
	MinEdge  *big.Rat // least probability edge (fair value minus price) to trade at
	Bankroll *big.Int // collateral units Kelly sizes against
	// Cap is the most collateral units one order may commit or receive
	// (max_order, the policy's per-trade cap), and the most a position may
	// be worth at the buy price: tokens held count against a buy.
	Cap      *big.Int
	Held     *big.Int // outcome tokens already held, in base units (nil: none)
	PostOnly bool     // only rest on the book, never take
	// Fee is the market's platform fee: an order that takes pays it (and
	// one that rests when makers pay), so the edge it must leave is net of
	// it.
	Fee FeeSchedule
}

// feeAt is the fee per token an order at price pays if it takes (or
// rests, when makers pay).
func (qp QuoteParams) feeAt(price *big.Rat, taking bool) *big.Rat {
	if !taking && !qp.Fee.MakersPay {
		return new(big.Rat)
	}
	return qp.Fee.PerToken(price)
}

// Target is the order the strategy wants on the book for one token.
type Target struct {
	Side  Side
	Price *big.Rat // on the tick grid
	Size  *big.Rat // tokens, two decimals
	Cost  *big.Int // collateral units a buy commits (maker amount); for a sell, what it receives
	Edge  *big.Rat // fair value minus price (buy) or price minus fair value (sell)
	Why   string
}

// Quote decides what to trade in a token the forecast gives probability
// p: when tokens are held and the best bid pays at least p + MinEdge, sell
// them (up to Cap's worth) at the least price that leaves the edge (one
// tick above the best bid when PostOnly); otherwise buy at a price that
// leaves at least MinEdge, taking asks at or below it (unless PostOnly)
// or resting one tick above the best bid, sized by fractional Kelly,
// b = Kelly * Bankroll * (p - price) / (1 - price), at most Cap, less what
// the tokens held are worth at that price. Where a fee applies (taking, or
// resting when makers pay) the edge is net of it: a taking buy lowers its
// limit until price + fee leaves MinEdge, and rests instead when no ask is
// left under it. It returns nil and the reason when nothing qualifies.
func Quote(p *big.Rat, d Depth, qp QuoteParams) (*Target, string, error) {
	one := big.NewRat(1, 1)
	if p == nil || p.Sign() < 0 || p.Cmp(one) > 0 {
		return nil, "", errors.New("quote: forecast probability must lie within [0, 1]")
	}
	if qp.Kelly == nil || qp.Kelly.Sign() <= 0 || qp.Kelly.Cmp(one) > 0 || qp.MinEdge == nil || qp.MinEdge.Sign() < 0 {
		return nil, "", errors.New("quote: Kelly fraction must be in (0, 1] and the minimum edge not negative")
	}
	if qp.Held != nil && qp.Held.Sign() < 0 {
		return nil, "", errors.New("quote: tokens held must not be negative")
	}
	tick, err := d.Tick.Rat()
	if err != nil {
		return nil, "", err
	}
	held := qp.Held != nil && qp.Held.Sign() > 0
	if held && len(d.Bids) > 0 && qp.Cap != nil && qp.Cap.Sign() > 0 {
		t, err := sellTarget(p, d, qp, tick)
		if t != nil || err != nil {
			return t, "", err
		}
	}
	if qp.Bankroll == nil || qp.Cap == nil || qp.Cap.Sign() <= 0 || qp.Bankroll.Sign() <= 0 {
		return nil, "no bankroll or cap to buy with", nil
	}
	price, err := RoundToTick(new(big.Rat).Sub(p, qp.MinEdge), d.Tick, Buy)
	if err != nil {
		return nil, "", err
	}
	hi := new(big.Rat).Sub(one, tick)
	if price.Cmp(hi) > 0 {
		price = hi
	}
	taking := len(d.Asks) > 0 && d.Asks[0].Price.Cmp(price) <= 0 && !qp.PostOnly
	if taking && !qp.Fee.Free() {
		// The fee comes on top of a taking buy: lower the limit until the
		// edge net of it is left, and rest when no ask is under it.
		want := new(big.Rat).Sub(p, qp.MinEdge)
		for price.Cmp(tick) >= 0 && new(big.Rat).Add(price, qp.feeAt(price, true)).Cmp(want) > 0 {
			price = new(big.Rat).Sub(price, tick)
		}
		taking = price.Cmp(tick) >= 0 && d.Asks[0].Price.Cmp(price) <= 0
	}
	if !taking {
		if len(d.Bids) > 0 {
			if above := new(big.Rat).Add(d.Bids[0].Price, tick); above.Cmp(price) < 0 {
				price = above // queue first at the best bid, not at our limit
			}
		}
		if len(d.Asks) > 0 {
			if below := new(big.Rat).Sub(d.Asks[0].Price, tick); below.Cmp(price) < 0 {
				price = below // a maker order must not cross
			}
		}
	}
	if price.Cmp(tick) < 0 {
		return nil, fmt.Sprintf("no edge: fair value %s less the minimum edge %s leaves no price on the %s grid", p.FloatString(4), qp.MinEdge.FloatString(4), d.Tick), nil
	}
	edge := new(big.Rat).Sub(p, price)
	if fee := qp.feeAt(price, taking); fee.Sign() > 0 {
		if edge.Sub(edge, fee); edge.Cmp(qp.MinEdge) < 0 || edge.Sign() <= 0 {
			return nil, fmt.Sprintf("no edge: at %s the fee of %s per token leaves %s, under the minimum edge %s", price.FloatString(4), fee.FloatString(4), edge.FloatString(4), qp.MinEdge.FloatString(4)), nil
		}
	}
	// stake = Kelly * bankroll * edge / (1 - price), at most Cap.
	stake := new(big.Rat).Mul(qp.Kelly, new(big.Rat).SetInt(qp.Bankroll))
	stake.Mul(stake, edge).Quo(stake, new(big.Rat).Sub(one, price))
	if c := new(big.Rat).SetInt(qp.Cap); stake.Cmp(c) > 0 {
		stake = c
	}
	if held {
		worth := new(big.Rat).Mul(new(big.Rat).SetInt(qp.Held), price)
		if stake.Sub(stake, worth).Sign() <= 0 {
			return nil, fmt.Sprintf("the %s tokens held are worth the stake at %s already", new(big.Rat).SetFrac(qp.Held, big.NewInt(1_000_000)).FloatString(2), price.FloatString(4)), nil
		}
	}
	stake.Quo(stake, big.NewRat(1_000_000, 1)) // collateral units to pUSD
	size := roundDown(new(big.Rat).Quo(stake, price), 2)
	if size.Sign() == 0 || (d.MinSize != nil && size.Cmp(d.MinSize) < 0) {
		return nil, fmt.Sprintf("Kelly size %s tokens at %s is below the market's minimum order", size.FloatString(2), price.FloatString(4)), nil
	}
	am, err := LimitAmounts(Buy, price, size, d.Tick)
	if err != nil {
		return nil, "", err
	}
	why := "rest a bid"
	if taking {
		why = "take asks"
	}
	return &Target{Side: Buy, Price: price, Size: size, Cost: am.Maker, Edge: edge, Why: why}, "", nil
}

// sellTarget sells held tokens, at most Cap's worth, when the best bid
// pays at least p + MinEdge net of the fee: at that floor (taking the bids
// above it), or one tick above the best bid when PostOnly. nil when
// nothing qualifies.
func sellTarget(p *big.Rat, d Depth, qp QuoteParams, tick *big.Rat) (*Target, error) {
	floor, err := RoundToTick(new(big.Rat).Add(p, qp.MinEdge), d.Tick, Sell)
	if err != nil {
		return nil, err
	}
	hi := new(big.Rat).Sub(big.NewRat(1, 1), tick)
	if floor.Cmp(tick) < 0 {
		floor = new(big.Rat).Set(tick)
	}
	// The fee comes out of a taking sale's proceeds: raise the floor until
	// what is left pays the edge.
	want := new(big.Rat).Add(p, qp.MinEdge)
	for floor.Cmp(hi) <= 0 && new(big.Rat).Sub(floor, qp.feeAt(floor, !qp.PostOnly)).Cmp(want) < 0 {
		floor = new(big.Rat).Add(floor, tick)
	}
	if floor.Cmp(hi) > 0 || d.Bids[0].Price.Cmp(floor) < 0 {
		return nil, nil
	}
	price, why := floor, "sell into bids above fair value"
	if qp.PostOnly {
		// One tick above the best bid never crosses it (at worst it joins
		// the best ask).
		price, why = new(big.Rat).Add(d.Bids[0].Price, tick), "rest an ask above fair value"
		if price.Cmp(hi) > 0 {
			return nil, nil
		}
	}
	size := new(big.Rat).SetFrac(qp.Held, big.NewInt(1_000_000))
	if most := new(big.Rat).Quo(new(big.Rat).SetFrac(qp.Cap, big.NewInt(1_000_000)), price); most.Cmp(size) < 0 {
		size = most
	}
	size = roundDown(size, 2)
	if size.Sign() == 0 || (d.MinSize != nil && size.Cmp(d.MinSize) < 0) {
		return nil, nil
	}
	am, err := LimitAmounts(Sell, price, size, d.Tick)
	if err != nil {
		return nil, err
	}
	edge := new(big.Rat).Sub(price, p)
	return &Target{Side: Sell, Price: price, Size: size, Cost: am.Taker, Edge: edge.Sub(edge, qp.feeAt(price, !qp.PostOnly)), Why: why}, nil
}

// Resting is one of our orders on the book.
type Resting struct {
	Side      Side
	Price     *big.Rat
	Remaining *big.Rat // tokens
}

// Action on a resting order.
type Action int

const (
	Keep    Action = iota
	Cancel         // pull it; want nothing there now
	Replace        // cancel it and post the new target
)

func (a Action) String() string {
	return [...]string{"keep", "cancel", "replace"}[a]
}

// Tolerance is how far a resting order may drift from the target before it
// is replaced: each replace costs two rate-limited requests and queue place.
type Tolerance struct {
	Ticks    int      // price distance, in ticks, in our favour (less aggressive)
	SizeFrac *big.Rat // remaining size may differ from the target by this fraction
}

// Review decides what to do with resting order o now that the target (nil
// when the strategy wants nothing) is want. An order that pays more (or
// asks less) than the target is replaced at once; one merely less
// aggressive, or with a little less size, is kept within tol.
func Review(o Resting, want *Target, tick TickSize, tol Tolerance) (Action, string, error) {
	t, err := tick.Rat()
	if err != nil {
		return Keep, "", err
	}
	if want == nil {
		return Cancel, "no edge at any price now", nil
	}
	if want.Side != o.Side {
		return Replace, "the target switched to " + want.Side.String(), nil
	}
	diff := new(big.Rat).Sub(want.Price, o.Price) // > 0: a buy now wants to pay more
	if o.Side == Sell {
		diff.Neg(diff)
	}
	if diff.Sign() < 0 {
		return Replace, fmt.Sprintf("order at %s is worse for us than the target %s", o.Price.FloatString(4), want.Price.FloatString(4)), nil
	}
	ticks := new(big.Rat).Quo(diff, t)
	if ticks.Cmp(big.NewRat(int64(tol.Ticks), 1)) > 0 {
		return Replace, fmt.Sprintf("the book moved: target %s is %s ticks from %s", want.Price.FloatString(4), ticks.FloatString(0), o.Price.FloatString(4)), nil
	}
	if tol.SizeFrac != nil && want.Size.Sign() > 0 {
		d := new(big.Rat).Sub(want.Size, o.Remaining)
		d.Abs(d).Quo(d, want.Size)
		if d.Cmp(tol.SizeFrac) > 0 {
			return Replace, fmt.Sprintf("size %s differs from the target %s", o.Remaining.FloatString(2), want.Size.FloatString(2)), nil
		}
	}
	return Keep, "", nil
}
