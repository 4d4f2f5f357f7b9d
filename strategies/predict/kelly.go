package predict

import (
	"math/big"
)

// Sizing is what a bet is sized against, all exact.
type Sizing struct {
	Bankroll *big.Int // collateral Kelly sizes against
	Cap      *big.Int // the most this buy may spend (max bet, policy, free bankroll, balance)
	// Min is the least worth buying: below it the fee rounds to nothing
	// and an "edge" is rounding noise, not worth the gas (nil: 1 unit).
	Min     *big.Int
	Kelly   *big.Rat // fraction of the full Kelly stake, in (0, 1]
	MinEdge *big.Rat // least p - q worth buying at, as a probability
}

// BetSize is the largest buy s of outcome, at most Cap, whose average
// price q(s) = s / tokens(s) (the market maker's fee and price impact
// included) still leaves
//
//	p - q(s) >= MinEdge, and
//	s <= Kelly * Bankroll * (p - q(s)) / (1 - q(s)),
//
// the fractional Kelly stake of a bet that pays one collateral unit per
// token when the outcome wins. q grows with s, so both conditions hold up
// to some size and a binary search finds it. It returns the stake and the
// tokens it buys; zero when no buy of at least Min qualifies.
func BetSize(pool []*big.Int, fee *big.Int, outcome int, p *big.Rat, sz Sizing) (stake, tokens *big.Int) {
	zero := func() (*big.Int, *big.Int) { return new(big.Int), new(big.Int) }
	if sz.Cap == nil || sz.Cap.Sign() <= 0 || p == nil || p.Sign() <= 0 {
		return zero()
	}
	ok := func(s *big.Int) (*big.Int, bool) {
		t, err := CalcBuyAmount(pool, fee, s, outcome)
		if err != nil || t.Sign() == 0 {
			return nil, false
		}
		q := new(big.Rat).SetFrac(s, t)
		edge := new(big.Rat).Sub(p, q)
		if edge.Cmp(sz.MinEdge) < 0 || edge.Sign() <= 0 || q.Cmp(big.NewRat(1, 1)) >= 0 {
			return nil, false
		}
		// s * (1 - q) <= kelly * bankroll * edge
		lhs := new(big.Rat).Mul(new(big.Rat).SetInt(s), new(big.Rat).Sub(big.NewRat(1, 1), q))
		rhs := new(big.Rat).Mul(sz.Kelly, new(big.Rat).SetInt(sz.Bankroll))
		rhs.Mul(rhs, edge)
		return t, lhs.Cmp(rhs) <= 0
	}
	lo := big.NewInt(1)
	if sz.Min != nil && sz.Min.Sign() > 0 {
		lo.Set(sz.Min)
	}
	if lo.Cmp(sz.Cap) > 0 {
		return zero()
	}
	best, good := ok(lo)
	if !good {
		return zero()
	}
	hi := new(big.Int).Set(sz.Cap)
	one := big.NewInt(1)
	for lo.Cmp(hi) < 0 {
		mid := new(big.Int).Add(lo, hi)
		mid.Add(mid, one).Rsh(mid, 1)
		if t, good := ok(mid); good {
			lo.Set(mid)
			best = t
		} else {
			hi.Sub(mid, one)
		}
	}
	return lo, best
}

// SellPrice is the average price per token (collateral received over
// tokens handed in) of selling up to tokens of outcome, and that return;
// nil when nothing can be sold.
func SellPrice(pool []*big.Int, fee, tokens *big.Int, outcome int) (*big.Rat, *big.Int) {
	ret, cost, err := MaxSellReturn(pool, fee, tokens, outcome)
	if err != nil || ret.Sign() == 0 || cost.Sign() == 0 {
		return nil, nil
	}
	return new(big.Rat).SetFrac(ret, cost), ret
}
