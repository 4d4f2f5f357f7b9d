package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Deadline is the router deadline for a swap built now: the latest block's
// timestamp plus window. The block's clock, not the wall clock, is what the
// router compares against (a devnet's blocks can run ahead of real time).
func Deadline(head *types.Header, window time.Duration) (*big.Int, error) {
	if head == nil {
		return nil, errors.New("deadline needs the latest block header")
	}
	if window < time.Second {
		return nil, fmt.Errorf("deadline window %v is under a second: give a window such as 5m", window)
	}
	d := new(big.Int).SetUint64(head.Time)
	return d.Add(d, big.NewInt(int64(window/time.Second))), nil
}

// ApproveCall is an exact-amount ERC-20 approve(spender, amount): never an
// unlimited allowance. spenderName labels the spender for people.
func ApproveCall(token strategies.Token, spender common.Address, spenderName string, amount *big.Int) strategies.Call {
	return strategies.Call{
		To:     token.Address,
		Data:   erc20ABI.PackApprove(spender, amount),
		Method: "approve",
		Args: []strategies.Arg{
			{Name: "spender", Value: spender.Hex() + " (" + spenderName + ")"},
			{Name: "amount", Value: amountText(amount, token)},
		},
	}
}

// SwapCall is router.swapExactTokensForTokens(amountIn, minOut, [in, out],
// to, deadline) on venue v.
func SwapCall(v Venue, in, out strategies.Token, amountIn, minOut *big.Int, to common.Address, deadline *big.Int) strategies.Call {
	path := []common.Address{in.Address, out.Address}
	return strategies.Call{
		To:     v.Router,
		Data:   routerABI.PackSwapExactTokensForTokens(amountIn, minOut, path, to, deadline),
		Method: "swapExactTokensForTokens",
		Args: []strategies.Arg{
			{Name: "amountIn", Value: amountText(amountIn, in)},
			{Name: "amountOutMin", Value: amountText(minOut, out)},
			{Name: "path", Value: in.Symbol + " -> " + out.Symbol},
			{Name: "to", Value: to.Hex()},
			{Name: "deadline", Value: deadline.String()},
		},
	}
}

// amountText shows base units as "1.5 WETH (1500000000000000000)".
func amountText(v *big.Int, t strategies.Token) string {
	return wallet.FormatAmount(v, t.Decimals) + " " + t.Symbol + " (" + v.String() + ")"
}

// SwapSpec is one exact-input swap to plan on a venue.
type SwapSpec struct {
	TokenIn, TokenOut strategies.Token
	AmountIn          *big.Int
	SlippageBps       int64
	// Account is the agent's own address: it owns the allowance, pays
	// AmountIn and receives the output. It comes from Deps, never a reply.
	Account  common.Address
	Deadline *big.Int
	// Quote and ValueQuote value the trade for caps (see strategies.Trade).
	Quote      strategies.Token
	ValueQuote *big.Int
}

// Leg is one planned swap: its calls (approve when needed, then the swap)
// and its trade.
type Leg struct {
	Calls []strategies.Call
	Trade strategies.Trade
}

// PlanSwap quotes s on pool (router and formula, cross-checked), derives the
// minimum output from the slippage limit, and sets the allowance to exactly
// AmountIn before the swap, whatever it is now: a plan never leans on an
// allowance a reverted plan left behind, so the policy's rule (an exact
// approve before each swap) and the strategies agree by construction.
func (r *Router) PlanSwap(ctx context.Context, pool *Pool, s SwapSpec) (*Leg, error) {
	if s.AmountIn == nil || s.AmountIn.Sign() <= 0 {
		return nil, fmt.Errorf("%s: swap amount %v must be positive", r.venue.Name, s.AmountIn)
	}
	if s.Account == (common.Address{}) {
		return nil, errors.New("dex: no agent account to swap for")
	}
	if s.Deadline == nil || s.Deadline.Sign() <= 0 {
		return nil, errors.New("dex: swap has no deadline")
	}
	quoted, err := r.Quote(ctx, pool, s.TokenIn.Address, s.TokenOut.Address, s.AmountIn)
	if err != nil {
		return nil, err
	}
	minOut, err := MinOut(quoted, s.SlippageBps)
	if err != nil {
		return nil, err
	}
	if minOut.Sign() == 0 {
		return nil, fmt.Errorf("%s: %s buys nothing after slippage (quote %s %s): trade a larger amount",
			r.venue.Name, amountText(s.AmountIn, s.TokenIn), quoted, s.TokenOut.Symbol)
	}
	leg := &Leg{Calls: []strategies.Call{
		ApproveCall(s.TokenIn, r.venue.Router, r.venue.Name+" router", s.AmountIn),
		SwapCall(r.venue, s.TokenIn, s.TokenOut, s.AmountIn, minOut, s.Account, s.Deadline),
	}}
	value := s.ValueQuote
	if value == nil {
		value = new(big.Int)
	}
	leg.Trade = strategies.Trade{
		Venue: r.venue.Name, Router: r.venue.Router,
		TokenIn: s.TokenIn, TokenOut: s.TokenOut,
		AmountIn:  new(big.Int).Set(s.AmountIn),
		QuotedOut: quoted, MinOut: minOut,
		ValueQuote: new(big.Int).Set(value), Quote: s.Quote,
	}
	return leg, nil
}

