package predict

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Slippage bounds, in basis points of the quote.
const (
	BpsDenom       = 10_000
	MaxSlippageBps = 1_000
)

var bigBps = big.NewInt(BpsDenom)

// MinOut is the least a buy quoted at quoted accepts: quoted less
// slippageBps, rounded down.
func MinOut(quoted *big.Int, slippageBps int64) *big.Int {
	v := new(big.Int).Mul(quoted, big.NewInt(BpsDenom-slippageBps))
	return v.Quo(v, bigBps)
}

// MaxIn is the most a sell quoted at quoted tokens accepts to hand in:
// quoted / (1 - slippage), rounded up, so MinOut-style checks hold exactly.
func MaxIn(quoted *big.Int, slippageBps int64) *big.Int {
	return ceilDiv(new(big.Int).Mul(quoted, bigBps), big.NewInt(BpsDenom-slippageBps))
}

// Leg is one planned market action: its calls and its trade record.
type Leg struct {
	Calls []strategies.Call
	Trade strategies.Trade
}

// PlanBuy plans a buy of investment collateral of outcome at st with the
// slippage bound: an exact approval of the market maker for investment,
// then buy(investment, outcome, minOut). The trade's QuotedOut is the
// contract-checked quote.
func (m *Market) PlanBuy(ctx context.Context, st *State, investment *big.Int, outcome int, slippageBps int64) (*Leg, error) {
	if err := m.checkOutcome(outcome); err != nil {
		return nil, err
	}
	if investment == nil || investment.Sign() <= 0 {
		return nil, fmt.Errorf("market %s: buy amount must be positive", m.Ref.Name)
	}
	if slippageBps < 0 || slippageBps > MaxSlippageBps {
		return nil, fmt.Errorf("market %s: slippage %d bps is outside 0..%d", m.Ref.Name, slippageBps, MaxSlippageBps)
	}
	quoted, err := m.QuoteBuy(ctx, st, investment, outcome)
	if err != nil {
		return nil, err
	}
	minOut := MinOut(quoted, slippageBps)
	if minOut.Sign() == 0 {
		return nil, fmt.Errorf("market %s: a buy of %s buys nothing", m.Ref.Name, m.units(investment))
	}
	coll, fpmm, out := m.Collateral, m.Ref.Address, m.OutcomeToken(outcome)
	return &Leg{
		Calls: []strategies.Call{
			{To: coll.Address, Data: erc20ABI.PackApprove(fpmm, investment), Method: "approve",
				Args: []strategies.Arg{{Name: "spender", Value: fpmm.Hex() + " (" + m.Ref.Name + ")"}, {Name: "amount", Value: m.units(investment)}}},
			{To: fpmm, Data: fpmmABI.PackBuy(investment, big.NewInt(int64(outcome)), minOut), Method: "buy",
				Args: []strategies.Arg{{Name: "investmentAmount", Value: m.units(investment)}, {Name: "outcomeIndex", Value: m.outcomeArg(outcome)},
					{Name: "minOutcomeTokensToBuy", Value: m.units(minOut)}}},
		},
		Trade: strategies.Trade{Venue: m.Ref.Name, Router: fpmm, TokenIn: coll, TokenOut: out, AmountIn: new(big.Int).Set(investment),
			QuotedOut: quoted, MinOut: minOut, ValueQuote: new(big.Int).Set(investment), Quote: coll},
	}, nil
}

