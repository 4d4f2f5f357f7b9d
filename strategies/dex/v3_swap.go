package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// SwapRouter02's parameter structs, field for field as its ABI names them.
// They carry no deadline: SwapRouter02 takes it in multicall(deadline, data).
type (
	exactInputSingleParams struct {
		TokenIn           common.Address
		TokenOut          common.Address
		Fee               *big.Int
		Recipient         common.Address
		AmountIn          *big.Int
		AmountOutMinimum  *big.Int
		SqrtPriceLimitX96 *big.Int
	}
	exactInputParams struct {
		Path             []byte
		Recipient        common.Address
		AmountIn         *big.Int
		AmountOutMinimum *big.Int
	}
	exactOutputParams struct {
		Path            []byte
		Recipient       common.Address
		AmountOut       *big.Int
		AmountInMaximum *big.Int
	}
	exactOutputSingleParams struct {
		TokenIn           common.Address
		TokenOut          common.Address
		Fee               *big.Int
		Recipient         common.Address
		AmountOut         *big.Int
		AmountInMaximum   *big.Int
		SqrtPriceLimitX96 *big.Int
	}
)

// multicallDeadline is SwapRouter02's multicall(uint256 deadline, bytes[]):
// its ABI overloads multicall three ways, so it is found by signature.
var multicallDeadline = methodBySig(router02ABI, "multicall(uint256,bytes[])")

func methodBySig(a abi.ABI, sig string) abi.Method {
	for _, m := range a.Methods {
		if m.Sig == sig {
			return m
		}
	}
	panic("dex: no method " + sig) // the ABI is a constant in this package
}

func packRouter(method string, args ...any) []byte {
	data, err := router02ABI.Pack(method, args...)
	if err != nil {
		panic(fmt.Sprintf("dex: pack %s: %v", method, err)) // typed arguments always pack
	}
	return data
}

// MulticallData wraps SwapRouter02 calls in multicall(deadline, calls): the
// router reverts the whole batch once the block time passes deadline.
func MulticallData(deadline *big.Int, calls ...[]byte) []byte {
	args, err := multicallDeadline.Inputs.Pack(deadline, calls)
	if err != nil {
		panic(fmt.Sprintf("dex: pack multicall: %v", err)) // typed arguments always pack
	}
	return append(append([]byte{}, multicallDeadline.ID...), args...)
}

// ExactInputSingleData is SwapRouter02.exactInputSingle's calldata.
func ExactInputSingleData(in, out common.Address, fee uint32, to common.Address, amountIn, minOut, limit *big.Int) []byte {
	return packRouter("exactInputSingle", exactInputSingleParams{in, out, big.NewInt(int64(fee)), to, amountIn, minOut, orZero(limit)})
}

// ExactInputData is SwapRouter02.exactInput's calldata for a packed path.
func ExactInputData(path []byte, to common.Address, amountIn, minOut *big.Int) []byte {
	return packRouter("exactInput", exactInputParams{path, to, amountIn, minOut})
}

// ExactOutputData is SwapRouter02.exactOutput's calldata: path is packed
// from the output token back to the input (V3Path.Reverse().Encode()).
func ExactOutputData(path []byte, to common.Address, amountOut, maxIn *big.Int) []byte {
	return packRouter("exactOutput", exactOutputParams{path, to, amountOut, maxIn})
}

// ExactOutputSingleData is SwapRouter02.exactOutputSingle's calldata.
func ExactOutputSingleData(in, out common.Address, fee uint32, to common.Address, amountOut, maxIn, limit *big.Int) []byte {
	return packRouter("exactOutputSingle", exactOutputSingleParams{in, out, big.NewInt(int64(fee)), to, amountOut, maxIn, orZero(limit)})
}

// ErrQuoteMismatch means QuoterV2 and the local V3 math disagree on the
// same pool state: either the quoter is not the venue's, or the pool is not
// a Uniswap V3 pool. No plan is built on it.
var ErrQuoteMismatch = errors.New("QuoterV2 and the exact V3 math disagree")

// maxLocalCross bounds the ticks a local cross-check reads over RPC; a
// swap that crosses more is planned on QuoterV2's quote alone.
const maxLocalCross = 8

// V3SwapSpec is one exact-input swap on a V3 venue. Everything here comes
// from config and the strategy, never from model text.
type V3SwapSpec struct {
	TokenIn, TokenOut strategies.Token
	Fee               uint32   // the pool's tier; for a path, per hop in Path
	AmountIn          *big.Int // base units of TokenIn
	SlippageBps       int64
	Deadline          *big.Int // block time, see Deadline
	Recipient         common.Address
}

func (s V3SwapSpec) check() error {
	switch {
	case s.AmountIn == nil || s.AmountIn.Sign() <= 0:
		return fmt.Errorf("v3 swap: amount in %v must be positive", s.AmountIn)
	case s.Deadline == nil || s.Deadline.Sign() <= 0:
		return errors.New("v3 swap: no deadline")
	case s.Recipient == (common.Address{}):
		return errors.New("v3 swap: no recipient")
	}
	return nil
}