// Revoke plans a single approve(token, router, 0) for the first of tokens
// that owner still lets this venue's router spend (a swap that reverted
// leaves its exact approval behind): what a strategy plans on a tick it
// would otherwise hold; a second leftover goes on the next such tick. A nil
// plan means nothing is left to revoke.
func (r *Router) Revoke(ctx context.Context, owner common.Address, block *big.Int, tokens ...strategies.Token) (*strategies.Plan, error) {
	for _, t := range tokens {
		left, err := r.Allowance(ctx, t.Address, owner, block)
		if err != nil {
			return nil, err
		}
		if left.Sign() == 0 {
			continue
		}
		return &strategies.Plan{
			Summary: fmt.Sprintf("revoke the %s router's leftover allowance of %s", r.venue.Name, units(left, t)),
			Calls:   []strategies.Call{ApproveCall(t, r.venue.Router, r.venue.Name+" router", new(big.Int))},
		}, nil
	}
	return nil, nil
}

// CheckSwapDeltas checks a swap's balance changes against its trade: the
// input token fell by exactly AmountIn and the output token rose by at least
// MinOut. Anything else (a fee-on-transfer token, a router that took more or
// paid less, a swap that did not happen) is an error that says what moved.
func CheckSwapDeltas(t strategies.Trade, inChange, outChange *big.Int) error {
	if t.AmountIn == nil || t.MinOut == nil {
		return errors.New("swap check: the trade has no amount in or minimum out")
	}
	if inChange == nil || outChange == nil {
		return errors.New("swap check: missing balance change")
	}
	want := new(big.Int).Neg(t.AmountIn)
	if inChange.Cmp(want) != 0 {
		return fmt.Errorf("swap check on %s: %s balance changed by %s, want exactly -%s: the swap did not spend what was planned",
			t.Venue, t.TokenIn.Symbol, signedText(inChange, t.TokenIn), amountText(t.AmountIn, t.TokenIn))
	}
	if outChange.Cmp(t.MinOut) < 0 {
		return fmt.Errorf("swap check on %s: %s balance changed by %s, want at least +%s: the swap paid less than its minimum",
			t.Venue, t.TokenOut.Symbol, signedText(outChange, t.TokenOut), amountText(t.MinOut, t.TokenOut))
	}
	return nil
}

func signedText(v *big.Int, t strategies.Token) string {
	s := amountText(v, t)
	if v.Sign() > 0 {
		s = "+" + s
	}
	return s
}

// SwapDelta is what a mined swap moved in the agent's balances.
type SwapDelta struct {
	Spent    *big.Int // of TokenIn
	Received *big.Int // of TokenOut
}

// VerifySwap reads owner's balances of the trade's tokens just before and
// just after the receipt's block and runs CheckSwapDeltas. Other
// transactions of owner in the same block count too, so send a plan's calls
// one after another, each waiting for its receipt.
func VerifySwap(ctx context.Context, b Backend, owner common.Address, t strategies.Trade, r *types.Receipt) (*SwapDelta, error) {
	if r == nil || r.BlockNumber == nil || r.BlockNumber.Sign() <= 0 {
		return nil, errors.New("swap check needs a mined receipt")
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return nil, fmt.Errorf("swap check: transaction %s reverted", r.TxHash.Hex())
	}
	before := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
	change := func(token common.Address) (*big.Int, error) {
		b0, err := BalanceOf(ctx, b, token, owner, before)
		if err != nil {
			return nil, err
		}
		b1, err := BalanceOf(ctx, b, token, owner, r.BlockNumber)
		if err != nil {
			return nil, err
		}
		return b1.Sub(b1, b0), nil
	}
	in, err := change(t.TokenIn.Address)
	if err != nil {
		return nil, err
	}
	out, err := change(t.TokenOut.Address)
	if err != nil {
		return nil, err
	}
	if err := CheckSwapDeltas(t, in, out); err != nil {
		return nil, err
	}
	return &SwapDelta{Spent: in.Neg(in), Received: out}, nil
}

// SwapIndexes returns, for each of a plan's trades in order, the index of
// the call that makes it: the next call to the trade's router that is
// either swapExactTokensForTokens with the trade's amounts and path (V2) or
// a SwapRouter02 call holding the trade's one exact-input swap paid to
// owner (V3, see MatchV3Swap). A runtime uses it to check each swap's
// balance deltas after its receipt.
func SwapIndexes(p *strategies.Plan, owner common.Address) ([]int, error) {
	if p == nil {
		return nil, nil
	}
	method := routerABI.GetABI().Methods["swapExactTokensForTokens"]
	out := make([]int, 0, len(p.Trades))
	next := 0
	for ti, t := range p.Trades {
		found := -1
		for i := next; i < len(p.Calls) && found < 0; i++ {
			c := p.Calls[i]
			if c.To != t.Router || len(c.Data) < 4 {
				continue
			}
			if string(c.Data[:4]) != string(method.ID) {
				ok, err := MatchV3Swap(c, t, owner)
				if err != nil {
					return nil, fmt.Errorf("call %d: %w (trade %d)", i, err, ti)
				}
				if ok {
					found = i
				}
				continue
			}
			args, err := method.Inputs.Unpack(c.Data[4:])
			if err != nil {
				return nil, fmt.Errorf("call %d: decode swap: %w", i, err)
			}
			amountIn, minOut := args[0].(*big.Int), args[1].(*big.Int)
			path := args[2].([]common.Address)
			if amountIn.Cmp(t.AmountIn) != 0 || minOut.Cmp(t.MinOut) != 0 || len(path) != 2 ||
				path[0] != t.TokenIn.Address || path[1] != t.TokenOut.Address {
				return nil, fmt.Errorf("call %d swaps %s (min %s) along %v, which is not trade %d", i, amountIn, minOut, path, ti)
			}
			found = i
		}
		if found < 0 {
			return nil, fmt.Errorf("trade %d on %s has no swap call", ti, t.Venue)
		}
		out = append(out, found)
		next = found + 1
	}
	return out, nil
}
