package dex

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// Settle books a mined DEX call from the agent's balance deltas at its
// receipt, checked against the call's limits.
func (r *Rules) Settle(ctx context.Context, s strategies.Settlement) ([]strategies.Fill, error) {
	switch s.Method {
	case SwapMethod:
		return settleSwap(ctx, s)
	case V3MulticallMethod:
		return settleV3(ctx, s)
	case ExecutorMethod:
		return settleExec(ctx, s)
	}
	return nil, nil
}

// settleSwap books a V2 swap: tokenIn must fall by exactly amountIn and
// tokenOut rise by at least minOut.
func settleSwap(ctx context.Context, s strategies.Settlement) ([]strategies.Fill, error) {
	_, args, _, err := unpackCall(s.Call)
	if err != nil {
		return nil, err
	}
	amountIn, minOut := args[0].(*big.Int), args[1].(*big.Int)
	path := args[2].([]common.Address)
	tin, tout := path[0], path[len(path)-1]
	deltas, err := s.Client.BalanceDeltas(ctx, s.Owner, []common.Address{tin, tout}, s.Receipt)
	if err != nil {
		return nil, fmt.Errorf("leg %d: read balance deltas: %w", s.Leg, err)
	}
	spentIn, gotOut := new(big.Int).Neg(deltas[0].Change), deltas[1].Change
	fills := []strategies.Fill{{Venue: s.Venue(s.Leg, common.Address{}), TokenIn: tin, AmountIn: spentIn, TokenOut: tout, AmountOut: gotOut}}
	if spentIn.Cmp(amountIn) != 0 {
		return fills, fmt.Errorf("leg %d spent %s of %s, the swap said %s", s.Leg, spentIn, tin.Hex(), amountIn)
	}
	if gotOut.Cmp(minOut) < 0 {
		return fills, fmt.Errorf("leg %d received %s of %s, below minOut %s", s.Leg, gotOut, tout.Hex(), minOut)
	}
	return fills, nil
}

// settleV3 books a mined SwapRouter02 multicall as one trade from the
// agent's balance deltas at its receipt, checked against the swap's
// limits: an exact input spent exactly amountIn and received at least
// amountOutMinimum; an exact output spent at most amountInMaximum and
// received at least amountOut.
func settleV3(ctx context.Context, st strategies.Settlement) ([]strategies.Fill, error) {
	swaps, err := DecodeSwapRouter02(st.Call.Data)
	if err != nil {
		return nil, fmt.Errorf("leg %d: %w", st.Leg, err)
	}
	if len(swaps) != 1 {
		return nil, fmt.Errorf("leg %d: SwapRouter02 call holds %d swaps; one is booked per call", st.Leg, len(swaps))
	}
	s := swaps[0]
	deltas, err := st.Client.BalanceDeltas(ctx, st.Owner, []common.Address{s.TokenIn, s.TokenOut}, st.Receipt)
	if err != nil {
		return nil, fmt.Errorf("leg %d: read balance deltas: %w", st.Leg, err)
	}
	spentIn, gotOut := new(big.Int).Neg(deltas[0].Change), deltas[1].Change
	fills := []strategies.Fill{{Venue: st.Venue(st.Leg, common.Address{}), TokenIn: s.TokenIn, AmountIn: spentIn,
		TokenOut: s.TokenOut, AmountOut: gotOut}}
	n := st.Leg
	switch {
	case !s.ExactOutput && spentIn.Cmp(s.AmountIn) != 0:
		return fills, fmt.Errorf("leg %d spent %s of %s, the swap said %s", n, spentIn, s.TokenIn.Hex(), s.AmountIn)
	case s.ExactOutput && (spentIn.Sign() <= 0 || spentIn.Cmp(s.AmountIn) > 0):
		return fills, fmt.Errorf("leg %d spent %s of %s, the swap allowed at most %s", n, spentIn, s.TokenIn.Hex(), s.AmountIn)
	case gotOut.Cmp(s.AmountOut) < 0:
		return fills, fmt.Errorf("leg %d received %s of %s, below the swap's %s", n, gotOut, s.TokenOut.Hex(), s.AmountOut)
	}
	return fills, nil
}

