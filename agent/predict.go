package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// modelName is the brain a decision names, without a fallback's reason:
// "rules (fallback: ollama:x unavailable: ...)" scores as "rules".
func modelName(m string) string {
	if i := strings.Index(m, " ("); i > 0 {
		return m[:i]
	}
	return m
}

// noteForecasts indexes a recorded decision's forecasts for scoring
// (strategies.Forecasting). The log already holds them (the recorded
// action); a failure here loses only the index, so it is logged, not fatal.
func (r *Runtime) noteForecasts(st *state, rec *store.Record) {
	f, ok := st.spec.Strategy.(strategies.Forecasting)
	if !ok || rec.Kind != store.KindDecision || len(rec.Action) == 0 {
		return
	}
	var d strategies.Decision
	if err := json.Unmarshal(rec.Action, &d); err != nil {
		return
	}
	fs, err := f.ScoredForecasts(d)
	if err != nil {
		r.log.Warn("forecast decision does not read back", "agent", rec.Agent, "seq", rec.Seq, "err", err)
		return
	}
	var out []store.Forecast
	for _, fc := range fs {
		out = append(out, store.Forecast{Agent: rec.Agent, Seq: rec.Seq, Time: rec.Time, Model: modelName(rec.Model),
			Market: fc.Market, ConditionID: fc.ConditionID, Probabilities: fc.Probabilities, Confidence: fc.Confidence})
	}
	if len(out) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.db.RecordForecasts(ctx, out); err != nil {
		r.log.Warn("forecasts not indexed", "agent", rec.Agent, "seq", rec.Seq, "err", err)
	}
}

// noteResolutions records the markets an observation saw resolved, which
// scores every forecast of them.
func (r *Runtime) noteResolutions(ctx context.Context, spec Spec, obs *strategies.Observation) error {
	f, ok := spec.Strategy.(strategies.Forecasting)
	if !ok {
		return nil
	}
	for _, res := range f.ResolvedMarkets(obs) {
		if _, err := r.db.RecordResolution(ctx, store.Resolution{ConditionID: res.ConditionID, Market: res.Market,
			Payouts: res.Payouts, Block: res.Block}); err != nil {
			return fmt.Errorf("record resolution of %s: %w", res.Market, err)
		}
	}
	return nil
}

// outcomes are a strategy's assets that are not ERC-20 balances (outcome
// tokens) and how many of each the agent holds at obs.
func outcomes(s strategies.Strategy, obs *strategies.Observation) ([]strategies.Token, map[common.Address]*big.Int) {
	h, ok := s.(strategies.Holder)
	if !ok {
		return nil, nil
	}
	return h.ExtraAssets(), h.HeldAssets(obs)
}
