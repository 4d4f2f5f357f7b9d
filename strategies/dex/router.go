package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

// Backend is what the DEX client needs from a node: contract reads at a
// block (with CodeAt, so a call to an empty address is told apart from a
// contract that returns nothing) and block headers for deadlines and base
// fees. wallet.Backend, ethclient.Client and simulated.Client satisfy it.
type Backend interface {
	bind.ContractCaller
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Venue is one Uniswap V2-compatible deployment, by address from config.
type Venue struct {
	Name    string         `json:"name" yaml:"name"`
	Router  common.Address `json:"router" yaml:"router"`
	Factory common.Address `json:"factory" yaml:"factory"`
}

// ErrNotV2 marks a router whose quotes disagree with the V2 formula on its
// own pairs' reserves: it is not Uniswap V2-compatible (another fee, another
// curve, or another factory), so no plan is built on it.
var ErrNotV2 = errors.New("the router is not Uniswap V2-compatible")

var (
	routerABI  = contracts.NewUniswapV2Router()
	factoryABI = contracts.NewUniswapV2Factory()
	pairABI    = contracts.NewUniswapV2Pair()
	erc20ABI   = contracts.NewIERC20()
)

// Router reads one venue: pairs, reserves, quotes, allowances, balances.
type Router struct {
	b       Backend
	venue   Venue
	router  *bind.BoundContract
	factory *bind.BoundContract
}

// NewRouter returns a client of venue v. Nothing is read yet.
func NewRouter(b Backend, v Venue) (*Router, error) {
	if b == nil {
		return nil, errors.New("dex: no chain backend")
	}
	if v.Name == "" {
		return nil, errors.New("dex: venue has no name")
	}
	if v.Router == (common.Address{}) || v.Factory == (common.Address{}) {
		return nil, fmt.Errorf("dex: venue %s needs both a router and a factory address", v.Name)
	}
	return &Router{
		b:       b,
		venue:   v,
		router:  bind.NewBoundContract(v.Router, routerABI.GetABI(), b, nil, nil),
		factory: bind.NewBoundContract(v.Factory, factoryABI.GetABI(), b, nil, nil),
	}, nil
}

// Venue is the venue this client reads.
func (r *Router) Venue() Venue { return r.venue }

func callAt(ctx context.Context, block *big.Int) *bind.CallOpts {
	return &bind.CallOpts{Context: ctx, BlockNumber: block}
}

// CheckFactory verifies that the router swaps through the configured
// factory, so pairs found with factory.getPair are the ones it trades.
func (r *Router) CheckFactory(ctx context.Context) error {
	f, err := bind.Call(r.router, callAt(ctx, nil), routerABI.PackFactory(), routerABI.UnpackFactory)
	if err != nil {
		return fmt.Errorf("%s: read router %s factory(): %w", r.venue.Name, r.venue.Router.Hex(), err)
	}
	if f != r.venue.Factory {
		return fmt.Errorf("%s: router %s uses factory %s, but the venue is configured with factory %s: fix the venue's addresses",
			r.venue.Name, r.venue.Router.Hex(), f.Hex(), r.venue.Factory.Hex())
	}
	return nil
}

// ErrNoPair is a V2 factory that has no pair for two tokens.
var ErrNoPair = errors.New("no pair")

// Pair finds the pair of two tokens with factory.getPair.
func (r *Router) Pair(ctx context.Context, tokenA, tokenB common.Address, block *big.Int) (common.Address, error) {
	p, err := bind.Call(r.factory, callAt(ctx, block), factoryABI.PackGetPair(tokenA, tokenB), factoryABI.UnpackGetPair)
	if err != nil {
		return common.Address{}, fmt.Errorf("%s: factory %s getPair: %w", r.venue.Name, r.venue.Factory.Hex(), err)
	}
	if p == (common.Address{}) {
		return common.Address{}, fmt.Errorf("%s: factory %s has %w for %s and %s: pick tokens the venue lists",
			r.venue.Name, r.venue.Factory.Hex(), ErrNoPair, tokenA.Hex(), tokenB.Hex())
	}
	return p, nil
}

// Pool is a V2 pair's state at one block.
type Pool struct {
	Venue    string
	Address  common.Address
	Token0   common.Address
	Token1   common.Address
	Reserve0 *big.Int
	Reserve1 *big.Int
	Block    *big.Int
}

// Reserves returns (reserveIn, reserveOut) for a swap of tokenIn.
func (p *Pool) Reserves(tokenIn common.Address) (*big.Int, *big.Int, error) {
	switch tokenIn {
	case p.Token0:
		return p.Reserve0, p.Reserve1, nil
	case p.Token1:
		return p.Reserve1, p.Reserve0, nil
	}
	return nil, nil, fmt.Errorf("%s: pair %s does not hold token %s", p.Venue, p.Address.Hex(), tokenIn.Hex())
}

// PairTokens reads a pair's token0 and token1 and checks they are a and b in
// V2 order (the lower address is token0).
func (r *Router) PairTokens(ctx context.Context, pair, a, b common.Address) (common.Address, common.Address, error) {
	c := bind.NewBoundContract(pair, pairABI.GetABI(), r.b, nil, nil)
	t0, err := bind.Call(c, callAt(ctx, nil), pairABI.PackToken0(), pairABI.UnpackToken0)
	if err != nil {
		return common.Address{}, common.Address{}, fmt.Errorf("%s: pair %s token0(): %w", r.venue.Name, pair.Hex(), err)
	}
	t1, err := bind.Call(c, callAt(ctx, nil), pairABI.PackToken1(), pairABI.UnpackToken1)
	if err != nil {
		return common.Address{}, common.Address{}, fmt.Errorf("%s: pair %s token1(): %w", r.venue.Name, pair.Hex(), err)
	}
	lo, hi := a, b
	if hi.Cmp(lo) < 0 {
		lo, hi = hi, lo
	}
	if t0 != lo || t1 != hi {
		return common.Address{}, common.Address{}, fmt.Errorf("%s: pair %s holds %s/%s, not %s/%s in V2 order: %w",
			r.venue.Name, pair.Hex(), t0.Hex(), t1.Hex(), lo.Hex(), hi.Hex(), ErrNotV2)
	}
	return t0, t1, nil
}

// ReadPool reads a known pair's reserves at block (nil = latest).
func (r *Router) ReadPool(ctx context.Context, pair, token0, token1 common.Address, block *big.Int) (*Pool, error) {
	c := bind.NewBoundContract(pair, pairABI.GetABI(), r.b, nil, nil)
	res, err := bind.Call(c, callAt(ctx, block), pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	if err != nil {
		return nil, fmt.Errorf("%s: pair %s getReserves(): %w", r.venue.Name, pair.Hex(), err)
	}
	return &Pool{
		Venue: r.venue.Name, Address: pair, Token0: token0, Token1: token1,
		Reserve0: res.Reserve0, Reserve1: res.Reserve1, Block: block,
	}, nil
}

// Pool finds the pair of tokenA and tokenB and reads it at block.
func (r *Router) Pool(ctx context.Context, tokenA, tokenB common.Address, block *big.Int) (*Pool, error) {
	pair, err := r.Pair(ctx, tokenA, tokenB, block)
	if err != nil {
		return nil, err
	}
	t0, t1, err := r.PairTokens(ctx, pair, tokenA, tokenB)
	if err != nil {
		return nil, err
	}
	return r.ReadPool(ctx, pair, t0, t1, block)
}

// Quote asks the router's getAmountsOut for a one-hop swap at the pool's
// block and checks it against AmountOut on the pool's reserves. Both must
// agree to the wei: a difference wraps ErrNotV2.
func (r *Router) Quote(ctx context.Context, pool *Pool, tokenIn, tokenOut common.Address, amountIn *big.Int) (*big.Int, error) {
	rIn, rOut, err := pool.Reserves(tokenIn)
	if err != nil {
		return nil, err
	}
	if _, _, err := pool.Reserves(tokenOut); err != nil || tokenOut == tokenIn {
		return nil, fmt.Errorf("%s: pair %s cannot swap %s for %s", r.venue.Name, pool.Address.Hex(), tokenIn.Hex(), tokenOut.Hex())
	}
	local, err := AmountOut(amountIn, rIn, rOut)
	if err != nil {
		return nil, fmt.Errorf("%s: quote %s: %w", r.venue.Name, amountIn, err)
	}
	path := []common.Address{tokenIn, tokenOut}
	amounts, err := bind.Call(r.router, callAt(ctx, pool.Block), routerABI.PackGetAmountsOut(amountIn, path), routerABI.UnpackGetAmountsOut)
	if err != nil {
		return nil, fmt.Errorf("%s: router %s getAmountsOut(%s): %w", r.venue.Name, r.venue.Router.Hex(), amountIn, err)
	}
	if len(amounts) != 2 || amounts[0] == nil || amounts[0].Cmp(amountIn) != 0 || amounts[1] == nil {
		return nil, fmt.Errorf("%s: router %s getAmountsOut returned %v for a one-hop path: %w", r.venue.Name, r.venue.Router.Hex(), amounts, ErrNotV2)
	}
	if amounts[1].Cmp(local) != 0 {
		return nil, fmt.Errorf("%s: router %s quotes %s out for %s in, but the V2 formula on pair %s's reserves gives %s: %w",
			r.venue.Name, r.venue.Router.Hex(), amounts[1], amountIn, pool.Address.Hex(), local, ErrNotV2)
	}
	return local, nil
}

// Allowance is owner's allowance of token to this venue's router.
func (r *Router) Allowance(ctx context.Context, token, owner common.Address, block *big.Int) (*big.Int, error) {
	c := bind.NewBoundContract(token, erc20ABI.GetABI(), r.b, nil, nil)
	a, err := bind.Call(c, callAt(ctx, block), erc20ABI.PackAllowance(owner, r.venue.Router), erc20ABI.UnpackAllowance)
	if err != nil {
		return nil, fmt.Errorf("token %s: allowance(%s, %s router): %w", token.Hex(), owner.Hex(), r.venue.Name, err)
	}
	return a, nil
}

// BalanceOf reads owner's balance of token at block (nil = latest).
func BalanceOf(ctx context.Context, b Backend, token, owner common.Address, block *big.Int) (*big.Int, error) {
	c := bind.NewBoundContract(token, erc20ABI.GetABI(), b, nil, nil)
	v, err := bind.Call(c, callAt(ctx, block), erc20ABI.PackBalanceOf(owner), erc20ABI.UnpackBalanceOf)
	if err != nil {
		return nil, fmt.Errorf("token %s: balanceOf(%s) at block %v: %w", token.Hex(), owner.Hex(), block, err)
	}
	return v, nil
}