// settleExec books a mined executor round trip as its two legs, from the
// executor's Arbitraged event: tokenIn for tokenOut on router A, then
// tokenOut back on router B. It first checks the event against the call
// (tokens, routers, amountIn, the minimum return) and the agent's balances
// against the event: tokenIn moved by exactly amountOut - amountIn and
// tokenOut not at all, so no leg stayed open.
func settleExec(ctx context.Context, s strategies.Settlement) ([]strategies.Fill, error) {
	c, rc := s.Call, s.Receipt
	_, args, _, err := unpackCall(c)
	if err != nil {
		return nil, err
	}
	tokenIn, tokenOut := args[0].(common.Address), args[1].(common.Address)
	routerA, routerB := args[2].(common.Address), args[3].(common.Address)
	amountIn, minProfit := args[4].(*big.Int), args[5].(*big.Int)
	fills := ExecutorFills(rc, c.To)
	if len(fills) != 1 {
		return nil, fmt.Errorf("leg %d: executor %s: transaction %s has %d Arbitraged events, want 1", s.Leg, c.To.Hex(), rc.TxHash.Hex(), len(fills))
	}
	f := fills[0]
	if f.TokenIn != tokenIn || f.TokenOut != tokenOut || f.RouterA != routerA || f.RouterB != routerB || f.AmountIn.Cmp(amountIn) != 0 {
		return nil, fmt.Errorf("leg %d: executor %s reports a round trip (%s %s via %s, %s) that is not the call's (%s %s via %s, %s)",
			s.Leg, c.To.Hex(), f.AmountIn, f.TokenIn.Hex(), f.RouterA.Hex(), f.RouterB.Hex(), amountIn, tokenIn.Hex(), routerA.Hex(), routerB.Hex())
	}
	trades := []strategies.Fill{
		{Venue: s.Venue(s.Leg, routerA), TokenIn: tokenIn, AmountIn: new(big.Int).Set(f.AmountIn), TokenOut: tokenOut, AmountOut: new(big.Int).Set(f.AmountMid)},
		{Venue: s.Venue(s.Leg+1, routerB), TokenIn: tokenOut, AmountIn: new(big.Int).Set(f.AmountMid), TokenOut: tokenIn, AmountOut: new(big.Int).Set(f.AmountOut)},
	}
	if least := new(big.Int).Add(amountIn, minProfit); f.AmountOut.Cmp(least) < 0 {
		return trades, fmt.Errorf("leg %d: round trip returned %s of %s, under the %s the call demanded", s.Leg, f.AmountOut, tokenIn.Hex(), least)
	}
	deltas, err := s.Client.BalanceDeltas(ctx, s.Owner, []common.Address{tokenIn, tokenOut}, rc)
	if err != nil {
		return trades, fmt.Errorf("leg %d: read balance deltas: %w", s.Leg, err)
	}
	if want := new(big.Int).Sub(f.AmountOut, f.AmountIn); deltas[0].Change.Cmp(want) != 0 {
		return trades, fmt.Errorf("leg %d: round trip moved %s by %s, the executor reports %s", s.Leg, tokenIn.Hex(), deltas[0].Change, want)
	}
	if deltas[1].Change.Sign() != 0 {
		return trades, fmt.Errorf("leg %d: round trip left %s of %s with the agent: a leg is open", s.Leg, deltas[1].Change, tokenOut.Hex())
	}
	return trades, nil
}

// Paper books a simulated DEX call of a paper plan.
func (r *Rules) Paper(s strategies.Settlement, sim strategies.CallSim) []strategies.Fill {
	if !sim.OK {
		return nil
	}
	switch s.Method {
	case SwapMethod:
		_, args, _, err := unpackCall(s.Call)
		if err != nil {
			return nil
		}
		amts, err := SwapAmounts(sim.Return)
		if err != nil {
			return nil
		}
		path := args[2].([]common.Address)
		return []strategies.Fill{{Venue: s.Venue(s.Leg, common.Address{}), TokenIn: path[0], AmountIn: args[0].(*big.Int),
			TokenOut: path[len(path)-1], AmountOut: amts[len(amts)-1]}}
	case V3MulticallMethod:
		// The exact side from the calldata, the other from the result.
		swaps, err := DecodeSwapRouter02(s.Call.Data)
		if err != nil || len(swaps) != 1 {
			return nil
		}
		amounts, err := V3MulticallResults(sim.Return)
		if err != nil || len(amounts) != 1 {
			return nil
		}
		sw := swaps[0]
		in, out := new(big.Int).Set(sw.AmountIn), amounts[0]
		if sw.ExactOutput {
			in, out = amounts[0], new(big.Int).Set(sw.AmountOut)
		}
		return []strategies.Fill{{Venue: s.Venue(s.Leg, common.Address{}), TokenIn: sw.TokenIn, AmountIn: in, TokenOut: sw.TokenOut, AmountOut: out}}
	case ExecutorMethod:
		// amountIn, the simulated return, and the first leg's output as
		// the plan quoted it (the simulation returns only the total).
		_, args, _, err := unpackCall(s.Call)
		if err != nil {
			return nil
		}
		out, err := execABIv.Methods[ExecutorMethod].Outputs.Unpack(sim.Return)
		if err != nil || len(out) != 1 || s.Leg+1 >= len(s.Plan.Trades) {
			return nil
		}
		tokenIn, tokenOut := args[0].(common.Address), args[1].(common.Address)
		l1, l2 := s.Plan.Trades[s.Leg], s.Plan.Trades[s.Leg+1]
		mid := new(big.Int).Set(l1.QuotedOut)
		return []strategies.Fill{
			{Venue: l1.Venue, TokenIn: tokenIn, AmountIn: new(big.Int).Set(args[4].(*big.Int)), TokenOut: tokenOut, AmountOut: mid},
			{Venue: l2.Venue, TokenIn: tokenOut, AmountIn: new(big.Int).Set(mid), TokenOut: tokenIn, AmountOut: out[0].(*big.Int)},
		}
	}
	return nil
}
