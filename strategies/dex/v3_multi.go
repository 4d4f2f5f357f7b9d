package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// V3PathLeg is a planned multi-hop exact-input swap through SwapRouter02.
type V3PathLeg struct {
	Path   V3Path
	Quote  *V3Quote
	Local  []*V3Swap // per hop; nil when a hop crosses more ticks than read
	MinOut *big.Int
	Swap   strategies.Call
	Trade  strategies.Trade
}

// PlanExactInput quotes amountIn along path through QuoterV2 at block,
// replays each hop with the exact local math (the quote must match to the
// wei), and builds multicall(deadline, [exactInput]) with amountOutMinimum
// from the slippage limit. s.Fee is ignored: the path carries the fees.
func (c *V3) PlanExactInput(ctx context.Context, path V3Path, s V3SwapSpec, block *big.Int) (*V3PathLeg, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	block, err := c.pin(ctx, block)
	if err != nil {
		return nil, err
	}
	enc, err := path.Encode()
	if err != nil {
		return nil, err
	}
	if path.Tokens[0] != s.TokenIn.Address || path.Tokens[len(path.Tokens)-1] != s.TokenOut.Address {
		return nil, fmt.Errorf("v3 path runs %s -> %s, not %s -> %s", path.Tokens[0].Hex(), path.Tokens[len(path.Tokens)-1].Hex(), s.TokenIn.Symbol, s.TokenOut.Symbol)
	}
	q, err := c.QuoteExactInput(ctx, path, s.AmountIn, block)
	if err != nil {
		return nil, err
	}
	leg := &V3PathLeg{Path: path, Quote: q}
	amount := s.AmountIn
	seen := map[common.Address]int{}
	for i, fee := range path.Fees {
		addr, err := c.PoolAddress(ctx, path.Tokens[i], path.Tokens[i+1], fee, block)
		if err != nil {
			return nil, err
		}
		if addr == (common.Address{}) {
			return nil, fmt.Errorf("%w for hop %d (fee %d) on %s", ErrNoV3Pool, i, fee, c.venue.Name)
		}
		// QuoterV2 quotes each hop on the state before the path, so a pool
		// met twice would be quoted as if the first pass left no trace
		if j, ok := seen[addr]; ok {
			return nil, fmt.Errorf("v3 path uses pool %s at hops %d and %d: its quote would ignore the first pass", addr.Hex(), j, i)
		}
		seen[addr] = i
		pool, err := c.ReadPool(ctx, addr, block)
		if err != nil {
			return nil, err
		}
		zeroForOne, err := poolOf(pool, path.Tokens[i], path.Tokens[i+1])
		if err != nil {
			return nil, err
		}
		hop, err := SimulateV3Swap(pool, c.Ticks(ctx, pool), zeroForOne, amount, nil, maxLocalCross)
		if errors.Is(err, ErrTooManyTicks) {
			leg.Local = nil
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: local V3 quote of hop %d: %w", c.venue.Name, i, err)
		}
		if hop.AmountIn.Cmp(amount) != 0 {
			return nil, fmt.Errorf("%s: hop %d pool %s can absorb only %s of %s: not enough liquidity", c.venue.Name, i, addr.Hex(), hop.AmountIn, amount)
		}
		leg.Local = append(leg.Local, hop)
		amount = hop.AmountOut
	}
	if leg.Local != nil && amount.Cmp(q.Amount) != 0 {
		return nil, fmt.Errorf("%w on %s path: quoter %s, local %s", ErrQuoteMismatch, c.venue.Name, q.Amount, amount)
	}
	if leg.MinOut, err = MinOut(q.Amount, s.SlippageBps); err != nil {
		return nil, err
	}
	if leg.MinOut.Sign() == 0 {
		return nil, fmt.Errorf("%s: %s buys nothing after slippage along the path: trade more", c.venue.Name, amountText(s.AmountIn, s.TokenIn))
	}
	leg.Swap = strategies.Call{
		To:     c.venue.SwapRouter02,
		Data:   MulticallData(s.Deadline, ExactInputData(enc, s.Recipient, s.AmountIn, leg.MinOut)),
		Method: "multicall(exactInput)",
		Args: []strategies.Arg{
			{Name: "path", Value: pathText(path)},
			{Name: "amountIn", Value: amountText(s.AmountIn, s.TokenIn)},
			{Name: "amountOutMinimum", Value: amountText(leg.MinOut, s.TokenOut)},
			{Name: "recipient", Value: s.Recipient.Hex()},
			{Name: "deadline", Value: s.Deadline.String()},
		},
	}
	leg.Trade = strategies.Trade{
		Venue: c.venue.Name, Router: c.venue.SwapRouter02,
		TokenIn: s.TokenIn, TokenOut: s.TokenOut,
		AmountIn: s.AmountIn, QuotedOut: q.Amount, MinOut: leg.MinOut,
	}
	return leg, nil
}

