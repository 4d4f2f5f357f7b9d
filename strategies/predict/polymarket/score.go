package polymarket

import (
	"context"
	"encoding/json"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// resolution reads whether m's market has resolved, and how it paid.
func (s *Strategy) resolution(ctx context.Context, m market) (strategies.Resolution, bool, error) {
	mk, err := s.d.Client.Market(ctx, m.ConditionID)
	if err != nil || !mk.Closed {
		return strategies.Resolution{}, false, err
	}
	res := strategies.Resolution{Market: m.Name, ConditionID: common.HexToHash(m.ConditionID)}
	won := false
	for _, t := range mk.Tokens {
		p := new(big.Int)
		if t.Winner {
			p.SetInt64(1)
			won = true
		}
		res.Payouts = append(res.Payouts, p)
	}
	return res, won && len(res.Payouts) >= 2, nil
}

// ScoredForecasts implements strategies.Forecasting: a quote's probability
// for its token, as a distribution over the condition's two outcomes.
func (s *Strategy) ScoredForecasts(d strategies.Decision) ([]strategies.Forecast, error) {
	if d.Action != ActionQuote {
		return nil, nil
	}
	var q quoteParams
	if err := json.Unmarshal(d.Params, &q); err != nil {
		return nil, err
	}
	m, ok := s.find(q.Market)
	if !ok || m.ConditionID == "" {
		return nil, nil
	}
	ps := []float64{q.Probability, 1 - q.Probability}
	if m.Outcome == 1 {
		ps[0], ps[1] = ps[1], ps[0]
	}
	return []strategies.Forecast{{Market: m.Name, ConditionID: common.HexToHash(m.ConditionID), Probabilities: ps, Confidence: d.Confidence}}, nil
}

// ResolvedMarkets implements strategies.Forecasting.
func (s *Strategy) ResolvedMarkets(obs *strategies.Observation) []strategies.Resolution {
	if st, ok := obs.State.(*state); ok {
		return st.resolved
	}
	return nil
}
