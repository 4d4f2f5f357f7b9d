package predict

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Plan turns forecasts into calls by fixed rules, on market state read
// afresh: redeem every resolved market the agent holds; withdraw any
// operator approval a failed sell left standing; then at most one trade: sell the holding whose sale price beats its forecast by the most
// (at least MinEdgeBps), or else make the buy whose forecast beats its
// average price by the most (at least MinEdgeBps), sized by BetSize under
// the bankroll left, the largest bet, the policy's cap and the balance.
// With nothing else to do it takes back a collateral allowance a reverted
// buy left to a market maker; else it is a nil plan.
func (f *Forecaster) Plan(ctx context.Context, obs *strategies.Observation, d strategies.Decision) (*strategies.Plan, error) {
	if f.deps.Backend == nil { // restored from recorded facts
		return nil, fmt.Errorf("%s: %w", ForecasterName, strategies.ErrNoChain)
	}
	st, err := f.state(obs)
	if err != nil {
		return nil, err
	}
	if d.Action != ActionForecast {
		return nil, fmt.Errorf("%s: unknown action %q", ForecasterName, strategies.Clip(d.Action, 40))
	}
	fs, err := ForecastsOf(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ForecasterName, err)
	}
	probs, err := checkForecasts(fs, st.open)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ForecasterName, err)
	}
	head, err := f.deps.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: read latest block: %w", ForecasterName, err)
	}
	now, err := f.read(ctx, head.Number)
	if err != nil {
		return nil, err
	}
	plan := &strategies.Plan{}
	var notes []string
	for _, v := range now.views {
		if !v.st.Resolved() {
			continue
		}
		call, trades, err := v.m.PlanRedeem(v.st)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ForecasterName, err)
		}
		if call == nil {
			continue
		}
		plan.Calls = append(plan.Calls, *call)
		plan.Trades = append(plan.Trades, trades...)
		got := new(big.Int)
		for _, t := range trades {
			got.Add(got, t.QuotedOut)
		}
		notes = append(notes, fmt.Sprintf("redeem %s for %s", v.m.Ref.Name, f.units(got)))
	}
	leg, note, err := f.trade(ctx, now, probs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ForecasterName, err)
	}
	// An operator approval left standing (a sell that failed before its
	// revoke) is withdrawn, unless this plan's own sell revokes it.
	for _, v := range now.views {
		if v.st.Operator && !revokes(leg, v.m) {
			plan.Calls = append(plan.Calls, v.m.RevokeCall())
			notes = append(notes, "revoke the operator approval left on "+v.m.Ref.Name)
		}
	}
	if leg != nil {
		plan.Calls = append(plan.Calls, leg.Calls...)
		plan.Trades = append(plan.Trades, leg.Trade)
		notes = append(notes, note)
	}
	if len(plan.Calls) == 0 {
		return f.revokeAllowance(ctx, now)
	}
	plan.Summary = strings.Join(notes, "; ")
	return plan, nil
}

// revokeAllowance plans a single approve(collateral, market maker, 0) for
// the first market that may still spend the agent's collateral (a buy that
// reverted leaves its exact approval), or nil when none may.
func (f *Forecaster) revokeAllowance(ctx context.Context, now *obsState) (*strategies.Plan, error) {
	coll := f.collateral
	c := bind.NewBoundContract(coll.Address, erc20ABI.GetABI(), f.deps.Backend, nil, nil)
	opts := &bind.CallOpts{Context: ctx, BlockNumber: now.block}
	for _, v := range now.views {
		fpmm := v.m.Ref.Address
		left, err := bind.Call(c, opts, erc20ABI.PackAllowance(f.deps.Account, fpmm), erc20ABI.UnpackAllowance)
		if err != nil {
			return nil, fmt.Errorf("%s: allowance of %s: %w", ForecasterName, v.m.Ref.Name, err)
		}
		if left.Sign() == 0 {
			continue
		}
		return &strategies.Plan{
			Summary: fmt.Sprintf("revoke the %s market maker's leftover allowance of %s", v.m.Ref.Name, f.units(left)),
			Calls: []strategies.Call{{To: coll.Address, Data: erc20ABI.PackApprove(fpmm, new(big.Int)), Method: "approve",
				Args: []strategies.Arg{{Name: "spender", Value: fpmm.Hex() + " (" + v.m.Ref.Name + ")"}, {Name: "amount", Value: "0 " + coll.Symbol}}}},
		}, nil
	}
	return nil, nil
}

