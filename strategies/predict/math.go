package predict

import (
	"errors"
	"fmt"
	"math/big"
)

// The fixed-product market maker's integer math, exactly as the contract
// computes it (contracts/src/markets/FixedProductMarketMaker.sol), so a
// quote made here equals the contract's calcBuyAmount / calcSellAmount on
// the same pool balances to the last unit.

// One is the contract's fixed-point unit: a fee of One is 100%.
var One = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)

// ErrPool is returned for pool states the contract rejects.
var ErrPool = errors.New("fixed-product pool")

// CalcBuyAmount is how many outcome tokens of outcome a buy of investment
// collateral returns from a pool with balances and fee (a fraction of One).
// The fee comes off the investment (rounded down); every other balance
// grows by the rest; the ending balance of the bought outcome is rounded up
// at each step, so the buyer gets the floor.
func CalcBuyAmount(balances []*big.Int, fee, investment *big.Int, outcome int) (*big.Int, error) {
	if err := checkPool(balances, fee, outcome); err != nil {
		return nil, err
	}
	if investment == nil || investment.Sign() < 0 {
		return nil, fmt.Errorf("%w: investment %v is negative", ErrPool, investment)
	}
	var w wide
	feeAmt := w.check(new(big.Int).Mul(investment, fee))
	feeAmt.Quo(feeAmt, One)
	net := new(big.Int).Sub(investment, feeAmt)
	ending := w.check(new(big.Int).Mul(balances[outcome], One))
	for i, b := range balances {
		if i == outcome {
			continue
		}
		den := w.check(new(big.Int).Add(b, net))
		if den.Sign() == 0 {
			return nil, fmt.Errorf("%w: outcome %d has a zero balance", ErrPool, i)
		}
		ending = ceilDiv(w.check(ending.Mul(ending, b)), den)
	}
	if w.over {
		return nil, fmt.Errorf("%w: amounts overflow 256 bits", ErrPool)
	}
	if ending.Sign() == 0 {
		return nil, fmt.Errorf("%w: must have non-zero balances", ErrPool)
	}
	out := w.check(new(big.Int).Add(balances[outcome], net))
	out.Sub(out, ceilDiv(ending, One))
	if w.over || out.Sign() < 0 {
		return nil, fmt.Errorf("%w: the buy overflows 256 bits or underflows", ErrPool)
	}
	return out, nil
}

// CalcSellAmount is how many outcome tokens of outcome a sell must hand in
// for the pool to pay returnAmount collateral after the fee: the pool
// merges returnAmount*One/(One-fee) (rounded down) of every outcome, and the
// seller's tokens must restore the product, rounded up.
func CalcSellAmount(balances []*big.Int, fee, returnAmount *big.Int, outcome int) (*big.Int, error) {
	if err := checkPool(balances, fee, outcome); err != nil {
		return nil, err
	}
	if returnAmount == nil || returnAmount.Sign() < 0 {
		return nil, fmt.Errorf("%w: return amount %v is negative", ErrPool, returnAmount)
	}
	var w wide
	gross := w.check(new(big.Int).Mul(returnAmount, One))
	gross.Quo(gross, new(big.Int).Sub(One, fee))
	ending := w.check(new(big.Int).Mul(balances[outcome], One))
	for i, b := range balances {
		if i == outcome {
			continue
		}
		left := new(big.Int).Sub(b, gross)
		if left.Sign() <= 0 {
			// The contract reverts: an underflow, or a division by zero.
			return nil, fmt.Errorf("%w: returning %s needs more than the pool's %s of outcome %d", ErrPool, returnAmount, b, i)
		}
		ending = ceilDiv(w.check(ending.Mul(ending, b)), left)
	}
	if w.over {
		return nil, fmt.Errorf("%w: amounts overflow 256 bits", ErrPool)
	}
	if ending.Sign() == 0 {
		return nil, fmt.Errorf("%w: must have non-zero balances", ErrPool)
	}
	in := w.check(new(big.Int).Add(gross, ceilDiv(ending, One)))
	in.Sub(in, balances[outcome])
	if w.over || in.Sign() < 0 {
		return nil, fmt.Errorf("%w: sell underflows", ErrPool)
	}
	return in, nil
}

