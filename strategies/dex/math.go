package dex

import (
	"errors"
	"fmt"
	"math/big"
)

// BpsDenom is 100% in basis points.
const BpsDenom = 10_000

var (
	maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	bigBps     = big.NewInt(BpsDenom)
	big997     = big.NewInt(997)
	big1000    = big.NewInt(1000)
)

// ErrOverflow means an amount is so large that the router's checked uint256
// arithmetic would revert; the local math refuses it the same way.
var ErrOverflow = errors.New("amount too large: the V2 formula overflows uint256 (the router would revert)")

// checked returns v, or ErrOverflow when v does not fit in a uint256.
func checked(v *big.Int) (*big.Int, error) {
	if v.Cmp(maxUint256) > 0 {
		return nil, ErrOverflow
	}
	return v, nil
}

func checkReserves(rIn, rOut *big.Int) error {
	if rIn == nil || rOut == nil || rIn.Sign() <= 0 || rOut.Sign() <= 0 {
		return errors.New("the pool has no liquidity (a reserve is zero): pick another pool")
	}
	return nil
}

// AmountOut is Uniswap V2's getAmountOut with its 0.3% fee, in exact integer
// math: in*997*rOut / (rIn*1000 + in*997), rounded down. It fails where the
// router would revert: a non-positive input, an empty pool, uint256 overflow.
func AmountOut(in, rIn, rOut *big.Int) (*big.Int, error) {
	if in == nil || in.Sign() <= 0 {
		return nil, fmt.Errorf("amount in %v must be positive", in)
	}
	if err := checkReserves(rIn, rOut); err != nil {
		return nil, err
	}
	withFee, err := checked(new(big.Int).Mul(in, big997))
	if err != nil {
		return nil, err
	}
	num, err := checked(new(big.Int).Mul(withFee, rOut))
	if err != nil {
		return nil, err
	}
	den, err := checked(new(big.Int).Mul(rIn, big1000))
	if err != nil {
		return nil, err
	}
	if den, err = checked(den.Add(den, withFee)); err != nil {
		return nil, err
	}
	return num.Quo(num, den), nil
}

// AmountIn is Uniswap V2's getAmountIn: the least input that yields out,
// rIn*out*1000 / ((rOut-out)*997) + 1. It fails when out is not positive or
// not below the output reserve, or on overflow.
func AmountIn(out, rIn, rOut *big.Int) (*big.Int, error) {
	if out == nil || out.Sign() <= 0 {
		return nil, fmt.Errorf("amount out %v must be positive", out)
	}
	if err := checkReserves(rIn, rOut); err != nil {
		return nil, err
	}
	if out.Cmp(rOut) >= 0 {
		return nil, fmt.Errorf("amount out %s is not below the pool's reserve %s: no input buys it", out, rOut)
	}
	num, err := checked(new(big.Int).Mul(rIn, out))
	if err != nil {
		return nil, err
	}
	if num, err = checked(num.Mul(num, big1000)); err != nil {
		return nil, err
	}
	den, err := checked(new(big.Int).Sub(rOut, out))
	if err != nil {
		return nil, err
	}
	if den, err = checked(den.Mul(den, big997)); err != nil {
		return nil, err
	}
	num.Quo(num, den)
	return num.Add(num, big.NewInt(1)), nil
}

// MinOut is the least output accepted for a quote under a slippage limit in
// basis points: quoted*(10000-bps)/10000, rounded down.
func MinOut(quoted *big.Int, slippageBps int64) (*big.Int, error) {
	if quoted == nil || quoted.Sign() < 0 {
		return nil, fmt.Errorf("quoted amount %v must not be negative", quoted)
	}
	if slippageBps < 0 || slippageBps >= BpsDenom {
		return nil, fmt.Errorf("slippage %d bps is outside 0..9999", slippageBps)
	}
	v := new(big.Int).Mul(quoted, big.NewInt(BpsDenom-slippageBps))
	return v.Quo(v, bigBps), nil
}

// pow10 is 10^d.
func pow10(d uint8) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
}

// MidPrice is the pool's mid price in whole quote tokens per whole base
// token, exactly: (rQuote/10^quoteDec) / (rBase/10^baseDec). Nil when a
// reserve is zero.
func MidPrice(rBase, rQuote *big.Int, baseDec, quoteDec uint8) *big.Rat {
	if rBase == nil || rQuote == nil || rBase.Sign() <= 0 || rQuote.Sign() <= 0 {
		return nil
	}
	num := new(big.Int).Mul(rQuote, pow10(baseDec))
	den := new(big.Int).Mul(rBase, pow10(quoteDec))
	return new(big.Rat).SetFrac(num, den)
}

// Mark is the mid price as quote base units per whole base token, rounded
// down: rQuote*10^baseDec/rBase. Zero when a reserve is zero.
func Mark(rBase, rQuote *big.Int, baseDec uint8) *big.Int {
	if rBase == nil || rQuote == nil || rBase.Sign() <= 0 || rQuote.Sign() <= 0 {
		return new(big.Int)
	}
	v := new(big.Int).Mul(rQuote, pow10(baseDec))
	return v.Quo(v, rBase)
}

// mulDiv is a*b/c rounded down; c must be positive.
func mulDiv(a, b, c *big.Int) *big.Int {
	v := new(big.Int).Mul(a, b)
	return v.Quo(v, c)
}

// mulDivUp is a*b/c rounded up, for costs; a, b >= 0 and c > 0.
func mulDivUp(a, b, c *big.Int) *big.Int {
	v := new(big.Int).Mul(a, b)
	v.Add(v, c)
	v.Sub(v, big.NewInt(1))
	return v.Quo(v, c)
}

// fraction returns total*bps/10000, rounded down.
func fraction(total *big.Int, bps int64) *big.Int {
	return mulDiv(total, big.NewInt(bps), bigBps)
}

// changeBps is (now-then)/then in basis points, truncated toward zero.
func changeBps(then, now *big.Rat) *big.Int {
	d := new(big.Rat).Sub(now, then)
	d.Quo(d, then)
	d.Mul(d, new(big.Rat).SetInt64(BpsDenom))
	return new(big.Int).Quo(d.Num(), d.Denom())
}