// revokes reports whether a leg ends by revoking m's operator approval.
func revokes(leg *Leg, m *Market) bool {
	if leg == nil {
		return false
	}
	want := m.RevokeCall()
	for _, c := range leg.Calls {
		if c.To == want.To && string(c.Data) == string(want.Data) {
			return true
		}
	}
	return false
}

// candidate is one possible trade and how far it beats the forecast.
type candidate struct {
	v       view
	outcome int
	sell    bool
	edge    *big.Rat // sells: price - p; buys: p - average price
	stake   *big.Int // buys
	price   *big.Rat // average price
	p       *big.Rat
}

func (f *Forecaster) trade(ctx context.Context, now *obsState, probs map[string][]*big.Rat) (*Leg, string, error) {
	sz := Sizing{Bankroll: f.bankroll, Kelly: f.kelly, MinEdge: f.minEdge, Cap: f.buyCap(now), Min: f.minBet}
	var sell, buy *candidate
	for _, v := range now.views {
		ps, ok := probs[v.m.Ref.Name]
		if !ok || v.st.Resolved() || v.st.Prices == nil {
			continue
		}
		for i, p := range ps {
			if held := v.st.Held[i]; held.Sign() > 0 {
				if price, _ := SellPrice(v.st.Pool, v.m.Fee, held, i); price != nil {
					edge := new(big.Rat).Sub(price, p)
					if edge.Cmp(f.minEdge) >= 0 && (sell == nil || edge.Cmp(sell.edge) > 0) {
						sell = &candidate{v: v, outcome: i, sell: true, edge: edge, price: price, p: p}
					}
				}
			}
			stake, tokens := BetSize(v.st.Pool, v.m.Fee, i, p, sz)
			if stake.Sign() == 0 {
				continue
			}
			price := new(big.Rat).SetFrac(stake, tokens)
			edge := new(big.Rat).Sub(p, price)
			if buy == nil || edge.Cmp(buy.edge) > 0 {
				buy = &candidate{v: v, outcome: i, edge: edge, stake: stake, price: price, p: p}
			}
		}
	}
	c := sell
	if c == nil {
		c = buy
	}
	if c == nil {
		return nil, "", nil
	}
	m, label := c.v.m, c.v.m.OutcomeToken(c.outcome).Symbol
	if c.sell {
		leg, err := m.PlanSell(ctx, c.v.st, c.v.st.Held[c.outcome], c.outcome, f.p.SlippageBps)
		if err != nil {
			return nil, "", err
		}
		return leg, fmt.Sprintf("sell %s %s for %s (forecast %s, price %s)", wallet.FormatAmount(leg.Trade.AmountIn, m.Collateral.Decimals),
			label, f.units(leg.Trade.QuotedOut), c.p.FloatString(4), c.price.FloatString(4)), nil
	}
	leg, err := m.PlanBuy(ctx, c.v.st, c.stake, c.outcome, f.p.SlippageBps)
	if err != nil {
		return nil, "", err
	}
	return leg, fmt.Sprintf("buy %s with %s for >= %s tokens (forecast %s, average price %s)", label, f.units(c.stake),
		wallet.FormatAmount(leg.Trade.MinOut, m.Collateral.Decimals), c.p.FloatString(4), c.price.FloatString(4)), nil
}

// buyCap is the most one buy may spend now: the largest bet, the policy's
// per-trade cap, the bankroll not yet at risk (open positions valued at
// their prices) and the collateral balance, whichever is least.
func (f *Forecaster) buyCap(now *obsState) *big.Int {
	exposure := new(big.Rat)
	for _, v := range now.views {
		if v.st.Resolved() || v.st.Prices == nil {
			continue
		}
		for i, h := range v.st.Held {
			exposure.Add(exposure, new(big.Rat).Mul(new(big.Rat).SetInt(h), v.st.Prices[i]))
		}
	}
	free := new(big.Rat).Sub(new(big.Rat).SetInt(f.bankroll), exposure)
	capv := new(big.Int).Quo(free.Num(), free.Denom())
	if capv.Sign() < 0 {
		capv.SetInt64(0)
	}
	for _, c := range []*big.Int{f.maxBet, f.deps.MaxTrade, now.balance} {
		if c != nil && c.Cmp(capv) < 0 {
			capv.Set(c)
		}
	}
	return capv
}

func (f *Forecaster) units(v *big.Int) string {
	return wallet.FormatAmount(v, f.collateral.Decimals) + " " + f.collateral.Symbol
}
