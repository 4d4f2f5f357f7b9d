package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// V3Venue is one Uniswap V3 deployment, by address from config: the factory
// that finds pools, QuoterV2 for quotes and SwapRouter02 for swaps.
type V3Venue struct {
	Name         string         `json:"name" yaml:"name"`
	Factory      common.Address `json:"factory" yaml:"factory"`
	Quoter       common.Address `json:"quoter" yaml:"quoter"`
	SwapRouter02 common.Address `json:"swap_router" yaml:"swap_router"`
}

// V3FeeTiers are the fee tiers (in pips: 3000 is 0.3%) the factory enables
// at deployment; pools are looked up on each.
var V3FeeTiers = []uint32{100, 500, 3000, 10000}

var (
	v3FactoryABI = mustABI("UniswapV3Factory", v3FactoryABIJSON)
	v3PoolABI    = mustABI("UniswapV3Pool", v3PoolABIJSON)
	quoterV2ABI  = mustABI("QuoterV2", quoterV2ABIJSON)
	router02ABI  = mustABI("SwapRouter02", swapRouter02ABIJSON)
)

func mustABI(name, js string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(js))
	if err != nil {
		panic(fmt.Sprintf("dex: %s ABI: %v", name, err)) // a constant in this package
	}
	return a
}

// ErrNoV3Pool means the factory has no initialized pool for a pair and fee.
var ErrNoV3Pool = errors.New("no initialized Uniswap V3 pool")

// V3 reads one V3 venue: pools, their state and ticks, and QuoterV2 quotes.
type V3 struct {
	b     Backend
	venue V3Venue
}

// NewV3 returns a client of venue v. Nothing is read yet.
func NewV3(b Backend, v V3Venue) (*V3, error) {
	if b == nil {
		return nil, errors.New("dex: no chain backend")
	}
	if v.Name == "" {
		return nil, errors.New("dex: V3 venue has no name")
	}
	if v.Factory == (common.Address{}) || v.Quoter == (common.Address{}) || v.SwapRouter02 == (common.Address{}) {
		return nil, fmt.Errorf("dex: V3 venue %s needs factory, quoter (QuoterV2) and swap_router (SwapRouter02) addresses", v.Name)
	}
	return &V3{b: b, venue: v}, nil
}

// Venue is the venue this client reads.
func (c *V3) Venue() V3Venue { return c.venue }

// call packs method on a, calls to at block, and unpacks the outputs. An
// address without code is an error naming what was expected there.
func (c *V3) call(ctx context.Context, a abi.ABI, what string, to common.Address, block *big.Int, method string, args ...any) ([]any, error) {
	data, err := a.Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("%s.%s: %w", what, method, err)
	}
	out, err := c.b.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		return nil, fmt.Errorf("%s %s.%s: %w", c.venue.Name, what, method, err)
	}
	if len(out) == 0 {
		code, cerr := c.b.CodeAt(ctx, to, block)
		if cerr == nil && len(code) == 0 {
			return nil, fmt.Errorf("%s: no contract at %s %s: check the venue's addresses", c.venue.Name, what, to.Hex())
		}
	}
	vals, err := a.Unpack(method, out)
	if err != nil {
		return nil, fmt.Errorf("%s %s.%s: bad reply: %w", c.venue.Name, what, method, err)
	}
	return vals, nil
}

// CheckRouter verifies that the quoter and SwapRouter02 use the configured
// factory, so pools found through it are the ones quoted and traded.
func (c *V3) CheckRouter(ctx context.Context) error {
	for _, x := range []struct {
		what string
		a    abi.ABI
		at   common.Address
	}{{"quoter", quoterV2ABI, c.venue.Quoter}, {"swap router", router02ABI, c.venue.SwapRouter02}} {
		out, err := c.call(ctx, x.a, x.what, x.at, nil, "factory")
		if err != nil {
			return err
		}
		if f := out[0].(common.Address); f != c.venue.Factory {
			return fmt.Errorf("%s: the %s swaps through factory %s, not the configured %s", c.venue.Name, x.what, f.Hex(), c.venue.Factory.Hex())
		}
	}
	return nil
}

// pin returns block, or the head's number when block is nil, so that every
// read of one plan (pool state, ticks, quote) sees the same state: a quote
// from one block checked against ticks from the next would disagree.
func (c *V3) pin(ctx context.Context, block *big.Int) (*big.Int, error) {
	if block != nil {
		return block, nil
	}
	h, err := c.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: read the head block: %w", c.venue.Name, err)
	}
	return h.Number, nil
}

