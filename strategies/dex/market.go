package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// market is one venue's pool of a pair as dex.momentum and dex.arbitrage
// trade it: a V2 pair behind its router, or a V3 pool behind SwapRouter02.
// The strategies read, quote and plan through it and never ask which.
type market struct {
	name string
	v2   *Router
	v3   *V3
	// Found by setup: the pool, the V2 pair's token order, the V3 tier.
	pool   common.Address
	t0, t1 common.Address
	fee    uint32
}

// market returns a client of the venue named in field, V2 or V3.
func (d Deps) market(field, name string) (*market, error) {
	if v, ok := d.V3Venues[name]; ok {
		if _, dup := d.Venues[name]; dup {
			return nil, fmt.Errorf("%s: venue %q is configured as both V2 and V3", field, name)
		}
		if v.Name == "" {
			v.Name = name
		}
		c, err := NewV3(d.Backend, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", field, err)
		}
		return &market{name: name, v3: c}, nil
	}
	if _, ok := d.Venues[name]; !ok {
		names := make([]string, 0, len(d.Venues)+len(d.V3Venues))
		for n := range d.Venues {
			names = append(names, n)
		}
		for n := range d.V3Venues {
			names = append(names, n)
		}
		slices.Sort(names)
		return nil, fmt.Errorf("%s: unknown DEX %q (configured: %s)", field, name, strings.Join(names, ", "))
	}
	r, err := d.router(field, name)
	if err != nil {
		return nil, err
	}
	return &market{name: name, v2: r}, nil
}

// protocol names what the venue speaks, for people and the model.
func (m *market) protocol() string {
	if m.v3 != nil {
		return "Uniswap V3"
	}
	return "Uniswap V2"
}

// router is the contract swaps are sent to and allowances granted to.
func (m *market) router() common.Address {
	if m.v3 != nil {
		return m.v3.venue.SwapRouter02
	}
	return m.v2.venue.Router
}

func (m *market) routerLabel() string {
	if m.v3 != nil {
		return m.name + " swap router"
	}
	return m.name + " router"
}

// feeText is the swap fee of the market's pool: "0.30%".
func (m *market) feeText() string {
	if m.v3 != nil {
		return big.NewRat(int64(m.fee), 10_000).FloatString(2) + "%"
	}
	return "0.30%"
}

// with returns a market on the same venue, for another pair.
func (m *market) with() *market { return &market{name: m.name, v2: m.v2, v3: m.v3} }

// setup finds the pair's pool once: on V2 through factory.getPair (after
// checking the router's factory); on V3 the tier with the most in-range
// liquidity (after checking the quoter's and router's factory), which the
// market then trades for good.
func (m *market) setup(ctx context.Context, x, y common.Address) error {
	if m.v3 != nil {
		if err := m.v3.CheckRouter(ctx); err != nil {
			return err
		}
		pools, err := m.v3.Pools(ctx, x, y, nil)
		if err != nil {
			return err
		}
		best := pools[0]
		for _, p := range pools[1:] {
			if p.Liquidity.Cmp(best.Liquidity) > 0 {
				best = p
			}
		}
		m.pool, m.fee = best.Address, best.Fee
		return nil
	}
	if err := m.v2.CheckFactory(ctx); err != nil {
		return err
	}
	addr, err := m.v2.Pair(ctx, x, y, nil)
	if err != nil {
		return err
	}
	t0, t1, err := m.v2.PairTokens(ctx, addr, x, y)
	if err != nil {
		return err
	}
	m.pool, m.t0, m.t1 = addr, t0, t1
	return nil
}

// marketView is a market's pool at one block.
type marketView struct {
	m     *market
	v2    *Pool
	v3    *V3Pool
	ticks TickSource // reads at v3.Block, cached for a size search
}

// read reads the pool at block.
func (m *market) read(ctx context.Context, block *big.Int) (*marketView, error) {
	if m.v3 != nil {
		p, err := m.v3.ReadPool(ctx, m.pool, block)
		if err != nil {
			return nil, err
		}
		return &marketView{m: m, v3: p, ticks: m.v3.Ticks(ctx, p)}, nil
	}
	p, err := m.v2.ReadPool(ctx, m.pool, m.t0, m.t1, block)
	if err != nil {
		return nil, err
	}
	return &marketView{m: m, v2: p}, nil
}

// mid is the price in whole quote per whole base; an empty pool is an error.
func (v *marketView) mid(base, quote strategies.Token) (*big.Rat, error) {
	if v.v3 != nil {
		return V3MidPrice(v.v3, base, quote)
	}
	rb, rq, _ := v.v2.Reserves(base.Address)
	p := MidPrice(rb, rq, base.Decimals, quote.Decimals)
	if p == nil {
		return nil, fmt.Errorf("%s pool %s is empty: it has no price", v.m.name, v.v2.Address.Hex())
	}
	return p, nil
}

// mark is the mid price as quote base units per whole base token.
func (v *marketView) mark(base, quote strategies.Token) (*big.Int, error) {
	if v.v3 != nil {
		return V3Mark(v.v3, base, quote)
	}
	rb, rq, _ := v.v2.Reserves(base.Address)
	return Mark(rb, rq, base.Decimals), nil
}

