package clob

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Side of an order: BUY spends collateral for outcome tokens, SELL the
// reverse. Its uint8 value is what the signed order carries.
type Side uint8

const (
	Buy  Side = 0
	Sell Side = 1
)

func (s Side) String() string {
	if s == Sell {
		return "SELL"
	}
	return "BUY"
}

// ParseSide reads "BUY" or "SELL".
func ParseSide(s string) (Side, error) {
	switch strings.ToUpper(s) {
	case "BUY":
		return Buy, nil
	case "SELL":
		return Sell, nil
	}
	return 0, fmt.Errorf("order side %q is neither BUY nor SELL", s)
}

// TickSize is a market's minimum price increment, as the API writes it.
type TickSize string

// roundConfig is how many decimals the official client keeps for a price,
// a size (in outcome tokens) and an amount (price times size) at a tick.
type roundConfig struct{ price, size, amount int }

var roundConfigs = map[TickSize]roundConfig{
	"0.1":    {1, 2, 3},
	"0.01":   {2, 2, 4},
	"0.005":  {3, 2, 5},
	"0.0025": {4, 2, 6},
	"0.001":  {3, 2, 5},
	"0.0001": {4, 2, 6},
}

// TickSizes lists the tick sizes markets use.
func TickSizes() []TickSize {
	return []TickSize{"0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"}
}

// Rat is the tick as an exact number.
func (t TickSize) Rat() (*big.Rat, error) {
	if _, ok := roundConfigs[t]; !ok {
		return nil, fmt.Errorf("tick size %q is not one of %v", string(t), TickSizes())
	}
	r, _ := new(big.Rat).SetString(string(t))
	return r, nil
}

func (t TickSize) config() (roundConfig, error) {
	c, ok := roundConfigs[t]
	if !ok {
		return c, fmt.Errorf("tick size %q is not one of %v", string(t), TickSizes())
	}
	return c, nil
}

// Amounts are an order's exact on-chain amounts, in base units.
type Amounts struct {
	Maker, Taker *big.Int
	Price        *big.Rat // the price after rounding to the tick's decimals
}

// LimitAmounts turns a limit order's price and size (outcome tokens) into
// maker and taker amounts the way the official client does, in exact
// arithmetic: the price rounds half-up to the tick's price decimals, the
// size rounds down to two decimals, and the product is the other leg.
// BUY: maker = collateral, taker = tokens; SELL: maker = tokens, taker =
// collateral. The price must lie within [tick, 1 - tick].
//
// The client computes in float64; the results agree for orders up to about
// a hundred thousand pUSD (tested). Beyond that its float arithmetic can
// come out one base unit short, off the tick; this stays exact.
func LimitAmounts(side Side, price, size *big.Rat, tick TickSize) (Amounts, error) {
	cfg, err := tick.config()
	if err != nil {
		return Amounts{}, err
	}
	if err := priceInRange(price, tick); err != nil {
		return Amounts{}, err
	}
	if size == nil || size.Sign() <= 0 {
		return Amounts{}, errors.New("order size must be a positive number of outcome tokens")
	}
	p := roundNormal(price, cfg.price)
	tokens := roundDown(size, cfg.size)
	coll := fitAmount(new(big.Rat).Mul(tokens, p), cfg.amount)
	return legs(side, tokens, coll, p)
}

// MarketAmounts is LimitAmounts for a marketable (FOK/FAK) order: amount
// is collateral to spend when buying and tokens to sell when selling, and
// price is the worst price accepted (rounded down to the tick's decimals).
func MarketAmounts(side Side, price, amount *big.Rat, tick TickSize) (Amounts, error) {
	cfg, err := tick.config()
	if err != nil {
		return Amounts{}, err
	}
	if err := priceInRange(price, tick); err != nil {
		return Amounts{}, err
	}
	if amount == nil || amount.Sign() <= 0 {
		return Amounts{}, errors.New("market order amount must be positive")
	}
	p := roundDown(price, cfg.price)
	if p.Sign() == 0 {
		return Amounts{}, fmt.Errorf("price %s rounds to zero at tick %s", price.FloatString(6), tick)
	}
	maker := roundDown(amount, cfg.size)
	if side == Buy {
		tokens := fitAmount(new(big.Rat).Quo(maker, p), cfg.amount)
		return legs(Buy, tokens, maker, p)
	}
	coll := fitAmount(new(big.Rat).Mul(maker, p), cfg.amount)
	return legs(Sell, maker, coll, p)
}