// PlanSell plans selling at most tokens of outcome for the largest return
// whose quote needs no more than tokens less the slippage bound: grant the
// market maker operator rights on the conditional tokens, sell(ret,
// outcome, maxIn), and revoke them in the same plan. The trade's AmountIn
// is the quoted tokens (the call allows up to MaxIn of them) and QuotedOut
// = MinOut = ret, which the sell pays exactly.
func (m *Market) PlanSell(ctx context.Context, st *State, tokens *big.Int, outcome int, slippageBps int64) (*Leg, error) {
	if err := m.checkOutcome(outcome); err != nil {
		return nil, err
	}
	if slippageBps < 0 || slippageBps > MaxSlippageBps {
		return nil, fmt.Errorf("market %s: slippage %d bps is outside 0..%d", m.Ref.Name, slippageBps, MaxSlippageBps)
	}
	if tokens == nil || tokens.Sign() <= 0 || tokens.Cmp(st.Held[outcome]) > 0 {
		return nil, fmt.Errorf("market %s: cannot sell %v of outcome %d holding %s", m.Ref.Name, tokens, outcome, st.Held[outcome])
	}
	budget := MinOut(tokens, slippageBps) // the quote may need this much; the rest absorbs slippage
	ret, _, err := MaxSellReturn(st.Pool, m.Fee, budget, outcome)
	if err != nil {
		return nil, fmt.Errorf("market %s: %w", m.Ref.Name, err)
	}
	if ret.Sign() == 0 {
		return nil, fmt.Errorf("market %s: %s of outcome %d sell for nothing", m.Ref.Name, m.units(tokens), outcome)
	}
	quoted, err := m.QuoteSell(ctx, st, ret, outcome)
	if err != nil {
		return nil, err
	}
	maxIn := MaxIn(quoted, slippageBps)
	if maxIn.Cmp(tokens) > 0 {
		maxIn.Set(tokens)
	}
	ctf, fpmm := m.Ref.ConditionalTokens, m.Ref.Address
	operator := []strategies.Arg{{Name: "operator", Value: fpmm.Hex() + " (" + m.Ref.Name + ")"}}
	return &Leg{
		Calls: []strategies.Call{
			{To: ctf, Data: ctfABI.PackSetApprovalForAll(fpmm, true), Method: "setApprovalForAll",
				Args: append(operator, strategies.Arg{Name: "approved", Value: "true"})},
			{To: fpmm, Data: fpmmABI.PackSell(ret, big.NewInt(int64(outcome)), maxIn), Method: "sell",
				Args: []strategies.Arg{{Name: "returnAmount", Value: m.units(ret)}, {Name: "outcomeIndex", Value: m.outcomeArg(outcome)},
					{Name: "maxOutcomeTokensToSell", Value: m.units(maxIn)}}},
			{To: ctf, Data: ctfABI.PackSetApprovalForAll(fpmm, false), Method: "setApprovalForAll",
				Args: append(operator, strategies.Arg{Name: "approved", Value: "false"})},
		},
		Trade: strategies.Trade{Venue: m.Ref.Name, Router: fpmm, TokenIn: m.OutcomeToken(outcome), TokenOut: m.Collateral,
			AmountIn: quoted, QuotedOut: ret, MinOut: new(big.Int).Set(ret), ValueQuote: new(big.Int).Set(ret), Quote: m.Collateral},
	}, nil
}

// RevokeCall withdraws the market maker's operator rights over the
// account's positions.
func (m *Market) RevokeCall() strategies.Call {
	return strategies.Call{To: m.Ref.ConditionalTokens, Data: ctfABI.PackSetApprovalForAll(m.Ref.Address, false), Method: "setApprovalForAll",
		Args: []strategies.Arg{{Name: "operator", Value: m.Ref.Address.Hex() + " (" + m.Ref.Name + ")"}, {Name: "approved", Value: "false"}}}
}

// ErrNotResolved is a redeem before the oracle has reported.
var ErrNotResolved = errors.New("the market is not resolved yet")

// PlanRedeem plans redeeming every outcome the account holds after
// resolution in one redeemPositions call. Each held outcome is a trade of
// its tokens for its payout, holding * numerator / denominator rounded down
// per position, exactly as the contract pays.
func (m *Market) PlanRedeem(st *State) (*strategies.Call, []strategies.Trade, error) {
	if !st.Resolved() {
		return nil, nil, fmt.Errorf("market %s: %w", m.Ref.Name, ErrNotResolved)
	}
	var sets []*big.Int
	var trades []strategies.Trade
	for i, h := range st.Held {
		if h.Sign() == 0 {
			continue
		}
		sets = append(sets, IndexSet(i))
		pay := new(big.Int).Mul(h, st.Payouts[i])
		pay.Quo(pay, st.Denominator)
		trades = append(trades, strategies.Trade{Venue: m.Ref.Name, Router: m.Ref.ConditionalTokens, TokenIn: m.OutcomeToken(i),
			TokenOut: m.Collateral, AmountIn: new(big.Int).Set(h), QuotedOut: pay, MinOut: new(big.Int).Set(pay),
			ValueQuote: new(big.Int).Set(pay), Quote: m.Collateral})
	}
	if len(sets) == 0 {
		return nil, nil, nil
	}
	call := &strategies.Call{To: m.Ref.ConditionalTokens,
		Data:   ctfABI.PackRedeemPositions(m.Collateral.Address, [32]byte{}, m.Ref.ConditionID, sets),
		Method: "redeemPositions",
		Args: []strategies.Arg{{Name: "collateralToken", Value: m.Collateral.Symbol}, {Name: "parentCollectionId", Value: "0x0"},
			{Name: "conditionId", Value: m.Ref.ConditionID.Hex() + " (" + m.Ref.Name + ")"}, {Name: "indexSets", Value: fmt.Sprint(sets)}}}
	return call, trades, nil
}

func (m *Market) checkOutcome(i int) error {
	if i < 0 || i >= len(m.Positions) {
		return fmt.Errorf("market %s: outcome %d does not exist (it has %d)", m.Ref.Name, i, len(m.Positions))
	}
	return nil
}

func (m *Market) outcomeArg(i int) string {
	if i < len(m.Ref.Outcomes) {
		return fmt.Sprintf("%d (%s)", i, strategies.Clip(m.Ref.Outcomes[i], 24))
	}
	return fmt.Sprint(i)
}

func (m *Market) units(v *big.Int) string {
	return wallet.FormatAmount(v, m.Collateral.Decimals) + " " + m.Collateral.Symbol
}
