package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// TickSource gives a swap simulation the pool's tick bitmap words and the
// liquidity change at an initialized tick.
type TickSource interface {
	Word(pos int16) (*big.Int, error)
	LiquidityNet(tick int) (*big.Int, error)
}

// V3Swap is a simulated swap's outcome.
type V3Swap struct {
	AmountIn  *big.Int // input including the fee
	AmountOut *big.Int
	SqrtAfter *big.Int
	Crossed   int // initialized ticks crossed
}

// ErrTooManyTicks stops a local simulation that would read too many ticks.
var ErrTooManyTicks = errors.New("the swap crosses more initialized ticks than the local quote reads")

// SimulateV3Swap runs UniswapV3Pool.swap's loop on p's state: amount is
// positive for an exact input, negative for an exact output; limit is the
// sqrt price limit (nil: the quoter's default, the price bound). It crosses
// at most maxCross initialized ticks (0 keeps the quote inside the current
// range) and fails with ErrTooManyTicks beyond.
func SimulateV3Swap(p *V3Pool, ticks TickSource, zeroForOne bool, amount, limit *big.Int, maxCross int) (*V3Swap, error) {
	if amount == nil || amount.Sign() == 0 {
		return nil, errors.New("v3 swap: amount must not be zero")
	}
	if limit == nil || limit.Sign() == 0 {
		if zeroForOne {
			limit = new(big.Int).Add(MinSqrtRatio, bigOne)
		} else {
			limit = new(big.Int).Sub(MaxSqrtRatio, bigOne)
		}
	}
	if zeroForOne && (limit.Cmp(p.SqrtPriceX96) >= 0 || limit.Cmp(MinSqrtRatio) <= 0) ||
		!zeroForOne && (limit.Cmp(p.SqrtPriceX96) <= 0 || limit.Cmp(MaxSqrtRatio) >= 0) {
		return nil, fmt.Errorf("%w: price limit %s is on the wrong side of the pool price %s", ErrV3Math, limit, p.SqrtPriceX96)
	}
	exactIn := amount.Sign() > 0
	remaining := new(big.Int).Set(amount)
	calculated := new(big.Int)
	sqrtP := new(big.Int).Set(p.SqrtPriceX96)
	liq := new(big.Int).Set(p.Liquidity)
	tick := p.Tick
	crossed := 0
	// Inside a step that ends short of its tick the pool recomputes its tick
	// from the price; that tick lies in the same range and bitmap word, so
	// the next search finds the same next tick and the old one serves.
	for remaining.Sign() != 0 && sqrtP.Cmp(limit) != 0 {
		next, initialized, err := nextInitializedTick(tick, p.TickSpacing, zeroForOne, ticks.Word)
		if err != nil {
			return nil, err
		}
		next = max(MinTick, min(MaxTick, next))
		sqrtNext, err := SqrtRatioAtTick(next)
		if err != nil {
			return nil, err
		}
		target := sqrtNext
		if zeroForOne && sqrtNext.Cmp(limit) < 0 || !zeroForOne && sqrtNext.Cmp(limit) > 0 {
			target = limit
		}
		step, err := computeSwapStep(sqrtP, target, liq, remaining, p.Fee)
		if err != nil {
			return nil, err
		}
		sqrtP = step.sqrtNext
		spent := new(big.Int).Add(step.amountIn, step.fee)
		if exactIn {
			remaining.Sub(remaining, spent)
			calculated.Sub(calculated, step.amountOut)
		} else {
			remaining.Add(remaining, step.amountOut)
			calculated.Add(calculated, spent)
		}
		if sqrtP.Cmp(sqrtNext) != 0 {
			continue
		}
		if initialized {
			if crossed == maxCross {
				return nil, fmt.Errorf("%w (%d)", ErrTooManyTicks, maxCross)
			}
			net, err := ticks.LiquidityNet(next)
			if err != nil {
				return nil, err
			}
			if zeroForOne {
				net = new(big.Int).Neg(net)
			}
			liq.Add(liq, net)
			if liq.Sign() < 0 || liq.Cmp(maxU128) > 0 {
				return nil, fmt.Errorf("%w: liquidity out of range after tick %d", ErrV3Math, next)
			}
			crossed++
		}
		if zeroForOne {
			tick = next - 1
		} else {
			tick = next
		}
	}
	s := &V3Swap{SqrtAfter: sqrtP, Crossed: crossed}
	if exactIn {
		s.AmountIn = new(big.Int).Sub(amount, remaining)
		s.AmountOut = calculated.Neg(calculated)
	} else {
		s.AmountIn = calculated
		s.AmountOut = new(big.Int).Sub(remaining, amount)
	}
	return s, nil
}

// MemTicks is a TickSource held in memory: missing words are empty.
type MemTicks struct {
	Words map[int16]*big.Int
	Net   map[int]*big.Int
}

// Word implements TickSource.
func (m *MemTicks) Word(pos int16) (*big.Int, error) {
	if w, ok := m.Words[pos]; ok {
		return w, nil
	}
	return new(big.Int), nil
}

// LiquidityNet implements TickSource.
func (m *MemTicks) LiquidityNet(tick int) (*big.Int, error) {
	if n, ok := m.Net[tick]; ok {
		return n, nil
	}
	return nil, fmt.Errorf("tick %d was not read", tick)
}

// ChainTicks reads a pool's ticks at its block on demand and keeps what it
// read (Snapshot), so a plan reads each word and tick once.
type ChainTicks struct {
	ctx  context.Context
	c    *V3
	pool *V3Pool
	mem  MemTicks
}

// Ticks returns a TickSource over pool p at p.Block.
func (c *V3) Ticks(ctx context.Context, p *V3Pool) *ChainTicks {
	return &ChainTicks{ctx: ctx, c: c, pool: p, mem: MemTicks{Words: map[int16]*big.Int{}, Net: map[int]*big.Int{}}}
}

// Word implements TickSource.
func (t *ChainTicks) Word(pos int16) (*big.Int, error) {
	if w, ok := t.mem.Words[pos]; ok {
		return w, nil
	}
	out, err := t.c.call(t.ctx, v3PoolABI, "pool", t.pool.Address, t.pool.Block, "tickBitmap", pos)
	if err != nil {
		return nil, err
	}
	w := out[0].(*big.Int)
	t.mem.Words[pos] = w
	return w, nil
}

// LiquidityNet implements TickSource.
func (t *ChainTicks) LiquidityNet(tick int) (*big.Int, error) {
	if n, ok := t.mem.Net[tick]; ok {
		return n, nil
	}
	out, err := t.c.call(t.ctx, v3PoolABI, "pool", t.pool.Address, t.pool.Block, "ticks", big.NewInt(int64(tick)))
	if err != nil {
		return nil, err
	}
	n := out[1].(*big.Int)
	t.mem.Net[tick] = n
	return n, nil
}

// Snapshot is what was read so far, for a replay without the node.
func (t *ChainTicks) Snapshot() *MemTicks { return &t.mem }

// poolOf checks that the pool holds tokenIn and tokenOut.
func poolOf(p *V3Pool, tokenIn, tokenOut common.Address) (bool, error) {
	zeroForOne, err := p.ZeroForOne(tokenIn)
	if err != nil {
		return false, err
	}
	if want := map[bool]common.Address{true: p.Token1, false: p.Token0}[zeroForOne]; want != tokenOut {
		return false, fmt.Errorf("token %s is not the other side of V3 pool %s", tokenOut.Hex(), p.Address.Hex())
	}
	return zeroForOne, nil
}
