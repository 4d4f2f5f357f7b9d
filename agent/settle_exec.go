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

// settleExec books a mined executor round trip (call c, decoded as d) as
// its two legs, from the executor's Arbitraged event: tokenIn for
// tokenOut on router A, then tokenOut back on router B. It first checks the
// event against the call (tokens, routers, amountIn, the minimum return)
// and the agent's balances against the event: tokenIn moved by exactly
// amountOut - amountIn and tokenOut not at all, so no leg stayed open. fee
// (the gas of the plan so far) goes on the first leg. leg numbers the
// plan's trades, as in settle.
func (r *Runtime) settleExec(ctx context.Context, owner common.Address, plan *strategies.Plan, c strategies.Call, d decodedCall,
	rc *types.Receipt, leg *int, fee *big.Int) ([]*store.Trade, error) {
	tokenIn, tokenOut := d.args[0].(common.Address), d.args[1].(common.Address)
	routerA, routerB := d.args[2].(common.Address), d.args[3].(common.Address)
	amountIn, minProfit := d.args[4].(*big.Int), d.args[5].(*big.Int)
	fills := dex.ExecutorFills(rc, c.To)
	if len(fills) != 1 {
		return nil, fmt.Errorf("executor %s: transaction %s has %d Arbitraged events, want 1", c.To.Hex(), rc.TxHash.Hex(), len(fills))
	}
	f := fills[0]
	if f.TokenIn != tokenIn || f.TokenOut != tokenOut || f.RouterA != routerA || f.RouterB != routerB || f.AmountIn.Cmp(amountIn) != 0 {
		return nil, fmt.Errorf("executor %s reports a round trip (%s %s via %s, %s) that is not the call's (%s %s via %s, %s)",
			c.To.Hex(), f.AmountIn, f.TokenIn.Hex(), f.RouterA.Hex(), f.RouterB.Hex(), amountIn, tokenIn.Hex(), routerA.Hex(), routerB.Hex())
	}
	venue := func(i int, router common.Address) string {
		if i < len(plan.Trades) && plan.Trades[i].Router == router {
			return plan.Trades[i].Venue
		}
		return router.Hex()
	}
	trades := []*store.Trade{
		{Leg: *leg, Venue: venue(*leg, routerA), TxHash: rc.TxHash, TokenIn: tokenIn, AmountIn: new(big.Int).Set(f.AmountIn),
			TokenOut: tokenOut, AmountOut: new(big.Int).Set(f.AmountMid), Fee: new(big.Int).Set(fee)},
		{Leg: *leg + 1, Venue: venue(*leg+1, routerB), TxHash: rc.TxHash, TokenIn: tokenOut, AmountIn: new(big.Int).Set(f.AmountMid),
			TokenOut: tokenIn, AmountOut: new(big.Int).Set(f.AmountOut), Fee: new(big.Int)},
	}
	*leg += 2
	fee.SetInt64(0)
	if least := new(big.Int).Add(amountIn, minProfit); f.AmountOut.Cmp(least) < 0 {
		return trades, fmt.Errorf("round trip returned %s of %s, under the %s the call demanded", f.AmountOut, tokenIn.Hex(), least)
	}
	deltas, err := r.client.BalanceDeltas(ctx, owner, []common.Address{tokenIn, tokenOut}, rc)
	if err != nil {
		return trades, fmt.Errorf("read balance deltas: %w", err)
	}
	if want := new(big.Int).Sub(f.AmountOut, f.AmountIn); deltas[0].Change.Cmp(want) != 0 {
		return trades, fmt.Errorf("round trip moved %s by %s, the executor reports %s", tokenIn.Hex(), deltas[0].Change, want)
	}
	if deltas[1].Change.Sign() != 0 {
		return trades, fmt.Errorf("round trip left %s of %s with the agent: a leg is open", deltas[1].Change, tokenOut.Hex())
	}
	return trades, nil
}

// paperExecTrades books a simulated executor round trip: amountIn, the
// simulated return, and the first leg's output as the plan quoted it (the
// simulation returns only the total).
func paperExecTrades(plan *strategies.Plan, d decodedCall, sim CallSim, leg *int) []*store.Trade {
	if !sim.OK {
		return nil
	}
	out, err := execABI.Methods[dex.ExecutorMethod].Outputs.Unpack(sim.Return)
	if err != nil || len(out) != 1 || *leg+1 >= len(plan.Trades) {
		return nil
	}
	tokenIn, tokenOut := d.args[0].(common.Address), d.args[1].(common.Address)
	l1, l2 := plan.Trades[*leg], plan.Trades[*leg+1]
	mid := new(big.Int).Set(l1.QuotedOut)
	trades := []*store.Trade{
		{Leg: *leg, Paper: true, Venue: l1.Venue, TokenIn: tokenIn, AmountIn: new(big.Int).Set(d.args[4].(*big.Int)), TokenOut: tokenOut, AmountOut: mid},
		{Leg: *leg + 1, Paper: true, Venue: l2.Venue, TokenIn: tokenOut, AmountIn: new(big.Int).Set(mid), TokenOut: tokenIn, AmountOut: out[0].(*big.Int)},
	}
	*leg += 2
	return trades
}
