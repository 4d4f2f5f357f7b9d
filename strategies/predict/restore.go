package predict

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

func init() {
	strategies.RegisterRestorer(ForecasterName, RestoreForecaster)
}

// rulesFacts is what the rules brain decides with beyond the markets'
// state: the prior each open market was forecast with (exact fractions,
// by market) and the confidence it states. Facts recorded before it was
// kept cannot be decided again.
type rulesFacts struct {
	PriorConfidence float64             `json:"priorConfidence"`
	Priors          map[string][]string `json:"priors"`
}

func (f *Forecaster) rulesFacts(st *obsState) *rulesFacts {
	r := &rulesFacts{PriorConfidence: f.p.PriorConfidence, Priors: map[string][]string{}}
	for _, v := range st.views {
		if v.st.Resolved() {
			continue
		}
		if prior, ok := f.prior(v.m.Ref.Name, len(v.m.Positions)); ok {
			ps := make([]string, len(prior))
			for i, p := range prior {
				ps[i] = p.RatString()
			}
			r.Priors[v.m.Ref.Name] = ps
		}
	}
	return r
}

// RestoreForecaster rebuilds a forecaster and its observation from
// recorded facts: each market's pool (its exact prices follow from it),
// holdings and resolution, and the priors the rules brain used, enough for
// Propose and Parse to decide exactly as they did. Its Plan needs the
// markets' contracts and fails with strategies.ErrNoChain.
func RestoreForecaster(facts json.RawMessage) (strategies.Strategy, *strategies.Observation, error) {
	var ff forecasterFacts
	dec := json.NewDecoder(bytes.NewReader(facts))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ff); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", ForecasterName, err)
	}
	if ff.Strategy != ForecasterName {
		return nil, nil, fmt.Errorf("%s: facts are from strategy %q", ForecasterName, ff.Strategy)
	}
	if ff.Rules == nil {
		return nil, nil, fmt.Errorf("%s: %w: these facts do not keep the priors (recorded before they were)", ForecasterName, strategies.ErrNotReplayable)
	}
	var bad error
	num := func(field, s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok && bad == nil {
			bad = fmt.Errorf("%s: facts field %s %q is not a base-10 integer", ForecasterName, field, s)
		}
		return v
	}
	nums := func(field string, ss []string) []*big.Int {
		out := make([]*big.Int, len(ss))
		for i, s := range ss {
			out[i] = num(fmt.Sprintf("%s[%d]", field, i), s)
		}
		return out
	}
	f := &Forecaster{
		p: ForecasterParams{KellyFraction: ff.KellyFraction, MinEdgeBps: ff.MinEdgeBps, SlippageBps: ff.SlippageBps,
			PriorConfidence: ff.Rules.PriorConfidence},
		collateral: strategies.Token{Address: ff.Collateral, Symbol: ff.Symbol, Decimals: ff.Decimals},
		priors:     map[string][]*big.Rat{},
	}
	for name, ps := range ff.Rules.Priors {
		v := make([]*big.Rat, len(ps))
		for i, s := range ps {
			r, ok := new(big.Rat).SetString(s)
			if !ok {
				return nil, nil, fmt.Errorf("%s: facts field rules.priors.%s[%d] %q is not a fraction", ForecasterName, name, i, s)
			}
			v[i] = r
		}
		f.priors[name] = v
	}
	st := &obsState{block: num("block", ff.Block), balance: num("balance", ff.Balance)}
	f.bankroll, f.maxBet = num("bankroll", ff.Bankroll), num("maxBet", ff.MaxBet)
	for _, mf := range ff.Markets {
		m := &Market{Ref: MarketRef{Name: mf.Name, Address: mf.Address, ConditionID: mf.ConditionID, QuestionID: mf.QuestionID,
			ResolveBlock: mf.ResolveBlock}, Collateral: f.collateral, Fee: num("fee", mf.Fee), Positions: make([]*big.Int, len(mf.Pool))}
		ms := &State{Block: st.block, Pool: nums("pool", mf.Pool), Held: nums("held", mf.Held)}
		if len(mf.Held) != len(mf.Pool) {
			return nil, nil, fmt.Errorf("%s: market %s: %d holdings for %d outcomes", ForecasterName, mf.Name, len(mf.Held), len(mf.Pool))
		}
		if bad == nil {
			ms.Prices = Prices(ms.Pool)
		}
		if mf.Resolved {
			ms.Payouts = nums("payouts", mf.Payouts)
			ms.Denominator = new(big.Int)
			for _, p := range ms.Payouts {
				if p != nil {
					ms.Denominator.Add(ms.Denominator, p)
				}
			}
		}
		st.views = append(st.views, view{m: m, st: ms})
		st.open = append(st.open, openMarket{name: mf.Name, outcomes: len(mf.Pool), resolved: mf.Resolved})
		f.refs = append(f.refs, m.Ref)
		f.markets = append(f.markets, m)
	}
	if bad != nil {
		return nil, nil, bad
	}
	f.last = st.open
	obs := &strategies.Observation{
		Strategy: ForecasterName, Block: st.block.Uint64(), Time: time.Unix(int64(ff.BlockTime), 0).UTC(),
		Facts: facts, Digest: crypto.Keccak256Hash(facts), State: st,
	}
	obs.Summary = f.summary(st)
	return f, obs, nil
}
