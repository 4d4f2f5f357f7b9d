package dex

import (
	"errors"
	"fmt"
	"math/big"
)

// Uniswap V3's swap math in exact integers, step for step as the pool
// computes it (TickMath, SqrtPriceMath, SwapMath, TickBitmap), so a local
// quote equals the pool's to the wei. Every rounding direction and every
// overflow branch follows the contracts: a different rounding on one step is
// a different amount.

const (
	// MinTick and MaxTick bound a V3 pool's ticks.
	MinTick = -887272
	MaxTick = 887272
	// feeDenom is 100% in V3 fee units (pips): a 0.3% pool has fee 3000.
	feeDenom = 1_000_000
)

var (
	// MinSqrtRatio and MaxSqrtRatio are the sqrt prices (Q64.96) at MinTick
	// and MaxTick; a price limit must lie strictly between them.
	MinSqrtRatio, _ = new(big.Int).SetString("4295128739", 10)
	MaxSqrtRatio, _ = new(big.Int).SetString("1461446703485210103287273052203988822378723970342", 10)

	q96      = new(big.Int).Lsh(big.NewInt(1), 96)
	maxU256  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	maxU160  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 160), big.NewInt(1))
	maxU128  = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	bigOne   = big.NewInt(1)
	feeDenB  = big.NewInt(feeDenom)
	tickBits = tickMagic()
)

// ErrV3Math marks an input on which the pool itself would revert (zero
// liquidity, a price out of bounds, a uint256 or uint160 overflow).
var ErrV3Math = errors.New("v3 math")

// tickMagic holds TickMath's factors: entry i multiplies in for bit i of |tick|.
func tickMagic() []*big.Int {
	hex := []string{
		"fffcb933bd6fad37aa2d162d1a594001", "fff97272373d413259a46990580e213a",
		"fff2e50f5f656932ef12357cf3c7fdcc", "ffe5caca7e10e4e61c3624eaa0941cd0",
		"ffcb9843d60f6159c9db58835c926644", "ff973b41fa98c081472e6896dfb254c0",
		"ff2ea16466c96a3843ec78b326b52861", "fe5dee046a99a2a811c461f1969c3053",
		"fcbe86c7900a88aedcffc83b479aa3a4", "f987a7253ac413176f2b074cf7815e54",
		"f3392b0822b70005940c7a398e4b70f3", "e7159475a2c29b7443b29c7fa6e889d9",
		"d097f3bdfd2022b8845ad8f792aa5825", "a9f746462d870fdf8a65dc1f90e061e5",
		"70d869a156d2a1b890bb3df62baf32f7", "31be135f97d08fd981231505542fcfa6",
		"9aa508b5b7a84e1c677de54f3e99bc9", "5d6af8dedb81196699c329225ee604",
		"2216e584f5fa1ea926041bedfe98", "48a170391f7dc42444e8fa2",
	}
	out := make([]*big.Int, len(hex))
	for i, h := range hex {
		out[i], _ = new(big.Int).SetString(h, 16)
	}
	return out
}

// SqrtRatioAtTick is TickMath.getSqrtRatioAtTick: sqrt(1.0001^tick) in
// Q64.96, rounded up.
func SqrtRatioAtTick(tick int) (*big.Int, error) {
	if tick < MinTick || tick > MaxTick {
		return nil, fmt.Errorf("%w: tick %d is outside [%d, %d]", ErrV3Math, tick, MinTick, MaxTick)
	}
	abs := tick
	if abs < 0 {
		abs = -abs
	}
	ratio := new(big.Int).Lsh(bigOne, 128)
	if abs&1 != 0 {
		ratio.Set(tickBits[0])
	}
	for i := 1; i < len(tickBits); i++ {
		if abs&(1<<i) != 0 {
			ratio.Mul(ratio, tickBits[i]).Rsh(ratio, 128)
		}
	}
	if tick > 0 {
		ratio.Quo(maxU256, ratio)
	}
	rem := new(big.Int).And(ratio, big.NewInt(0xffffffff))
	ratio.Rsh(ratio, 32)
	if rem.Sign() != 0 {
		ratio.Add(ratio, bigOne)
	}
	return ratio, nil
}

// fullMulDiv is FullMath.mulDiv: a*b/c rounded down, failing where the
// contract reverts (c zero or a result that needs more than 256 bits).
func fullMulDiv(a, b, c *big.Int, up bool) (*big.Int, error) {
	if c.Sign() == 0 {
		return nil, fmt.Errorf("%w: division by zero", ErrV3Math)
	}
	q, r := new(big.Int).QuoRem(new(big.Int).Mul(a, b), c, new(big.Int))
	if up && r.Sign() != 0 {
		q.Add(q, bigOne)
	}
	if q.Cmp(maxU256) > 0 {
		return nil, fmt.Errorf("%w: mulDiv overflows uint256", ErrV3Math)
	}
	return q, nil
}