// errCannotFill is a size the V3 pool cannot fill within the ticks a local
// quote reads: a search skips it rather than failing the observation.
var errCannotFill = errors.New("the pool cannot fill this size locally")

// out is the exact output of amountIn of tokenIn, without a round trip to
// the node (V2: the pair formula; V3: the pool's math over cached ticks).
func (v *marketView) out(tokenIn common.Address, amountIn *big.Int) (*big.Int, error) {
	if v.v3 != nil {
		o, err := LocalQuote(v.v3, v.ticks, tokenIn, amountIn)
		if errors.Is(err, ErrTooManyTicks) || errors.Is(err, ErrPartialFill) {
			return nil, fmt.Errorf("%w: %v", errCannotFill, err)
		}
		return o, err
	}
	rIn, rOut, err := v.v2.Reserves(tokenIn)
	if err != nil {
		return nil, err
	}
	return AmountOut(amountIn, rIn, rOut)
}

// toBase converts an amount of quote into base at the mid price, down.
func (v *marketView) toBase(amount *big.Int, base, quote strategies.Token) (*big.Int, error) {
	if v.v3 != nil {
		mid, err := V3MidPrice(v.v3, base, quote)
		if err != nil {
			return nil, err
		}
		// base units = quote units / (mid * 10^qd / 10^bd)
		n := new(big.Int).Mul(amount, mid.Denom())
		n.Mul(n, pow10(base.Decimals))
		d := new(big.Int).Mul(mid.Num(), pow10(quote.Decimals))
		return n.Quo(n, d), nil
	}
	rb, rq, _ := v.v2.Reserves(base.Address)
	return mulDiv(amount, rb, rq), nil
}

// valueUp is amount of token in quote base units at the mid price, up.
func (v *marketView) valueUp(amount *big.Int, token, quote strategies.Token) (*big.Int, error) {
	if v.v3 != nil {
		mid, err := V3MidPrice(v.v3, token, quote)
		if err != nil {
			return nil, err
		}
		n := new(big.Int).Mul(mid.Num(), pow10(quote.Decimals))
		d := new(big.Int).Mul(mid.Denom(), pow10(token.Decimals))
		return mulDivUp(amount, n, d), nil
	}
	rn, rq, _ := v.v2.Reserves(token.Address)
	if rn.Sign() == 0 {
		return nil, fmt.Errorf("%s/%s pool %s is empty", token.Symbol, quote.Symbol, v.v2.Address.Hex())
	}
	return mulDivUp(amount, rq, rn), nil
}

// checkQuote asks the venue's own contract for the quote the local math
// gave: the V2 router's getAmountsOut, or QuoterV2 at the view's block. A
// disagreement is an error: no plan rests on math the chain does not share.
func (v *marketView) checkQuote(ctx context.Context, in, out common.Address, amountIn *big.Int) (*big.Int, error) {
	if v.v3 == nil {
		return v.m.v2.Quote(ctx, v.v2, in, out, amountIn)
	}
	q, err := v.m.v3.QuoteExactInputSingle(ctx, in, out, v.m.fee, amountIn, nil, v.v3.Block)
	if err != nil {
		return nil, err
	}
	local, err := v.out(in, amountIn)
	if errors.Is(err, errCannotFill) {
		return q.Amount, nil // beyond the local read: the quoter alone
	}
	if err != nil {
		return nil, err
	}
	if local.Cmp(q.Amount) != 0 {
		return nil, fmt.Errorf("%w on %s pool %s: quoter %s, local %s", ErrQuoteMismatch, v.m.name, v.v3.Address.Hex(), q.Amount, local)
	}
	return q.Amount, nil
}

// poolFacts is a pool as observation facts show it: reserves for V2, the
// tier, price and in-range liquidity for V3 (empty fields are left out, so
// a V2 observation reads as it always has).
type poolFacts struct {
	ReserveBase  string `json:"reserveBase"`
	ReserveQuote string `json:"reserveQuote"`
	Fee          uint32 `json:"fee,omitempty"`
	SqrtPriceX96 string `json:"sqrtPriceX96,omitempty"`
	Liquidity    string `json:"liquidity,omitempty"`
}

func (v *marketView) facts(base common.Address) poolFacts {
	if v.v3 != nil {
		return poolFacts{Fee: v.v3.Fee, SqrtPriceX96: v.v3.SqrtPriceX96.String(), Liquidity: v.v3.Liquidity.String()}
	}
	rb, rq, _ := v.v2.Reserves(base)
	return poolFacts{ReserveBase: rb.String(), ReserveQuote: rq.String()}
}

// planSwap plans s on the view's pool: an exact approval of the venue's
// router, then the swap, whatever the allowance is now.
func (m *market) planSwap(ctx context.Context, v *marketView, s SwapSpec) (*Leg, error) {
	if m.v3 != nil {
		leg, _, err := m.v3.PlanSwap(ctx, s, m.fee, v.v3.Block)
		return leg, err
	}
	return m.v2.PlanSwap(ctx, v.v2, s)
}

// revoke plans taking back the first leftover allowance of tokens.
func (m *market) revoke(ctx context.Context, owner common.Address, tokens ...strategies.Token) (*strategies.Plan, error) {
	if m.v3 != nil {
		return m.v3.Revoke(ctx, owner, nil, tokens...)
	}
	return m.v2.Revoke(ctx, owner, nil, tokens...)
}
