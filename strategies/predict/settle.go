package predict

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// chainReader reads positions and payouts for settlement.
type chainReader struct{ c *wallet.Client }

// settleMarket checks one confirmed market call against the balances its
// receipt moved and returns its trades, numbered from *leg, with the gas
// accumulated in fee booked on the first (fee is then reset). Everything
// comes from the calldata and the policy's market rules, so recovery after
// a restart settles the same way. setApprovalForAll moves nothing.
//
//   - buy: the collateral must fall by exactly the investment and the
//     outcome position rise by at least minOutcomeTokensToBuy;
//   - sell: the collateral must rise by exactly the return and the
//     position fall by at most maxOutcomeTokensToSell;
//   - redeemPositions: each named position falls to zero and the collateral
//     rises by the sum of the positions' payouts, each rounded down as the
//     conditional tokens pay it (one trade per position).
func (p *Rules) Settle(ctx context.Context, s strategies.Settlement) ([]strategies.Fill, error) {
	c, rc, owner := s.Call, s.Receipt, s.Owner
	r := chainReader{s.Client}
	trade := func(rule MarketRule, in, out common.Address, amtIn, amtOut *big.Int) strategies.Fill {
		return strategies.Fill{Venue: rule.Name, TokenIn: in, AmountIn: amtIn, TokenOut: out, AmountOut: amtOut}
	}
	_, args, _, err := unpackCall(c)
	if err != nil {
		return nil, err
	}
	switch s.Method {
	case "buy", "sell":
		rule, ok := p.Markets[c.To]
		outcome := args[1].(*big.Int)
		if !ok || !outcome.IsInt64() || outcome.Int64() >= int64(len(rule.Positions)) {
			return nil, fmt.Errorf("%s on %s: not an allowed market's outcome", s.Method, c.To.Hex())
		}
		pos := rule.Positions[outcome.Int64()]
		token := PositionToken(rule.ConditionalTokens, pos)
		coll, err := s.Client.BalanceDeltas(ctx, owner, []common.Address{rule.Collateral}, rc)
		if err != nil {
			return nil, fmt.Errorf("%s on %s: read balance deltas: %w", s.Method, rule.Name, err)
		}
		held, err := r.positionDelta(ctx, rule.ConditionalTokens, owner, pos, rc)
		if err != nil {
			return nil, fmt.Errorf("%s on %s: %w", s.Method, rule.Name, err)
		}
		if s.Method == "buy" {
			invest, minOut := args[0].(*big.Int), args[2].(*big.Int)
			spent := new(big.Int).Neg(coll[0].Change)
			t := trade(rule, rule.Collateral, token, spent, held)
			if spent.Cmp(invest) != 0 {
				return []strategies.Fill{t}, fmt.Errorf("buy on %s spent %s of the collateral, the call said %s", rule.Name, spent, invest)
			}
			if held.Cmp(minOut) < 0 {
				return []strategies.Fill{t}, fmt.Errorf("buy on %s received %s outcome tokens, below the minimum %s", rule.Name, held, minOut)
			}
			return []strategies.Fill{t}, nil
		}
		ret, maxIn := args[0].(*big.Int), args[2].(*big.Int)
		sold := new(big.Int).Neg(held)
		t := trade(rule, token, rule.Collateral, sold, coll[0].Change)
		if coll[0].Change.Cmp(ret) != 0 {
			return []strategies.Fill{t}, fmt.Errorf("sell on %s returned %s of the collateral, the call said %s", rule.Name, coll[0].Change, ret)
		}
		if sold.Cmp(maxIn) > 0 || sold.Sign() < 0 {
			return []strategies.Fill{t}, fmt.Errorf("sell on %s took %s outcome tokens, above the maximum %s", rule.Name, sold, maxIn)
		}
		return []strategies.Fill{t}, nil
	case "redeemPositions":
		cond, sets := common.Hash(args[2].([32]byte)), args[3].([]*big.Int)
		var rule MarketRule
		found := false
		for _, m := range p.Markets {
			if m.ConditionalTokens == c.To && m.ConditionID == cond {
				rule, found = m, true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("redeemPositions of %s: not an allowed market's condition", cond.Hex())
		}
		nums, den, err := r.payouts(ctx, rule, rc.BlockNumber)
		if err != nil {
			return nil, err
		}
		coll, err := s.Client.BalanceDeltas(ctx, owner, []common.Address{rule.Collateral}, rc)
		if err != nil {
			return nil, fmt.Errorf("redeem %s: read balance deltas: %w", rule.Name, err)
		}
		var trades []strategies.Fill
		total := new(big.Int)
		for _, set := range sets {
			num := new(big.Int)
			for j := range rule.Positions {
				if set.Bit(j) == 1 {
					num.Add(num, nums[j])
				}
			}
			pos, err := positionOf(rule, set)
			if err != nil {
				return trades, err
			}
			delta, err := r.positionDelta(ctx, rule.ConditionalTokens, owner, pos, rc)
			if err != nil {
				return trades, fmt.Errorf("redeem %s: %w", rule.Name, err)
			}
			burned := new(big.Int).Neg(delta)
			if burned.Sign() <= 0 {
				continue
			}
			pay := new(big.Int).Mul(burned, num)
			pay.Quo(pay, den)
			total.Add(total, pay)
			trades = append(trades, trade(rule, PositionToken(rule.ConditionalTokens, pos), rule.Collateral, burned, pay))
		}
		if total.Cmp(coll[0].Change) != 0 {
			return trades, fmt.Errorf("redeem %s paid %s of the collateral, the payouts say %s", rule.Name, coll[0].Change, total)
		}
		return trades, nil
	}
	return nil, nil
}

// positionOf is the position of an index set of a market's condition.
func positionOf(rule MarketRule, set *big.Int) (*big.Int, error) {
	for i, id := range rule.Positions {
		if set.Cmp(IndexSet(i)) == 0 {
			return id, nil
		}
	}
	coll, err := CollectionID(common.Hash{}, rule.ConditionID, set)
	if err != nil {
		return nil, err
	}
	return PositionID(rule.Collateral, coll), nil
}

// positionDelta is how owner's balance of an ERC-1155 position moved
// across the receipt's block.
func (r chainReader) positionDelta(ctx context.Context, ctf, owner common.Address, id *big.Int, rc *types.Receipt) (*big.Int, error) {
	at := func(block *big.Int) (*big.Int, error) {
		out, err := r.c.Backend().CallContract(ctx, ethereum.CallMsg{To: &ctf, Data: ctfPack("balanceOf", owner, id)}, block)
		if err != nil {
			return nil, fmt.Errorf("position balance at block %s: %w", block, err)
		}
		v, err := ctfABIv.Unpack("balanceOf", out)
		if err != nil || len(v) != 1 {
			return nil, fmt.Errorf("position balance at block %s: %d bytes back", block, len(out))
		}
		return v[0].(*big.Int), nil
	}
	before, err := at(new(big.Int).Sub(rc.BlockNumber, big.NewInt(1)))
	if err != nil {
		return nil, err
	}
	after, err := at(rc.BlockNumber)
	if err != nil {
		return nil, err
	}
	return after.Sub(after, before), nil
}

// payouts reads a resolved condition's numerators and denominator.
func (r chainReader) payouts(ctx context.Context, rule MarketRule, block *big.Int) ([]*big.Int, *big.Int, error) {
	call := func(data []byte, method string) (*big.Int, error) {
		out, err := r.c.Backend().CallContract(ctx, ethereum.CallMsg{To: &rule.ConditionalTokens, Data: data}, block)
		if err != nil {
			return nil, fmt.Errorf("redeem %s: %s: %w", rule.Name, method, err)
		}
		v, err := ctfABIv.Unpack(method, out)
		if err != nil || len(v) != 1 {
			return nil, fmt.Errorf("redeem %s: %s returned %d bytes", rule.Name, method, len(out))
		}
		return v[0].(*big.Int), nil
	}
	den, err := call(ctfPack("payoutDenominator", rule.ConditionID), "payoutDenominator")
	if err != nil {
		return nil, nil, err
	}
	if den.Sign() == 0 {
		return nil, nil, fmt.Errorf("redeem %s: the condition is not resolved", rule.Name)
	}
	nums := make([]*big.Int, len(rule.Positions))
	for j := range nums {
		if nums[j], err = call(ctfPack("payoutNumerators", rule.ConditionID, big.NewInt(int64(j))), "payoutNumerators"); err != nil {
			return nil, nil, err
		}
	}
	return nums, den, nil
}

func ctfPack(method string, args ...any) []byte {
	b, err := ctfABIv.Pack(method, args...)
	if err != nil {
		panic("predict: conditional tokens ABI: " + err.Error()) // the arguments are typed here, never from input
	}
	return b
}

// paperMarketTrades books a simulated market call as the plan quoted it:
// the market maker returns nothing to read, and the plan's quotes are the
// contract's own (the strategy cross-checks them at the same block).
func (p *Rules) Paper(s strategies.Settlement, sim strategies.CallSim) []strategies.Fill {
	plan, c := s.Plan, s.Call
	if !sim.OK {
		return nil
	}
	_, args, _, err := unpackCall(c)
	if err != nil {
		return nil
	}
	var t strategies.Trade
	var ok bool
	switch s.Method {
	case "buy":
		invest := args[0].(*big.Int)
		t, ok = planTrade(plan, func(t strategies.Trade) bool {
			return t.Router == c.To && t.AmountIn != nil && t.AmountIn.Cmp(invest) == 0 && t.QuotedOut != nil
		})
	case "sell":
		ret := args[0].(*big.Int)
		t, ok = planTrade(plan, func(t strategies.Trade) bool {
			return t.Router == c.To && t.QuotedOut != nil && t.QuotedOut.Cmp(ret) == 0 && t.AmountIn != nil
		})
	}
	if !ok {
		return nil
	}
	return []strategies.Fill{{Venue: t.Venue, TokenIn: t.TokenIn.Address, AmountIn: new(big.Int).Set(t.AmountIn),
		TokenOut: t.TokenOut.Address, AmountOut: new(big.Int).Set(t.QuotedOut)}}
}