func legs(side Side, tokens, coll, p *big.Rat) (Amounts, error) {
	t, c := toUnits(tokens), toUnits(coll)
	if t.Sign() <= 0 || c.Sign() <= 0 {
		return Amounts{}, fmt.Errorf("order rounds to nothing: %s tokens for %s collateral", tokens.FloatString(6), coll.FloatString(6))
	}
	if side == Buy {
		return Amounts{Maker: c, Taker: t, Price: p}, nil
	}
	return Amounts{Maker: t, Taker: c, Price: p}, nil
}

func priceInRange(price *big.Rat, tick TickSize) error {
	t, err := tick.Rat()
	if err != nil {
		return err
	}
	hi := new(big.Rat).Sub(big.NewRat(1, 1), t)
	if price == nil || price.Cmp(t) < 0 || price.Cmp(hi) > 0 {
		p := "<nil>"
		if price != nil {
			p = price.FloatString(6)
		}
		return fmt.Errorf("invalid price %s: at tick %s it must lie within [%s, %s]", p, tick, t.FloatString(4), hi.FloatString(4))
	}
	return nil
}

// fitAmount keeps at most d decimals the client's way: a value with more
// is first rounded up at d+4 decimals (which absorbs float noise in the
// client and changes nothing exact), then down at d.
func fitAmount(x *big.Rat, d int) *big.Rat {
	if decimalsAtMost(x, d) {
		return x
	}
	x = roundUp(x, d+4)
	if decimalsAtMost(x, d) {
		return x
	}
	return roundDown(x, d)
}

func pow10(d int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil) }

// decimalsAtMost reports whether x*10^d is an integer.
func decimalsAtMost(x *big.Rat, d int) bool {
	n := new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(d)))
	return n.IsInt()
}

func scaled(x *big.Rat, d int) (num, den *big.Int) {
	n := new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(d)))
	return n.Num(), n.Denom()
}

func roundDown(x *big.Rat, d int) *big.Rat {
	if decimalsAtMost(x, d) {
		return x
	}
	num, den := scaled(x, d)
	q := new(big.Int).Div(num, den) // Euclidean: floor for den > 0
	return new(big.Rat).SetFrac(q, pow10(d))
}

func roundUp(x *big.Rat, d int) *big.Rat {
	if decimalsAtMost(x, d) {
		return x
	}
	num, den := scaled(x, d)
	q := new(big.Int).Div(num, den)
	q.Add(q, big.NewInt(1))
	return new(big.Rat).SetFrac(q, pow10(d))
}

// roundNormal rounds half up (the client's Math.round on positive values).
func roundNormal(x *big.Rat, d int) *big.Rat {
	if decimalsAtMost(x, d) {
		return x
	}
	num, den := scaled(x, d)
	twice := new(big.Int).Mul(num, big.NewInt(2))
	twice.Add(twice, den)
	q := new(big.Int).Div(twice, new(big.Int).Mul(den, big.NewInt(2)))
	return new(big.Rat).SetFrac(q, pow10(d))
}

// toUnits is x in 6-decimal base units; x never has more decimals here.
func toUnits(x *big.Rat) *big.Int {
	num, den := scaled(x, Decimals)
	return new(big.Int).Div(num, den)
}

// RoundToTick rounds price down (buy) or up (sell) onto the tick grid, so a
// limit never pays more, or asks less, than the caller allowed.
func RoundToTick(price *big.Rat, tick TickSize, side Side) (*big.Rat, error) {
	t, err := tick.Rat()
	if err != nil {
		return nil, err
	}
	q := new(big.Rat).Quo(price, t)
	n := new(big.Int).Div(q.Num(), q.Denom())
	if side == Sell && !q.IsInt() {
		n.Add(n, big.NewInt(1))
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), t), nil
}
