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
// PlanExactInputSingle) and returns the same Leg, with an exact approval
// of SwapRouter02 first when the allowance does not cover AmountIn, and
// the V3 details (quote, local cross-check, limits) beside it.
func (c *V3) PlanSwap(ctx context.Context, s SwapSpec, fee uint32, block *big.Int) (*Leg, *V3Leg, error) {
	if s.Account == (common.Address{}) {
		return nil, nil, errors.New("dex: no agent account to swap for")
	}
	block, err := c.pin(ctx, block)
	if err != nil {
		return nil, nil, err
	}
	v3, err := c.PlanExactInputSingle(ctx, V3SwapSpec{
		TokenIn: s.TokenIn, TokenOut: s.TokenOut, Fee: fee, AmountIn: s.AmountIn,
		SlippageBps: s.SlippageBps, Deadline: s.Deadline, Recipient: s.Account,
	}, block)
	if err != nil {
		return nil, nil, err
	}
	allowance, err := c.Allowance(ctx, s.TokenIn.Address, s.Account, block)
	if err != nil {
		return nil, nil, err
	}
	leg := &Leg{}
	if allowance.Cmp(s.AmountIn) < 0 {
		leg.Calls = append(leg.Calls, ApproveCall(s.TokenIn, c.venue.SwapRouter02, c.venue.Name+" swap router", s.AmountIn))
	}
	leg.Calls = append(leg.Calls, v3.Swap)
	value := s.ValueQuote
	if value == nil {
		value = new(big.Int)
	}
	leg.Trade = v3.Trade
	leg.Trade.AmountIn = new(big.Int).Set(s.AmountIn)
	leg.Trade.ValueQuote, leg.Trade.Quote = new(big.Int).Set(value), s.Quote
	return leg, v3, nil
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
