package predict

import (
	"math/big"

	"github.com/agentctl/agentctl/strategies"
)

// Holding is an amount of one outcome token the agent holds.
type Holding struct {
	Token  strategies.Token
	Amount *big.Int
}

// OutcomeTokens are the outcome tokens of every traded market, as they
// appear in trades, positions and marks (see Market.OutcomeToken).
func (f *Forecaster) OutcomeTokens() []strategies.Token {
	var out []strategies.Token
	for _, r := range f.Markets() {
		ids, err := OutcomePositionIDs(f.collateral.Address, r.ConditionID, len(r.Outcomes))
		if err != nil {
			continue // refused by OpenMarket before any trade
		}
		m := &Market{Ref: r, Collateral: f.collateral, Positions: ids}
		for i := range ids {
			out = append(out, m.OutcomeToken(i))
		}
	}
	return out
}

// Holdings are the agent's outcome tokens at an observation: ERC-1155
// balances, which no ERC-20 balance read sees.
func (f *Forecaster) Holdings(obs *strategies.Observation) []Holding {
	st, err := f.state(obs)
	if err != nil {
		return nil
	}
	var out []Holding
	for _, v := range st.views {
		for i, h := range v.st.Held {
			if h.Sign() > 0 {
				out = append(out, Holding{Token: v.m.OutcomeToken(i), Amount: new(big.Int).Set(h)})
			}
		}
	}
	return out
}

// Resolution is a market the oracle has answered, as an observation saw it.
type Resolution struct {
	Market  MarketRef
	Payouts []*big.Int
	Block   uint64
}

// Resolutions lists the resolved markets of an observation that this
// strategy has not listed before (all of them again after a restart).
func (f *Forecaster) Resolutions(obs *strategies.Observation) []Resolution {
	st, err := f.state(obs)
	if err != nil {
		return nil
	}
	if f.reported == nil {
		f.reported = map[string]bool{}
	}
	var out []Resolution
	for _, v := range st.views {
		if !v.st.Resolved() || f.reported[v.m.Ref.Name] {
			continue
		}
		f.reported[v.m.Ref.Name] = true
		ps := make([]*big.Int, len(v.st.Payouts))
		for i, p := range v.st.Payouts {
			ps[i] = new(big.Int).Set(p)
		}
		out = append(out, Resolution{Market: v.m.Ref, Payouts: ps, Block: obs.Block})
	}
	return out
}

// ProbabilitiesRat reads a forecast's probabilities exactly, scaled to sum
// to 1; it fails on anything checkForecasts would refuse about them.
func (fc Forecast) ProbabilitiesRat() ([]*big.Rat, error) {
	out, err := checkForecasts([]Forecast{fc}, []openMarket{{name: fc.Market, outcomes: len(fc.Probabilities)}})
	if err != nil {
		return nil, err
	}
	return out[fc.Market], nil
}
