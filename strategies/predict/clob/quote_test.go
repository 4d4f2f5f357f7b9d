package clob_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

func depth(t *testing.T, tick clob.TickSize, min string, bids, asks [][2]string) clob.Depth {
	t.Helper()
	b := &clob.Book{AssetID: "1", TickSize: string(tick), MinOrderSize: min}
	for _, l := range bids {
		b.Bids = append(b.Bids, clob.Level{Price: l[0], Size: l[1]})
	}
	for _, l := range asks {
		b.Asks = append(b.Asks, clob.Level{Price: l[0], Size: l[1]})
	}
	d, err := clob.ParseBook(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestQuoteSizesByKellyUnderTheCap(t *testing.T) {
	t.Parallel()
	half := big.NewRat(1, 2)
	for _, c := range []struct {
		name        string
		p           string
		tick        clob.TickSize
		bids, asks  [][2]string
		edge        string
		bankroll    int64 // pUSD
		cap         int64 // pUSD
		held        int64 // tokens
		heldUnits   int64 // base units, when not whole tokens
		postOnly    bool
		side        clob.Side
		price, size string
		cost        int64 // base units
		why, reason string
	}{
		{name: "takes an ask below fair value less the edge", p: "0.70", tick: "0.01", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.60", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, side: clob.Buy, price: "0.65", size: "109.89", cost: 71428500, why: "take asks"},
		{name: "cap binds", p: "0.70", tick: "0.01", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.60", "100"}},
			edge: "0.05", bankroll: 1000, cap: 20, side: clob.Buy, price: "0.65", size: "30.76", cost: 19994000, why: "take asks"},
		{name: "post-only rests one tick above the best bid", p: "0.70", tick: "0.01", bids: [][2]string{{"0.54", "10"}, {"0.55", "50"}}, asks: [][2]string{{"0.61", "5"}, {"0.60", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, postOnly: true, side: clob.Buy, price: "0.56", size: "178.57", cost: 99999200, why: "rest a bid"},
		{name: "finer tick rounds the bid", p: "0.4567", tick: "0.001", bids: [][2]string{{"0.41", "10"}}, asks: [][2]string{{"0.5", "10"}},
			edge: "0.02", bankroll: 1000, cap: 100, side: clob.Buy, price: "0.411", size: "94.39", cost: 38794290, why: "rest a bid"},
		{name: "no price leaves the edge", p: "0.04", tick: "0.01", asks: [][2]string{{"0.60", "100"}}, edge: "0.05", bankroll: 1000, cap: 100, reason: "no edge"},
		{name: "too small for the market", p: "0.70", tick: "0.01", asks: [][2]string{{"0.60", "100"}}, edge: "0.05", bankroll: 10, cap: 100, reason: "minimum order"},
		{name: "sells held tokens into a rich bid", p: "0.40", tick: "0.01", bids: [][2]string{{"0.50", "100"}}, asks: [][2]string{{"0.52", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, held: 30, side: clob.Sell, price: "0.45", size: "30", cost: 13500000, why: "sell into bids"},
		{name: "a sale is capped like a buy", p: "0.40", tick: "0.01", bids: [][2]string{{"0.50", "100"}}, asks: [][2]string{{"0.52", "100"}},
			edge: "0.05", bankroll: 1000, cap: 20, held: 300, side: clob.Sell, price: "0.45", size: "44.44", cost: 19998000, why: "sell into bids"},
		{name: "post-only sale rests a tick above the best bid", p: "0.40", tick: "0.01", bids: [][2]string{{"0.50", "100"}}, asks: [][2]string{{"0.51", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, held: 30, postOnly: true, side: clob.Sell, price: "0.51", size: "30", cost: 15300000, why: "rest an ask"},
		{name: "never sells more than held", p: "0.10", tick: "0.001", bids: [][2]string{{"0.90", "1000"}},
			edge: "0.02", bankroll: 1000, cap: 100, heldUnits: 12345678, side: clob.Sell, price: "0.12", size: "12.34", cost: 1480800, why: "sell into bids"},
		{name: "bid too close to fair value: no sale, tokens held count against the buy", p: "0.70", tick: "0.01", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.60", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, held: 10, side: clob.Buy, price: "0.65", size: "99.89", cost: 64928500, why: "take asks"},
		{name: "holds the stake already", p: "0.70", tick: "0.01", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.60", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, held: 300, reason: "worth the stake"},
		{name: "held under the minimum order is not sold", p: "0.40", tick: "0.01", bids: [][2]string{{"0.50", "100"}},
			edge: "0.05", bankroll: 1000, cap: 100, held: 3, side: clob.Buy, price: "0.35", size: "106.89", cost: 37411500, why: "rest a bid"},
	} {
		d := depth(t, c.tick, "5", c.bids, c.asks)
		qp := clob.QuoteParams{Kelly: half, MinEdge: rat(t, c.edge), Bankroll: usdc(c.bankroll), Cap: usdc(c.cap), Held: usdc(c.held), PostOnly: c.postOnly}
		if c.heldUnits != 0 {
			qp.Held = big.NewInt(c.heldUnits)
		}
		got, reason, err := clob.Quote(rat(t, c.p), d, qp)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.reason != "" {
			if got != nil || !strings.Contains(reason, c.reason) {
				t.Errorf("%s: %+v %q, want no order because %q", c.name, got, reason, c.reason)
			}
			continue
		}
		if got == nil {
			t.Fatalf("%s: no order (%s)", c.name, reason)
		}
		if got.Side != c.side || got.Price.Cmp(rat(t, c.price)) != 0 || got.Size.Cmp(rat(t, c.size)) != 0 || got.Cost.Int64() != c.cost || !strings.HasPrefix(got.Why, c.why) {
			t.Errorf("%s: %s %s x %s cost %s (%s), want %s %s x %s cost %d", c.name, got.Side, got.Price.FloatString(4), got.Size.FloatString(2), got.Cost, got.Why, c.side, c.price, c.size, c.cost)
		}
	}
}

// TestQuoteInvariants: over many books and forecasts, a buy is on the grid,
// leaves the edge, never crosses when post-only, and never commits more
// than the cap or the Kelly stake.
func TestQuoteInvariants(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(17, 42))
	quoted, sold := 0, 0
	for i := range 2000 {
		tick := clob.TickSizes()[r.IntN(6)]
		tk, _ := tick.Rat()
		steps := new(big.Rat).Quo(big.NewRat(1, 1), tk).Num().Int64()
		lvl := func() string { return new(big.Rat).Mul(tk, big.NewRat(1+r.Int64N(steps-1), 1)).FloatString(4) }
		var bids, asks [][2]string
		for range r.IntN(4) {
			bids = append(bids, [2]string{lvl(), fmt.Sprint(1 + r.IntN(500))})
		}
		for range r.IntN(4) {
			asks = append(asks, [2]string{lvl(), fmt.Sprint(1 + r.IntN(500))})
		}
		d := depth(t, tick, "1", bids, asks)
		p := big.NewRat(r.Int64N(10001), 10000)
		qp := clob.QuoteParams{Kelly: big.NewRat(1+r.Int64N(4), 4), MinEdge: big.NewRat(r.Int64N(11), 100),
			Bankroll: usdc(1 + r.Int64N(5000)), Cap: usdc(1 + r.Int64N(300)), PostOnly: r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			qp.Held = big.NewInt(r.Int64N(200_000_000))
		}
		got, _, err := clob.Quote(p, d, qp)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil {
			continue
		}
		quoted++
		name := fmt.Sprintf("case %d (p %s, %s, bids %v asks %v, held %v)", i, p.FloatString(4), tick, bids, asks, qp.Held)
		if got.Side == clob.Sell {
			sold++
			checkSale(t, name, p, d, qp, got)
			continue
		}
		if qp.Held != nil {
			worth := new(big.Rat).Mul(new(big.Rat).SetInt(qp.Held), got.Price)
			if worth.Add(worth, new(big.Rat).SetInt(got.Cost)).Cmp(new(big.Rat).SetInt(qp.Cap)) > 0 {
				t.Fatalf("%s: buying %s more makes the position worth more than the cap %s", name, got.Cost, qp.Cap)
			}
		}
		if !new(big.Rat).Quo(got.Price, tk).IsInt() || got.Price.Cmp(tk) < 0 || got.Price.Cmp(new(big.Rat).Sub(big.NewRat(1, 1), tk)) > 0 {
			t.Fatalf("%s: price %s off the grid", name, got.Price.FloatString(6))
		}
		if new(big.Rat).Sub(p, got.Price).Cmp(qp.MinEdge) < 0 {
			t.Fatalf("%s: price %s leaves less than the edge %s", name, got.Price.FloatString(6), qp.MinEdge.FloatString(2))
		}
		if got.Cost.Cmp(qp.Cap) > 0 {
			t.Fatalf("%s: cost %s over the cap %s", name, got.Cost, qp.Cap)
		}
		kelly := new(big.Rat).Mul(qp.Kelly, new(big.Rat).SetInt(qp.Bankroll))
		kelly.Mul(kelly, new(big.Rat).Sub(p, got.Price)).Quo(kelly, new(big.Rat).Sub(big.NewRat(1, 1), got.Price))
		if new(big.Rat).SetInt(got.Cost).Cmp(kelly) > 0 {
			t.Fatalf("%s: cost %s over the Kelly stake %s", name, got.Cost, kelly.FloatString(0))
		}
		if qp.PostOnly && len(d.Asks) > 0 && got.Price.Cmp(d.Asks[0].Price) >= 0 {
			t.Fatalf("%s: post-only bid %s crosses the ask %s", name, got.Price.FloatString(4), d.Asks[0].Price.FloatString(4))
		}
		am, err := clob.LimitAmounts(clob.Buy, got.Price, got.Size, tick)
		if err != nil || am.Maker.Cmp(got.Cost) != 0 {
			t.Fatalf("%s: cost %s is not the order's maker amount %v (%v)", name, got.Cost, am.Maker, err)
		}
	}
	if quoted < 500 || sold < 100 {
		t.Fatalf("only %d of 2000 cases quoted, %d sold: the invariants were hardly exercised", quoted, sold)
	}
}

// checkSale: a sale is on the grid, leaves the edge over fair value, sells
// no more than is held, receives no more than the cap, happens only when
// the best bid pays the edge, and never crosses when post-only.
func checkSale(t *testing.T, name string, p *big.Rat, d clob.Depth, qp clob.QuoteParams, got *clob.Target) {
	t.Helper()
	tk, _ := d.Tick.Rat()
	if !new(big.Rat).Quo(got.Price, tk).IsInt() || got.Price.Cmp(tk) < 0 || got.Price.Cmp(new(big.Rat).Sub(big.NewRat(1, 1), tk)) > 0 {
		t.Fatalf("%s: sale price %s off the grid", name, got.Price.FloatString(6))
	}
	floor := new(big.Rat).Add(p, qp.MinEdge)
	if got.Price.Cmp(floor) < 0 || d.Bids[0].Price.Cmp(floor) < 0 {
		t.Fatalf("%s: sells at %s with the best bid %s, under fair value plus the edge %s", name, got.Price.FloatString(4), d.Bids[0].Price.FloatString(4), floor.FloatString(4))
	}
	am, err := clob.LimitAmounts(clob.Sell, got.Price, got.Size, d.Tick)
	if err != nil || am.Maker.Cmp(qp.Held) > 0 || am.Taker.Cmp(got.Cost) != 0 || got.Cost.Cmp(qp.Cap) > 0 {
		t.Fatalf("%s: sells %v tokens of %s held for %s, cap %s (%v)", name, am.Maker, qp.Held, got.Cost, qp.Cap, err)
	}
	if qp.PostOnly && got.Price.Cmp(d.Bids[0].Price) <= 0 {
		t.Fatalf("%s: post-only ask %s crosses the bid %s", name, got.Price.FloatString(4), d.Bids[0].Price.FloatString(4))
	}
}

func TestReviewCancelsOrReplacesAsTheBookMoves(t *testing.T) {
	t.Parallel()
	tol := clob.Tolerance{Ticks: 2, SizeFrac: big.NewRat(1, 4)}
	buy := clob.Resting{Side: clob.Buy, Price: rat(t, "0.55"), Remaining: rat(t, "100")}
	sell := clob.Resting{Side: clob.Sell, Price: rat(t, "0.60"), Remaining: rat(t, "100")}
	tg := func(side clob.Side, price, size string) *clob.Target {
		return &clob.Target{Side: side, Price: rat(t, price), Size: rat(t, size)}
	}
	for _, c := range []struct {
		name string
		o    clob.Resting
		want *clob.Target
		act  clob.Action
	}{
		{"edge gone", buy, nil, clob.Cancel},
		{"book moved up three ticks", buy, tg(clob.Buy, "0.58", "100"), clob.Replace},
		{"one tick up: keep the queue place", buy, tg(clob.Buy, "0.56", "100"), clob.Keep},
		{"bid now pays more than the target", buy, tg(clob.Buy, "0.54", "100"), clob.Replace},
		{"target switched side", buy, tg(clob.Sell, "0.60", "100"), clob.Replace},
		{"target doubled", buy, tg(clob.Buy, "0.55", "200"), clob.Replace},
		{"a little more size", buy, tg(clob.Buy, "0.55", "110"), clob.Keep},
		{"ask could come down two ticks", sell, tg(clob.Sell, "0.58", "100"), clob.Keep},
		{"ask now asks less than the target", sell, tg(clob.Sell, "0.62", "100"), clob.Replace},
		{"ask with no edge left", sell, nil, clob.Cancel},
		{"fewer tokens held than the ask offers", sell, tg(clob.Sell, "0.60", "50"), clob.Replace},
		{"ask while the target buys", sell, tg(clob.Buy, "0.40", "100"), clob.Replace},
	} {
		got, why, err := clob.Review(c.o, c.want, "0.01", tol)
		if err != nil || got != c.act {
			t.Errorf("%s: %s (%s, %v), want %s", c.name, got, why, err, c.act)
		}
	}
}

// TestQuoteLeavesTheEdgeNetOfTheFee: where the platform fee applies (a
// taking order, or a resting one when makers pay) the order still leaves
// the minimum edge after it: a taking buy lowers its limit and rests when
// no ask is left under it, a taking sale raises its floor.
func TestQuoteLeavesTheEdgeNetOfTheFee(t *testing.T) {
	t.Parallel()
	three := clob.FeeSchedule{Rate: big.NewRat(3, 100), Exponent: 1}
	makersPay := three
	makersPay.MakersPay = true
	for _, c := range []struct {
		name             string
		p                string
		bids, asks       [][2]string
		held             int64
		postOnly         bool
		fee              clob.FeeSchedule
		side             clob.Side
		price, edge, why string
	}{
		{name: "no fee: takes at fair value less the edge", p: "0.70", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.66", "100"}},
			side: clob.Buy, price: "0.68", edge: "0.02", why: "take asks"},
		// 0.68 + 0.03 * 0.68 * 0.32 > 0.68; 0.67 + 0.03 * 0.67 * 0.33 = 0.676633
		{name: "the fee lowers the taking limit", p: "0.70", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.66", "100"}}, fee: three,
			side: clob.Buy, price: "0.67", edge: "0.023367", why: "take asks"},
		{name: "no ask is left under the limit net of the fee: rest", p: "0.70", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.68", "100"}}, fee: three,
			side: clob.Buy, price: "0.56", edge: "0.14", why: "rest a bid"},
		// 0.70 - 0.56 - 0.03 * 0.56 * 0.44
		{name: "makers pay: a resting bid nets the fee", p: "0.70", bids: [][2]string{{"0.55", "50"}}, asks: [][2]string{{"0.80", "100"}}, postOnly: true, fee: makersPay,
			side: clob.Buy, price: "0.56", edge: "0.132608", why: "rest a bid"},
		// 0.32 - 0.03 * 0.32 * 0.68 < 0.32; 0.33 - 0.03 * 0.33 * 0.67 = 0.323367
		{name: "a taking sale raises its floor", p: "0.30", bids: [][2]string{{"0.40", "100"}}, held: 30, fee: three,
			side: clob.Sell, price: "0.33", edge: "0.023367", why: "sell into bids"},
	} {
		d := depth(t, "0.01", "1", c.bids, c.asks)
		qp := clob.QuoteParams{Kelly: big.NewRat(1, 2), MinEdge: rat(t, "0.02"), Bankroll: usdc(1000), Cap: usdc(100), Held: usdc(c.held), PostOnly: c.postOnly, Fee: c.fee}
		got, reason, err := clob.Quote(rat(t, c.p), d, qp)
		if err != nil || got == nil {
			t.Fatalf("%s: %+v %q %v", c.name, got, reason, err)
		}
		if got.Side != c.side || got.Price.Cmp(rat(t, c.price)) != 0 || got.Edge.Cmp(rat(t, c.edge)) != 0 || !strings.HasPrefix(got.Why, c.why) {
			t.Errorf("%s: %s at %s, edge %s (%s); want %s at %s, edge %s (%s)", c.name, got.Side, got.Price.FloatString(4), got.Edge.FloatString(6), got.Why, c.side, c.price, c.edge, c.why)
		}
	}
}