// V3Pool is one pool's state at a block.
type V3Pool struct {
	Address        common.Address
	Token0, Token1 common.Address
	Fee            uint32 // pips
	TickSpacing    int
	SqrtPriceX96   *big.Int
	Tick           int
	Liquidity      *big.Int // in range at Tick
	Block          *big.Int // nil: latest
}

// ZeroForOne reports whether selling tokenIn moves the pool toward token1,
// or fails when tokenIn is not one of the pool's tokens.
func (p *V3Pool) ZeroForOne(tokenIn common.Address) (bool, error) {
	switch tokenIn {
	case p.Token0:
		return true, nil
	case p.Token1:
		return false, nil
	}
	return false, fmt.Errorf("token %s is not in V3 pool %s", tokenIn.Hex(), p.Address.Hex())
}

// PoolAddress is factory.getPool(a, b, fee); the zero address when none.
func (c *V3) PoolAddress(ctx context.Context, a, b common.Address, fee uint32, block *big.Int) (common.Address, error) {
	out, err := c.call(ctx, v3FactoryABI, "factory", c.venue.Factory, block, "getPool", a, b, new(big.Int).SetUint64(uint64(fee)))
	if err != nil {
		return common.Address{}, err
	}
	return out[0].(common.Address), nil
}

// Pools returns the pair's initialized pools on every fee tier, in tier
// order, with their state at block. None is ErrNoV3Pool.
func (c *V3) Pools(ctx context.Context, a, b common.Address, block *big.Int) ([]*V3Pool, error) {
	var pools []*V3Pool
	for _, fee := range V3FeeTiers {
		addr, err := c.PoolAddress(ctx, a, b, fee, block)
		if err != nil {
			return nil, err
		}
		if addr == (common.Address{}) {
			continue
		}
		p, err := c.ReadPool(ctx, addr, block)
		if errors.Is(err, ErrNoV3Pool) {
			continue
		}
		if err != nil {
			return nil, err
		}
		pools = append(pools, p)
	}
	if len(pools) == 0 {
		return nil, fmt.Errorf("%w for %s/%s on %s (tiers %v)", ErrNoV3Pool, a.Hex(), b.Hex(), c.venue.Name, V3FeeTiers)
	}
	return pools, nil
}

// ReadPool reads a pool's tokens, fee, spacing, price, tick and liquidity
// at block. A pool not yet initialized is ErrNoV3Pool.
func (c *V3) ReadPool(ctx context.Context, addr common.Address, block *big.Int) (*V3Pool, error) {
	p := &V3Pool{Address: addr, Block: block}
	read := func(method string) ([]any, error) {
		return c.call(ctx, v3PoolABI, "pool", addr, block, method)
	}
	for _, m := range []string{"token0", "token1", "fee", "tickSpacing", "slot0", "liquidity"} {
		out, err := read(m)
		if err != nil {
			return nil, err
		}
		switch m {
		case "token0":
			p.Token0 = out[0].(common.Address)
		case "token1":
			p.Token1 = out[0].(common.Address)
		case "fee":
			p.Fee = uint32(out[0].(*big.Int).Uint64())
		case "tickSpacing":
			p.TickSpacing = int(out[0].(*big.Int).Int64())
		case "slot0":
			p.SqrtPriceX96, p.Tick = out[0].(*big.Int), int(out[1].(*big.Int).Int64())
		case "liquidity":
			p.Liquidity = out[0].(*big.Int)
		}
	}
	if p.SqrtPriceX96.Sign() == 0 {
		return nil, fmt.Errorf("%w: %s has no price yet", ErrNoV3Pool, addr.Hex())
	}
	if p.TickSpacing <= 0 || p.Fee >= feeDenom {
		return nil, fmt.Errorf("%s: pool %s reports fee %d and spacing %d: not a Uniswap V3 pool", c.venue.Name, addr.Hex(), p.Fee, p.TickSpacing)
	}
	return p, nil
}

// V3Quote is QuoterV2's answer: the amount out (exact input) or in (exact
// output), the price after each hop, ticks crossed and its gas estimate.
type V3Quote struct {
	Amount       *big.Int
	SqrtAfter    []*big.Int
	TicksCrossed []uint32
	Gas          *big.Int
}

