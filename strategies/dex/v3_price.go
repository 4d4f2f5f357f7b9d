package dex

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// V3MidPrice is a V3 pool's price in whole quote tokens per whole base
// token, exactly: (sqrtPriceX96/2^96)^2 is token1 base units per token0
// base unit, scaled by the decimals and inverted when base is token1.
func V3MidPrice(p *V3Pool, base, quote strategies.Token) (*big.Rat, error) {
	if p.SqrtPriceX96 == nil || p.SqrtPriceX96.Sign() <= 0 {
		return nil, fmt.Errorf("V3 pool %s has no price", p.Address.Hex())
	}
	raw := new(big.Rat).SetFrac(new(big.Int).Mul(p.SqrtPriceX96, p.SqrtPriceX96), new(big.Int).Lsh(bigOne, 192))
	switch {
	case base.Address == p.Token0 && quote.Address == p.Token1:
	case base.Address == p.Token1 && quote.Address == p.Token0:
		raw.Inv(raw)
	default:
		return nil, fmt.Errorf("V3 pool %s does not hold %s/%s", p.Address.Hex(), base.Symbol, quote.Symbol)
	}
	// raw is quote units per base unit: times 10^baseDec / 10^quoteDec
	return raw.Mul(raw, new(big.Rat).SetFrac(pow10(base.Decimals), pow10(quote.Decimals))), nil
}

// V3Mark is the mid price as quote base units per whole base token,
// rounded down, like Mark for a V2 pair.
func V3Mark(p *V3Pool, base, quote strategies.Token) (*big.Int, error) {
	mid, err := V3MidPrice(p, base, quote)
	if err != nil {
		return nil, err
	}
	v := new(big.Int).Mul(mid.Num(), pow10(quote.Decimals))
	return v.Quo(v, mid.Denom()), nil
}

// ErrPartialFill means a pool runs out of liquidity before the whole amount.
var ErrPartialFill = errors.New("not enough liquidity")

// LocalQuote is the exact output of amountIn of tokenIn in pool p, from
// the pool's own math over ticks (reads cached by a ChainTicks): what a
// size search calls many times without a quoter round trip. An amount the
// pool can only fill in part is an error.
func LocalQuote(p *V3Pool, ticks TickSource, tokenIn common.Address, amountIn *big.Int) (*big.Int, error) {
	zeroForOne, err := p.ZeroForOne(tokenIn)
	if err != nil {
		return nil, err
	}
	s, err := SimulateV3Swap(p, ticks, zeroForOne, amountIn, nil, maxLocalCross)
	if err != nil {
		return nil, err
	}
	if s.AmountIn.Cmp(amountIn) != 0 {
		return nil, fmt.Errorf("%w: V3 pool %s can absorb only %s of %s", ErrPartialFill, p.Address.Hex(), s.AmountIn, amountIn)
	}
	return s.AmountOut, nil
}