// divUp is UnsafeMath.divRoundingUp.
func divUp(a, b *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(a, b, new(big.Int))
	if r.Sign() != 0 {
		q.Add(q, bigOne)
	}
	return q
}

func toU160(v *big.Int) (*big.Int, error) {
	if v.Sign() < 0 || v.Cmp(maxU160) > 0 {
		return nil, fmt.Errorf("%w: sqrt price does not fit in uint160", ErrV3Math)
	}
	return v, nil
}

// nextSqrtFromAmount0 is SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp,
// including its fallback formula when amount*sqrtP overflows 256 bits (it
// rounds differently, so it must be taken exactly where the pool takes it).
func nextSqrtFromAmount0(sqrtP, liq, amount *big.Int, add bool) (*big.Int, error) {
	if amount.Sign() == 0 {
		return new(big.Int).Set(sqrtP), nil
	}
	num1 := new(big.Int).Lsh(liq, 96)
	product := new(big.Int).Mul(amount, sqrtP)
	fits := product.Cmp(maxU256) <= 0
	if add {
		if fits {
			den := new(big.Int).Add(num1, product)
			if den.Cmp(maxU256) <= 0 {
				v, err := fullMulDiv(num1, sqrtP, den, true)
				if err != nil {
					return nil, err
				}
				return toU160(v)
			}
		}
		d := new(big.Int).Quo(num1, sqrtP)
		d.Add(d, amount)
		if d.Cmp(maxU256) > 0 {
			return nil, fmt.Errorf("%w: amount0 overflows", ErrV3Math)
		}
		return toU160(divUp(num1, d))
	}
	if !fits || num1.Cmp(product) <= 0 {
		return nil, fmt.Errorf("%w: output exceeds the token0 the range holds", ErrV3Math)
	}
	v, err := fullMulDiv(num1, sqrtP, new(big.Int).Sub(num1, product), true)
	if err != nil {
		return nil, err
	}
	return toU160(v)
}

// nextSqrtFromAmount1 is SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown.
func nextSqrtFromAmount1(sqrtP, liq, amount *big.Int, add bool) (*big.Int, error) {
	if add {
		q, err := fullMulDiv(amount, q96, liq, false)
		if err != nil {
			return nil, err
		}
		return toU160(q.Add(q, sqrtP))
	}
	q, err := fullMulDiv(amount, q96, liq, true)
	if err != nil {
		return nil, err
	}
	if sqrtP.Cmp(q) <= 0 {
		return nil, fmt.Errorf("%w: output exceeds the token1 the range holds", ErrV3Math)
	}
	return new(big.Int).Sub(sqrtP, q), nil
}

// NextSqrtPriceFromInput is SqrtPriceMath.getNextSqrtPriceFromInput: the
// price after amountIn (fee already taken) enters a range of liquidity liq.
func NextSqrtPriceFromInput(sqrtP, liq, amountIn *big.Int, zeroForOne bool) (*big.Int, error) {
	if sqrtP.Sign() <= 0 || liq.Sign() <= 0 {
		return nil, fmt.Errorf("%w: no price or no liquidity", ErrV3Math)
	}
	if zeroForOne {
		return nextSqrtFromAmount0(sqrtP, liq, amountIn, true)
	}
	return nextSqrtFromAmount1(sqrtP, liq, amountIn, true)
}

// NextSqrtPriceFromOutput is SqrtPriceMath.getNextSqrtPriceFromOutput.
func NextSqrtPriceFromOutput(sqrtP, liq, amountOut *big.Int, zeroForOne bool) (*big.Int, error) {
	if sqrtP.Sign() <= 0 || liq.Sign() <= 0 {
		return nil, fmt.Errorf("%w: no price or no liquidity", ErrV3Math)
	}
	if zeroForOne {
		return nextSqrtFromAmount1(sqrtP, liq, amountOut, false)
	}
	return nextSqrtFromAmount0(sqrtP, liq, amountOut, false)
}

func ordered(a, b *big.Int) (*big.Int, *big.Int) {
	if a.Cmp(b) > 0 {
		return b, a
	}
	return a, b
}

// Amount0Delta is SqrtPriceMath.getAmount0Delta: the token0 between two
// sqrt prices for liquidity liq, rounded up or down.
func Amount0Delta(sqrtA, sqrtB, liq *big.Int, up bool) (*big.Int, error) {
	a, b := ordered(sqrtA, sqrtB)
	if a.Sign() <= 0 {
		return nil, fmt.Errorf("%w: zero sqrt price", ErrV3Math)
	}
	num1 := new(big.Int).Lsh(liq, 96)
	num2 := new(big.Int).Sub(b, a)
	if up {
		v, err := fullMulDiv(num1, num2, b, true)
		if err != nil {
			return nil, err
		}
		return divUp(v, a), nil
	}
	v, err := fullMulDiv(num1, num2, b, false)
	if err != nil {
		return nil, err
	}
	return v.Quo(v, a), nil
}

