package wallet

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ETH stands for the native coin in asset lists (the zero address).
var ETH = common.Address{}

// Delta is how one asset's balance moved across a transaction.
type Delta struct {
	Asset  common.Address // ETH for the native coin, else the token
	Before *big.Int
	After  *big.Int
	Change *big.Int // After - Before; negative when spent
}

// BalanceDeltas reads owner's balances of assets (ETH or token addresses)
// just before and just after the block of a receipt: the parent block's
// state against the receipt block's. Other transactions touching owner in
// the same block are included too. For ETH, Change includes the fee; the
// fee alone is FeePaid(receipt).
func (c *Client) BalanceDeltas(ctx context.Context, owner common.Address, assets []common.Address, r *types.Receipt) ([]Delta, error) {
	if r == nil || r.BlockNumber == nil || r.BlockNumber.Sign() == 0 {
		return nil, fmt.Errorf("balance deltas need a mined receipt")
	}
	before := new(big.Int).Sub(r.BlockNumber, big.NewInt(1))
	out := make([]Delta, 0, len(assets))
	for _, a := range assets {
		b, err := c.balanceOfAt(ctx, a, owner, before)
		if err != nil {
			return nil, err
		}
		af, err := c.balanceOfAt(ctx, a, owner, r.BlockNumber)
		if err != nil {
			return nil, err
		}
		out = append(out, Delta{Asset: a, Before: b, After: af, Change: new(big.Int).Sub(af, b)})
	}
	return out, nil
}

// Balances reads owner's current balances of assets (ETH or token addresses).
func (c *Client) Balances(ctx context.Context, owner common.Address, assets []common.Address) (map[common.Address]*big.Int, error) {
	out := make(map[common.Address]*big.Int, len(assets))
	for _, a := range assets {
		b, err := c.balanceOfAt(ctx, a, owner, nil)
		if err != nil {
			return nil, err
		}
		out[a] = b
	}
	return out, nil
}

func (c *Client) balanceOfAt(ctx context.Context, asset, owner common.Address, block *big.Int) (*big.Int, error) {
	if asset == ETH {
		return c.BalanceAt(ctx, owner, block)
	}
	return c.Token(asset).BalanceAt(ctx, owner, block)
}

// FeePaid is what a mined transaction paid in fees: gasUsed * effectiveGasPrice.
func FeePaid(r *types.Receipt) *big.Int {
	if r == nil || r.EffectiveGasPrice == nil {
		return new(big.Int)
	}
	return new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
}
