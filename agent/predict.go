package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// DevnetMarkets are the prediction markets of the devnet manifest m (the
// seeded ones and those opened since), for the catalog.
func DevnetMarkets(m *devnet.Manifest) map[string]predict.MarketRef {
	out := map[string]predict.MarketRef{}
	ctf := m.Contracts[devnet.ContractConditionalTokens]
	for _, x := range m.Markets {
		out[x.Name] = predict.MarketRef{Name: x.Name, Address: x.Address, ConditionalTokens: ctf, Collateral: x.Collateral,
			ConditionID: x.ConditionID, QuestionID: x.QuestionID, Oracle: x.Oracle, Question: x.Question,
			Outcomes: append([]string(nil), x.Outcomes...), ResolveBlock: x.ResolveBlock}
	}
	return out
}

// buildForecaster builds predict.forecaster with the catalog's markets,
// sizing bets under the policy's per-trade cap on the collateral. The
// policy's quote token must be the collateral: marks, PnL and quote-value
// caps are all in it.
func buildForecaster(a *configs.Agent, backend dex.Backend, account common.Address, cat *Catalog) (strategies.Strategy, error) {
	p := predict.DefaultForecasterParams()
	if err := a.DecodeParams(&p); err != nil {
		return nil, err
	}
	coll, ok := cat.Token(p.Collateral)
	if !ok {
		return nil, fmt.Errorf("agent %s: %s: collateral: unknown token %q", a.Name, predict.ForecasterName, p.Collateral)
	}
	quote := a.Policy.QuoteToken
	if quote == "" {
		quote = configs.DefaultQuoteToken
	}
	if !strings.EqualFold(quote, coll.Symbol) {
		return nil, fmt.Errorf("agent %s: policy.quote_token is %s but the markets' collateral is %s: set quote_token: %s",
			a.Name, quote, coll.Symbol, coll.Symbol)
	}
	var maxTrade *big.Int
	caps := []configs.Decimal{a.Policy.MaxTradeQuote}
	for sym, d := range a.Policy.MaxTrade {
		if strings.EqualFold(sym, coll.Symbol) {
			caps = append(caps, d)
		}
	}
	for _, d := range caps {
		if d == "" {
			continue
		}
		v, err := d.Units(coll.Decimals)
		if err != nil {
			return nil, fmt.Errorf("agent %s: policy cap %s: %w", a.Name, d, err)
		}
		if maxTrade == nil || v.Cmp(maxTrade) < 0 {
			maxTrade = v
		}
	}
	deps := predict.Deps{Backend: backend, Account: account, Tokens: cat.Token, Markets: cat.Markets, MaxTrade: maxTrade}
	if a.Policy.AllowedMarkets == configs.AllowedMarketsDevnet {
		// Follow the markets the devnet opens; the policy admits each one
		// itself. Without that policy setting they would all be denied.
		deps.Catalog = cat.MarketSource
	}
	f, err := predict.NewForecaster(deps, p)
	if err != nil {
		return nil, fmt.Errorf("agent %s: %w", a.Name, err)
	}
	return f, nil
}

// modelName is the brain a decision names, without a fallback's reason:
// "rules (fallback: ollama:x unavailable: ...)" scores as "rules".
func modelName(m string) string {
	if i := strings.Index(m, " ("); i > 0 {
		return m[:i]
	}
	return m
}

// noteForecasts indexes a recorded forecast decision's forecasts for
// scoring. The log already holds them (the recorded action); a failure
// here loses only the index, so it is logged, not fatal.
func (r *Runtime) noteForecasts(st *state, rec *store.Record) {
	f, ok := st.spec.Strategy.(*predict.Forecaster)
	if !ok || rec.Kind != store.KindDecision || len(rec.Action) == 0 {
		return
	}
	var d strategies.Decision
	if err := json.Unmarshal(rec.Action, &d); err != nil || d.Action != predict.ActionForecast {
		return
	}
	fs, err := predict.ForecastsOf(d)
	if err != nil {
		r.log.Warn("forecast decision does not read back", "agent", rec.Agent, "seq", rec.Seq, "err", err)
		return
	}
	refs := map[string]predict.MarketRef{}
	for _, m := range f.Markets() {
		refs[m.Name] = m
	}
	var out []store.Forecast
	for _, fc := range fs {
		ref, ok := refs[fc.Market]
		probs, err := fc.ProbabilitiesRat()
		if !ok || err != nil {
			continue
		}
		ps := make([]float64, len(probs))
		for i, p := range probs {
			ps[i], _ = p.Float64()
		}
		out = append(out, store.Forecast{Agent: rec.Agent, Seq: rec.Seq, Time: rec.Time, Model: modelName(rec.Model),
			Market: fc.Market, ConditionID: ref.ConditionID, Probabilities: ps, Confidence: fc.Confidence})
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

// admitMarkets lets the policy check the markets its catalog lists since
// the last tick (policy.allowed_markets), before any plan is checked.
func (r *Runtime) admitMarkets(ctx context.Context, spec Spec) {
	if spec.Policy == nil || spec.Policy.FactoryMarkets == nil {
		return
	}
	admitted, refused := spec.Policy.AdmitMarkets(ctx, r.client.Backend())
	for _, n := range admitted {
		r.log.Info("market admitted by the policy", "agent", spec.Name, "market", n)
	}
	for _, n := range sortedKeys(refused) {
		r.log.Warn("market refused by the policy", "agent", spec.Name, "market", n, "reason", refused[n])
	}
}

// noteResolutions records the markets an observation saw resolved, which
// scores every forecast of them.
func (r *Runtime) noteResolutions(ctx context.Context, spec Spec, obs *strategies.Observation) error {
	f, ok := spec.Strategy.(*predict.Forecaster)
	if !ok {
		return nil
	}
	for _, res := range f.Resolutions(obs) {
		if _, err := r.db.RecordResolution(ctx, store.Resolution{ConditionID: res.Market.ConditionID, Market: res.Market.Name,
			Payouts: res.Payouts, Block: res.Block}); err != nil {
			return fmt.Errorf("record resolution of %s: %w", res.Market.Name, err)
		}
	}
	return nil
}

// outcomes are a strategy's assets that are not ERC-20 balances (outcome
// tokens) and how many of each the agent holds at obs.
func outcomes(s strategies.Strategy, obs *strategies.Observation) ([]strategies.Token, map[common.Address]*big.Int) {
	f, ok := s.(*predict.Forecaster)
	if !ok {
		return nil, nil
	}
	held := map[common.Address]*big.Int{}
	for _, h := range f.Holdings(obs) {
		held[h.Token.Address] = h.Amount
	}
	return f.OutcomeTokens(), held
}