func quoteFrom(out []any, multi bool) *V3Quote {
	q := &V3Quote{Amount: out[0].(*big.Int), Gas: out[3].(*big.Int)}
	if multi {
		q.SqrtAfter = out[1].([]*big.Int)
		q.TicksCrossed = out[2].([]uint32)
	} else {
		q.SqrtAfter = []*big.Int{out[1].(*big.Int)}
		q.TicksCrossed = []uint32{out[2].(uint32)}
	}
	return q
}

// quoterIn and quoterOut are QuoterV2's QuoteExactInputSingleParams and
// QuoteExactOutputSingleParams (the ABI names the amount differently).
type (
	quoterIn struct {
		TokenIn           common.Address
		TokenOut          common.Address
		AmountIn          *big.Int
		Fee               *big.Int
		SqrtPriceLimitX96 *big.Int
	}
	quoterOut struct {
		TokenIn           common.Address
		TokenOut          common.Address
		Amount            *big.Int
		Fee               *big.Int
		SqrtPriceLimitX96 *big.Int
	}
)

func orZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}

// QuoteExactInputSingle asks QuoterV2 what amountIn of tokenIn buys in the
// pool of fee at block; limit is a sqrt price limit (nil: none).
func (c *V3) QuoteExactInputSingle(ctx context.Context, tokenIn, tokenOut common.Address, fee uint32, amountIn, limit, block *big.Int) (*V3Quote, error) {
	p := quoterIn{tokenIn, tokenOut, amountIn, big.NewInt(int64(fee)), orZero(limit)}
	out, err := c.call(ctx, quoterV2ABI, "quoter", c.venue.Quoter, block, "quoteExactInputSingle", p)
	if err != nil {
		return nil, err
	}
	return quoteFrom(out, false), nil
}

// QuoteExactOutputSingle asks QuoterV2 how much tokenIn buys exactly
// amountOut of tokenOut in the pool of fee at block.
func (c *V3) QuoteExactOutputSingle(ctx context.Context, tokenIn, tokenOut common.Address, fee uint32, amountOut, limit, block *big.Int) (*V3Quote, error) {
	p := quoterOut{tokenIn, tokenOut, amountOut, big.NewInt(int64(fee)), orZero(limit)}
	out, err := c.call(ctx, quoterV2ABI, "quoter", c.venue.Quoter, block, "quoteExactOutputSingle", p)
	if err != nil {
		return nil, err
	}
	return quoteFrom(out, false), nil
}

// QuoteExactInput asks QuoterV2 what amountIn buys along a multi-hop path.
func (c *V3) QuoteExactInput(ctx context.Context, path V3Path, amountIn, block *big.Int) (*V3Quote, error) {
	enc, err := path.Encode()
	if err != nil {
		return nil, err
	}
	out, err := c.call(ctx, quoterV2ABI, "quoter", c.venue.Quoter, block, "quoteExactInput", enc, amountIn)
	if err != nil {
		return nil, err
	}
	return quoteFrom(out, true), nil
}

// BestExactInput quotes amountIn of tokenIn for tokenOut through QuoterV2
// on every fee tier's pool at one block and returns the pool that pays the
// most, with its quote. A tier whose quote fails (too shallow) is skipped;
// none quoting is an error.
func (c *V3) BestExactInput(ctx context.Context, tokenIn, tokenOut common.Address, amountIn, block *big.Int) (*V3Pool, *V3Quote, error) {
	block, err := c.pin(ctx, block)
	if err != nil {
		return nil, nil, err
	}
	pools, err := c.Pools(ctx, tokenIn, tokenOut, block)
	if err != nil {
		return nil, nil, err
	}
	var best *V3Pool
	var bestQ *V3Quote
	var errs []error
	for _, p := range pools {
		q, err := c.QuoteExactInputSingle(ctx, tokenIn, tokenOut, p.Fee, amountIn, nil, block)
		if err != nil {
			errs = append(errs, fmt.Errorf("fee %d: %w", p.Fee, err))
			continue
		}
		if bestQ == nil || q.Amount.Cmp(bestQ.Amount) > 0 {
			best, bestQ = p, q
		}
	}
	if best == nil {
		return nil, nil, fmt.Errorf("%s: no pool quotes %s of %s: %w", c.venue.Name, amountIn, tokenIn.Hex(), errors.Join(errs...))
	}
	return best, bestQ, nil
}