// V3Leg is a planned V3 swap: the quote it rests on, the exact local
// cross-check (nil when the swap crosses more ticks than read), its limits
// and the SwapRouter02 call.
type V3Leg struct {
	Pool   *V3Pool
	Quote  *V3Quote
	Local  *V3Swap
	MinOut *big.Int
	// PriceLimit is sqrtPriceLimitX96. Should the pool reach it, the swap
	// fills in part: it spends less than AmountIn and still must pay
	// MinOut, the minimum for the whole amount.
	PriceLimit *big.Int
	Swap       strategies.Call
	Trade      strategies.Trade
}

// PlanExactInputSingle quotes s on its pool through QuoterV2 at block,
// cross-checks the quote with the exact local math (every read at one
// block: nil pins the head), and builds
// multicall(deadline, [exactInputSingle]) with amountOutMinimum and
// sqrtPriceLimitX96 from the slippage limit.
func (c *V3) PlanExactInputSingle(ctx context.Context, s V3SwapSpec, block *big.Int) (*V3Leg, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	block, pool, err := c.specPool(ctx, s, block)
	if err != nil {
		return nil, err
	}
	q, err := c.QuoteExactInputSingle(ctx, s.TokenIn.Address, s.TokenOut.Address, s.Fee, s.AmountIn, nil, block)
	if err != nil {
		return nil, err
	}
	return c.planExactInputSingle(pool, c.Ticks(ctx, pool), q, s)
}

// planExactInputSingle is the plan without RPC of its own (ticks may read).
func (c *V3) planExactInputSingle(pool *V3Pool, ticks TickSource, q *V3Quote, s V3SwapSpec) (*V3Leg, error) {
	zeroForOne, err := poolOf(pool, s.TokenIn.Address, s.TokenOut.Address)
	if err != nil {
		return nil, err
	}
	leg := &V3Leg{Pool: pool, Quote: q}
	local, err := SimulateV3Swap(pool, ticks, zeroForOne, s.AmountIn, nil, maxLocalCross)
	switch {
	case errors.Is(err, ErrTooManyTicks):
	case err != nil:
		return nil, fmt.Errorf("%s: local V3 quote: %w", c.venue.Name, err)
	case local.AmountIn.Cmp(s.AmountIn) != 0:
		return nil, fmt.Errorf("%s: pool %s can absorb only %s of the %s in: not enough liquidity", c.venue.Name, pool.Address.Hex(), local.AmountIn, s.AmountIn)
	case local.AmountOut.Cmp(q.Amount) != 0:
		return nil, fmt.Errorf("%w on %s pool %s: quoter %s, local %s", ErrQuoteMismatch, c.venue.Name, pool.Address.Hex(), q.Amount, local.AmountOut)
	default:
		leg.Local = local
	}
	if leg.MinOut, err = MinOut(q.Amount, s.SlippageBps); err != nil {
		return nil, err
	}
	if leg.MinOut.Sign() == 0 {
		return nil, fmt.Errorf("%s: %s buys nothing after slippage: trade more", c.venue.Name, amountText(s.AmountIn, s.TokenIn))
	}
	if leg.PriceLimit, err = PriceLimit(q.SqrtAfter[0], zeroForOne, s.SlippageBps); err != nil {
		return nil, err
	}
	inner := ExactInputSingleData(s.TokenIn.Address, s.TokenOut.Address, s.Fee, s.Recipient, s.AmountIn, leg.MinOut, leg.PriceLimit)
	leg.Swap = strategies.Call{
		To:     c.venue.SwapRouter02,
		Data:   MulticallData(s.Deadline, inner),
		Method: "multicall(exactInputSingle)",
		Args: []strategies.Arg{
			{Name: "tokenIn", Value: s.TokenIn.Symbol + " " + s.TokenIn.Address.Hex()},
			{Name: "tokenOut", Value: s.TokenOut.Symbol + " " + s.TokenOut.Address.Hex()},
			{Name: "fee", Value: fmt.Sprintf("%d (%s%%)", s.Fee, big.NewRat(int64(s.Fee), 10_000).FloatString(2))},
			{Name: "amountIn", Value: amountText(s.AmountIn, s.TokenIn)},
			{Name: "amountOutMinimum", Value: amountText(leg.MinOut, s.TokenOut)},
			{Name: "sqrtPriceLimitX96", Value: leg.PriceLimit.String()},
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

// specPool pins block (nil: the head) and reads the pool s trades on there.
func (c *V3) specPool(ctx context.Context, s V3SwapSpec, block *big.Int) (*big.Int, *V3Pool, error) {
	block, err := c.pin(ctx, block)
	if err != nil {
		return nil, nil, err
	}
	addr, err := c.PoolAddress(ctx, s.TokenIn.Address, s.TokenOut.Address, s.Fee, block)
	if err != nil {
		return nil, nil, err
	}
	if addr == (common.Address{}) {
		return nil, nil, fmt.Errorf("%w for %s/%s at fee %d on %s", ErrNoV3Pool, s.TokenIn.Symbol, s.TokenOut.Symbol, s.Fee, c.venue.Name)
	}
	pool, err := c.ReadPool(ctx, addr, block)
	if err != nil {
		return nil, nil, err
	}
	return block, pool, nil
}