func pathText(p V3Path) string {
	s := p.Tokens[0].Hex()
	for i, f := range p.Fees {
		s += fmt.Sprintf(" -(%d)-> %s", f, p.Tokens[i+1].Hex())
	}
	return s
}

// V3OutLeg is a planned exact-output swap: buy exactly AmountOut for at
// most MaxIn.
type V3OutLeg struct {
	Pool       *V3Pool
	Quote      *V3Quote // Amount is the input QuoterV2 expects
	Local      *V3Swap
	AmountOut  *big.Int
	MaxIn      *big.Int
	PriceLimit *big.Int // always 0: the router then requires the full amount
	Swap       strategies.Call
}

// PlanExactOutputSingle quotes buying amountOut of s.TokenOut in the pool
// of s.Fee through QuoterV2, cross-checks it locally, and builds
// multicall(deadline, [exactOutputSingle]) with amountInMaximum from the
// slippage limit and no price limit (see below). s.AmountIn is ignored.
func (c *V3) PlanExactOutputSingle(ctx context.Context, s V3SwapSpec, amountOut, block *big.Int) (*V3OutLeg, error) {
	if amountOut == nil || amountOut.Sign() <= 0 {
		return nil, fmt.Errorf("v3 swap: amount out %v must be positive", amountOut)
	}
	s.AmountIn = amountOut // only to pass check
	if err := s.check(); err != nil {
		return nil, err
	}
	block, pool, err := c.specPool(ctx, s, block)
	if err != nil {
		return nil, err
	}
	zeroForOne, err := poolOf(pool, s.TokenIn.Address, s.TokenOut.Address)
	if err != nil {
		return nil, err
	}
	q, err := c.QuoteExactOutputSingle(ctx, s.TokenIn.Address, s.TokenOut.Address, s.Fee, amountOut, nil, block)
	if err != nil {
		return nil, err
	}
	leg := &V3OutLeg{Pool: pool, Quote: q, AmountOut: amountOut}
	local, err := SimulateV3Swap(pool, c.Ticks(ctx, pool), zeroForOne, new(big.Int).Neg(amountOut), nil, maxLocalCross)
	switch {
	case errors.Is(err, ErrTooManyTicks):
	case err != nil:
		return nil, fmt.Errorf("%s: local V3 quote: %w", c.venue.Name, err)
	case local.AmountOut.Cmp(amountOut) != 0:
		return nil, fmt.Errorf("%s: pool %s holds only %s of the %s wanted", c.venue.Name, pool.Address.Hex(), local.AmountOut, amountOut)
	case local.AmountIn.Cmp(q.Amount) != 0:
		return nil, fmt.Errorf("%w on %s pool %s: quoter needs %s in, local %s", ErrQuoteMismatch, c.venue.Name, pool.Address.Hex(), q.Amount, local.AmountIn)
	default:
		leg.Local = local
	}
	if leg.MaxIn, err = MaxIn(q.Amount, s.SlippageBps); err != nil {
		return nil, err
	}
	// No price limit: SwapRouter02 insists on the full amountOut only when
	// sqrtPriceLimitX96 is 0; with a limit it fills in part and succeeds
	// (TestV3ExactOutputFrontRunRevertsWhole). amountInMaximum bounds the price.
	leg.PriceLimit = new(big.Int)
	inner := ExactOutputSingleData(s.TokenIn.Address, s.TokenOut.Address, s.Fee, s.Recipient, amountOut, leg.MaxIn, nil)
	leg.Swap = strategies.Call{
		To:     c.venue.SwapRouter02,
		Data:   MulticallData(s.Deadline, inner),
		Method: "multicall(exactOutputSingle)",
		Args: []strategies.Arg{
			{Name: "tokenIn", Value: s.TokenIn.Symbol + " " + s.TokenIn.Address.Hex()},
			{Name: "tokenOut", Value: s.TokenOut.Symbol + " " + s.TokenOut.Address.Hex()},
			{Name: "fee", Value: fmt.Sprint(s.Fee)},
			{Name: "amountOut", Value: amountText(amountOut, s.TokenOut)},
			{Name: "amountInMaximum", Value: amountText(leg.MaxIn, s.TokenIn)},
			{Name: "sqrtPriceLimitX96", Value: leg.PriceLimit.String()},
			{Name: "recipient", Value: s.Recipient.Hex()},
			{Name: "deadline", Value: s.Deadline.String()},
		},
	}
	return leg, nil
}