// MaxSellReturn is the largest return (collateral) a sell of at most tokens
// of outcome can ask for, and the tokens that return takes; zero when even
// one unit of collateral costs more than tokens. CalcSellAmount grows with
// the return, so a binary search finds it exactly.
func MaxSellReturn(balances []*big.Int, fee, tokens *big.Int, outcome int) (ret, cost *big.Int, err error) {
	if err := checkPool(balances, fee, outcome); err != nil {
		return nil, nil, err
	}
	if tokens == nil || tokens.Sign() <= 0 {
		return new(big.Int), new(big.Int), nil
	}
	// The pool cannot return more than the smallest other balance (less fee).
	hi := new(big.Int)
	for i, b := range balances {
		if i != outcome && (hi.Sign() == 0 || b.Cmp(hi) < 0) {
			hi.Set(b)
		}
	}
	lo := new(big.Int)
	cost = new(big.Int)
	one := big.NewInt(1)
	for lo.Cmp(hi) < 0 {
		mid := new(big.Int).Add(lo, hi)
		mid.Add(mid, one).Rsh(mid, 1)
		c, err := CalcSellAmount(balances, fee, mid, outcome)
		if err != nil || c.Cmp(tokens) > 0 {
			hi.Sub(mid, one)
			continue
		}
		lo.Set(mid)
		cost.Set(c)
	}
	if lo.Sign() == 0 {
		return new(big.Int), new(big.Int), nil
	}
	return lo, cost, nil
}

// Prices are the pool's marginal outcome prices: outcome i's is the product
// of the other balances over the sum of such products, so they sum to 1
// (for two outcomes, p0 = b1 / (b0 + b1)). Nil when a balance is zero.
func Prices(balances []*big.Int) []*big.Rat {
	if len(balances) < 2 {
		return nil
	}
	prods := make([]*big.Int, len(balances))
	total := new(big.Int)
	for i := range balances {
		p := big.NewInt(1)
		for j, b := range balances {
			if j != i {
				p.Mul(p, b)
			}
		}
		if p.Sign() == 0 {
			return nil
		}
		prods[i] = p
		total.Add(total, p)
	}
	out := make([]*big.Rat, len(balances))
	for i, p := range prods {
		out[i] = new(big.Rat).SetFrac(p, total)
	}
	return out
}

func checkPool(balances []*big.Int, fee *big.Int, outcome int) error {
	switch {
	case len(balances) < 2:
		return fmt.Errorf("%w: %d balances; a market has at least two outcomes", ErrPool, len(balances))
	case outcome < 0 || outcome >= len(balances):
		return fmt.Errorf("%w: invalid outcome index %d (the market has %d outcomes)", ErrPool, outcome, len(balances))
	case fee == nil || fee.Sign() < 0 || fee.Cmp(One) >= 0:
		return fmt.Errorf("%w: fee %v is outside [0, 1e18)", ErrPool, fee)
	}
	for i, b := range balances {
		if b == nil || b.Sign() < 0 {
			return fmt.Errorf("%w: balance %d is %v", ErrPool, i, b)
		}
	}
	return nil
}

// wide notes whether any intermediate value left uint256, where the
// contract's checked arithmetic reverts.
type wide struct{ over bool }

func (w *wide) check(v *big.Int) *big.Int {
	if v.Sign() < 0 || v.BitLen() > 256 {
		w.over = true
	}
	return v
}

// ceilDiv is ceil(x / y) for x >= 0, y > 0, as the contract's CeilDiv.
func ceilDiv(x, y *big.Int) *big.Int {
	if x.Sign() == 0 {
		return new(big.Int)
	}
	q := new(big.Int).Sub(x, big.NewInt(1))
	q.Quo(q, y)
	return q.Add(q, big.NewInt(1))
}