// Amount1Delta is SqrtPriceMath.getAmount1Delta.
func Amount1Delta(sqrtA, sqrtB, liq *big.Int, up bool) (*big.Int, error) {
	a, b := ordered(sqrtA, sqrtB)
	return fullMulDiv(liq, new(big.Int).Sub(b, a), q96, up)
}

// swapStep is SwapMath.computeSwapStep's result.
type swapStep struct {
	sqrtNext, amountIn, amountOut, fee *big.Int
}

// computeSwapStep is SwapMath.computeSwapStep: one step of a swap inside a
// range of constant liquidity, toward target. remaining is positive for an
// exact input, negative for an exact output; fee is in pips.
func computeSwapStep(cur, target, liq, remaining *big.Int, fee uint32) (*swapStep, error) {
	zeroForOne := cur.Cmp(target) >= 0
	exactIn := remaining.Sign() >= 0
	feeB := big.NewInt(int64(fee))
	keep := big.NewInt(feeDenom - int64(fee))
	s := &swapStep{}
	var err error
	var inMax, outMax *big.Int
	if exactIn {
		lessFee, err := fullMulDiv(remaining, keep, feeDenB, false)
		if err != nil {
			return nil, err
		}
		if zeroForOne {
			inMax, err = Amount0Delta(target, cur, liq, true)
		} else {
			inMax, err = Amount1Delta(cur, target, liq, true)
		}
		if err != nil {
			return nil, err
		}
		if lessFee.Cmp(inMax) >= 0 {
			s.sqrtNext = new(big.Int).Set(target)
		} else if s.sqrtNext, err = NextSqrtPriceFromInput(cur, liq, lessFee, zeroForOne); err != nil {
			return nil, err
		}
	} else {
		want := new(big.Int).Neg(remaining)
		if zeroForOne {
			outMax, err = Amount1Delta(target, cur, liq, false)
		} else {
			outMax, err = Amount0Delta(cur, target, liq, false)
		}
		if err != nil {
			return nil, err
		}
		if want.Cmp(outMax) >= 0 {
			s.sqrtNext = new(big.Int).Set(target)
		} else if s.sqrtNext, err = NextSqrtPriceFromOutput(cur, liq, want, zeroForOne); err != nil {
			return nil, err
		}
	}
	full := s.sqrtNext.Cmp(target) == 0
	if zeroForOne {
		if full && exactIn {
			s.amountIn = inMax
		} else if s.amountIn, err = Amount0Delta(s.sqrtNext, cur, liq, true); err != nil {
			return nil, err
		}
		if full && !exactIn {
			s.amountOut = outMax
		} else if s.amountOut, err = Amount1Delta(s.sqrtNext, cur, liq, false); err != nil {
			return nil, err
		}
	} else {
		if full && exactIn {
			s.amountIn = inMax
		} else if s.amountIn, err = Amount1Delta(cur, s.sqrtNext, liq, true); err != nil {
			return nil, err
		}
		if full && !exactIn {
			s.amountOut = outMax
		} else if s.amountOut, err = Amount0Delta(cur, s.sqrtNext, liq, false); err != nil {
			return nil, err
		}
	}
	if !exactIn {
		if want := new(big.Int).Neg(remaining); s.amountOut.Cmp(want) > 0 {
			s.amountOut = want
		}
	}
	if exactIn && !full {
		s.fee = new(big.Int).Sub(remaining, s.amountIn)
	} else if s.fee, err = fullMulDiv(s.amountIn, feeB, keep, true); err != nil {
		return nil, err
	}
	return s, nil
}

// nextInitializedTick is TickBitmap.nextInitializedTickWithinOneWord: the
// next initialized tick at or below (lte) or above tick within the bitmap
// word that holds it, or the word's edge when none is. wordOf returns the
// pool's tickBitmap(wordPos).
func nextInitializedTick(tick, spacing int, lte bool, wordOf func(int16) (*big.Int, error)) (int, bool, error) {
	compressed := tick / spacing
	if tick < 0 && tick%spacing != 0 {
		compressed--
	}
	if lte {
		word, err := wordOf(int16(compressed >> 8))
		if err != nil {
			return 0, false, err
		}
		bit := compressed & 0xff
		// bits at or below bit: mask = (1 << bit) - 1 + (1 << bit)
		masked := new(big.Int).And(word, new(big.Int).Sub(new(big.Int).Lsh(bigOne, uint(bit)+1), bigOne))
		if masked.Sign() == 0 {
			return (compressed - bit) * spacing, false, nil
		}
		msb := masked.BitLen() - 1
		return (compressed - (bit - msb)) * spacing, true, nil
	}
	c := compressed + 1
	word, err := wordOf(int16(c >> 8))
	if err != nil {
		return 0, false, err
	}
	bit := c & 0xff
	masked := new(big.Int).Rsh(word, uint(bit))
	if masked.Sign() == 0 {
		return (c + (255 - bit)) * spacing, false, nil
	}
	lsb := int(masked.TrailingZeroBits())
	return (c + lsb) * spacing, true, nil
}
