package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// Allowance is owner's allowance of token to this venue's SwapRouter02.
func (c *V3) Allowance(ctx context.Context, token, owner common.Address, block *big.Int) (*big.Int, error) {
	bc := bind.NewBoundContract(token, erc20ABI.GetABI(), c.b, nil, nil)
	a, err := bind.Call(bc, callAt(ctx, block), erc20ABI.PackAllowance(owner, c.venue.SwapRouter02), erc20ABI.UnpackAllowance)
	if err != nil {
		return nil, fmt.Errorf("token %s: allowance(%s, %s swap router): %w", token.Hex(), owner.Hex(), c.venue.Name, err)
	}
	return a, nil
}

// PlanSwap is the V3 counterpart of Router.PlanSwap, for strategies that
// trade on any mix of V2 and V3 venues: it plans s on the pool of fee (see
// PlanExactInputSingle) and returns the same Leg, the V3 details (quote,
// local cross-check, limits) beside it. Like Router.PlanSwap it approves
// SwapRouter02 for exactly AmountIn before the swap, whatever the
// allowance is now: a swap that reverted leaves its approval behind, and
// the policy wants an exact approve before each swap of the plan.
func (c *V3) PlanSwap(ctx context.Context, s SwapSpec, fee uint32, block *big.Int) (*Leg, *V3Leg, error) {
	if s.Account == (common.Address{}) {
		return nil, nil, errors.New("dex: no agent account to swap for")
	}
	v3, err := c.PlanExactInputSingle(ctx, V3SwapSpec{
		TokenIn: s.TokenIn, TokenOut: s.TokenOut, Fee: fee, AmountIn: s.AmountIn,
		SlippageBps: s.SlippageBps, Deadline: s.Deadline, Recipient: s.Account,
	}, block)
	if err != nil {
		return nil, nil, err
	}
	leg := &Leg{Calls: []strategies.Call{
		ApproveCall(s.TokenIn, c.venue.SwapRouter02, c.venue.Name+" swap router", s.AmountIn),
		v3.Swap,
	}}
	value := s.ValueQuote
	if value == nil {
		value = new(big.Int)
	}
	leg.Trade = v3.Trade
	leg.Trade.AmountIn = new(big.Int).Set(s.AmountIn)
	leg.Trade.ValueQuote, leg.Trade.Quote = new(big.Int).Set(value), s.Quote
	return leg, v3, nil
}

// Revoke plans approve(token, SwapRouter02, 0) for the first of tokens
// owner still lets it spend (see Router.Revoke); nil when none.
func (c *V3) Revoke(ctx context.Context, owner common.Address, block *big.Int, tokens ...strategies.Token) (*strategies.Plan, error) {
	for _, t := range tokens {
		left, err := c.Allowance(ctx, t.Address, owner, block)
		if err != nil {
			return nil, err
		}
		if left.Sign() == 0 {
			continue
		}
		return &strategies.Plan{
			Summary: fmt.Sprintf("revoke the %s swap router's leftover allowance of %s", c.venue.Name, units(left, t)),
			Calls:   []strategies.Call{ApproveCall(t, c.venue.SwapRouter02, c.venue.Name+" swap router", new(big.Int))},
		}, nil
	}
	return nil, nil
}

// MatchV3Swap reports whether call makes trade t: a SwapRouter02 call to
// t.Router holding exactly one exact-input swap of t.AmountIn of t.TokenIn
// for at least t.MinOut of t.TokenOut, paid to owner. A runtime matching a
// plan's trades to its calls (as SwapIndexes does for V2) uses it for V3.
func MatchV3Swap(call strategies.Call, t strategies.Trade, owner common.Address) (bool, error) {
	if call.To != t.Router {
		return false, nil
	}
	swaps, err := DecodeSwapRouter02(call.Data)
	if errors.Is(err, errNotRouterSwap) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if len(swaps) != 1 {
		return false, fmt.Errorf("call to %s holds %d swaps; a trade is one", t.Router.Hex(), len(swaps))
	}
	s := swaps[0]
	if s.ExactOutput || s.TokenIn != t.TokenIn.Address || s.TokenOut != t.TokenOut.Address ||
		s.AmountIn.Cmp(t.AmountIn) != 0 || s.AmountOut.Cmp(t.MinOut) != 0 || s.Payee(owner, t.Router) != owner {
		return false, fmt.Errorf("call swaps %s of %s for >= %s of %s to %s, which is not the trade on %s",
			s.AmountIn, s.TokenIn.Hex(), s.AmountOut, s.TokenOut.Hex(), s.Recipient.Hex(), t.Venue)
	}
	return true, nil
}
