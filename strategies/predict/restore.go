package predict

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

func init() {
	strategies.RegisterRestorer(ForecasterName, RestoreForecaster)
}

// rulesFacts is what the rules brain decides with beyond the markets'
// state: the prior each open market was forecast with (exact fractions,
// by market) and the confidence it states; and what Plan needs beside the
// chain reads the runtime records: the account, the bet limits, and each
// market's conditional tokens and outcome labels (clipped, as trades name
// them). Facts recorded before it was kept cannot be decided again.
type rulesFacts struct {
	PriorConfidence float64                `json:"priorConfidence"`
	Priors          map[string][]string    `json:"priors"`
	Account         common.Address         `json:"account"`
	MinBet          string                 `json:"minBet"`
	MaxTrade        string                 `json:"maxTrade,omitempty"` // the policy's cap; "" none
	Markets         map[string]marketRules `json:"markets"`
}

type marketRules struct {
	ConditionalTokens common.Address `json:"conditionalTokens"`
	Outcomes          []string       `json:"outcomes"`
}

func (f *Forecaster) rulesFacts(st *obsState) *rulesFacts {
	r := &rulesFacts{PriorConfidence: f.p.PriorConfidence, Priors: map[string][]string{}, Account: f.deps.Account,
		MinBet: f.minBet.String(), Markets: map[string]marketRules{}}
	if f.deps.MaxTrade != nil {
		r.MaxTrade = f.deps.MaxTrade.String()
	}
	for _, v := range st.views {
		labels := make([]string, len(v.m.Positions))
		for i := range labels {
			labels[i] = strings.TrimPrefix(v.m.OutcomeToken(i).Symbol, v.m.Ref.Name+":")
		}
		r.Markets[v.m.Ref.Name] = marketRules{ConditionalTokens: v.m.Ref.ConditionalTokens, Outcomes: labels}
	}
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
// Propose and Parse to decide exactly as they did, and for Plan to plan
// again on strategies.ReplayChain, from the chain reads recorded with it.
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
	f.bankroll, f.maxBet, f.minBet = num("bankroll", ff.Bankroll), num("maxBet", ff.MaxBet), num("rules.minBet", ff.Rules.MinBet)
	if ff.Rules.MaxTrade != "" {
		f.deps.MaxTrade = num("rules.maxTrade", ff.Rules.MaxTrade)
	}
	var ok bool
	if f.kelly, ok = new(big.Rat).SetString(ff.KellyFraction); !ok {
		return nil, nil, fmt.Errorf("%s: facts field kellyFraction %q is not a number", ForecasterName, ff.KellyFraction)
	}
	f.minEdge = big.NewRat(ff.MinEdgeBps, BpsDenom)
	f.deps.Account = ff.Rules.Account
	var chain Backend = strategies.ReplayChain{}
	for _, mf := range ff.Markets {
		mr := ff.Rules.Markets[mf.Name]
		if len(mr.Outcomes) != len(mf.Pool) {
			return nil, nil, fmt.Errorf("%s: market %s: %d outcome labels for %d outcomes", ForecasterName, mf.Name, len(mr.Outcomes), len(mf.Pool))
		}
		ref := MarketRef{Name: mf.Name, Address: mf.Address, ConditionalTokens: mr.ConditionalTokens, Collateral: ff.Symbol,
			ConditionID: mf.ConditionID, QuestionID: mf.QuestionID, Outcomes: mr.Outcomes, ResolveBlock: mf.ResolveBlock}
		pos, err := OutcomePositionIDs(f.collateral.Address, mf.ConditionID, len(mf.Pool))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: market %s: %w", ForecasterName, mf.Name, err)
		}
		m := &Market{Ref: ref, Collateral: f.collateral, Fee: num("fee", mf.Fee), Positions: pos,
			fpmm: bind.NewBoundContract(ref.Address, fpmmABI.GetABI(), chain, nil, nil),
			ctf:  bind.NewBoundContract(ref.ConditionalTokens, ctfABI.GetABI(), chain, nil, nil)}
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
	f.deps.Backend = chain
	obs := &strategies.Observation{
		Strategy: ForecasterName, Block: st.block.Uint64(), Time: time.Unix(int64(ff.BlockTime), 0).UTC(),
		Facts: facts, Digest: crypto.Keccak256Hash(facts), State: st,
	}
	obs.Summary = f.summary(st)
	return f, obs, nil
}
