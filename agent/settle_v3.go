package agent

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
)

// settleV3 books a mined SwapRouter02 multicall (call c) as one trade from
// the agent's balance deltas at its receipt, checked against the swap's
// limits: an exact input spent exactly amountIn and received at least
// amountOutMinimum; an exact output spent at most amountInMaximum and
// received at least amountOut. fee (the plan's gas so far) goes on the
// trade; leg numbers the plan's trades, as in settle.
func (r *Runtime) settleV3(ctx context.Context, owner common.Address, plan *strategies.Plan, c strategies.Call,
	rc *types.Receipt, leg *int, fee *big.Int) ([]*store.Trade, error) {
	swaps, err := dex.DecodeSwapRouter02(c.Data)
	if err != nil {
		return nil, err
	}
	if len(swaps) != 1 {
		return nil, fmt.Errorf("SwapRouter02 call holds %d swaps; one is booked per call", len(swaps))
	}
	s := swaps[0]
	deltas, err := r.client.BalanceDeltas(ctx, owner, []common.Address{s.TokenIn, s.TokenOut}, rc)
	if err != nil {
		return nil, fmt.Errorf("read balance deltas: %w", err)
	}
	spentIn, gotOut := new(big.Int).Neg(deltas[0].Change), deltas[1].Change
	venue := c.To.Hex()
	if *leg < len(plan.Trades) {
		venue = plan.Trades[*leg].Venue
	}
	trades := []*store.Trade{{Leg: *leg, Venue: venue, TxHash: rc.TxHash, TokenIn: s.TokenIn, AmountIn: spentIn,
		TokenOut: s.TokenOut, AmountOut: gotOut, Fee: new(big.Int).Set(fee)}}
	fee.SetInt64(0)
	n := *leg
	*leg++
	switch {
	case !s.ExactOutput && spentIn.Cmp(s.AmountIn) != 0:
		return trades, fmt.Errorf("leg %d spent %s of %s, the swap said %s", n, spentIn, s.TokenIn.Hex(), s.AmountIn)
	case s.ExactOutput && (spentIn.Sign() <= 0 || spentIn.Cmp(s.AmountIn) > 0):
		return trades, fmt.Errorf("leg %d spent %s of %s, the swap allowed at most %s", n, spentIn, s.TokenIn.Hex(), s.AmountIn)
	case gotOut.Cmp(s.AmountOut) < 0:
		return trades, fmt.Errorf("leg %d received %s of %s, below the swap's %s", n, gotOut, s.TokenOut.Hex(), s.AmountOut)
	}
	return trades, nil
}

// paperV3Trades books a simulated SwapRouter02 multicall: the exact side
// from the calldata, the other from the simulated result.
func paperV3Trades(plan *strategies.Plan, c strategies.Call, sim CallSim, leg *int) []*store.Trade {
	if !sim.OK {
		return nil
	}
	swaps, err := dex.DecodeSwapRouter02(c.Data)
	if err != nil || len(swaps) != 1 {
		return nil
	}
	amounts, err := dex.V3MulticallResults(sim.Return)
	if err != nil || len(amounts) != 1 {
		return nil
	}
	s := swaps[0]
	in, out := new(big.Int).Set(s.AmountIn), amounts[0]
	if s.ExactOutput {
		in, out = amounts[0], new(big.Int).Set(s.AmountOut)
	}
	venue := c.To.Hex()
	if *leg < len(plan.Trades) {
		venue = plan.Trades[*leg].Venue
	}
	t := &store.Trade{Leg: *leg, Paper: true, Venue: venue, TokenIn: s.TokenIn, AmountIn: in, TokenOut: s.TokenOut, AmountOut: out}
	*leg++
	return []*store.Trade{t}
}
