package dex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
)

func init() {
	strategies.RegisterRestorer(MomentumName, RestoreMomentum)
}

// RestoreMomentum rebuilds a momentum strategy and its observation from
// recorded facts: the parameters, balances, history length and price
// change the rules brain decided on, and (see replayFacts) what Plan needs
// to plan again on the recorded chain reads. Observe needs a chain and
// fails; Propose and Parse decide exactly as they did.
func RestoreMomentum(facts json.RawMessage) (strategies.Strategy, *strategies.Observation, error) {
	var f momentumFacts
	dec := json.NewDecoder(bytes.NewReader(facts))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", MomentumName, err)
	}
	if f.Strategy != MomentumName {
		return nil, nil, fmt.Errorf("%s: facts are from strategy %q", MomentumName, f.Strategy)
	}
	ints := map[string]*big.Int{}
	for name, s := range map[string]string{"block": f.Block, "mark": f.Mark, "balanceBase": f.BalanceBase,
		"balanceQuote": f.BalanceQuote, "maxTrade": f.MaxTrade} {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, nil, fmt.Errorf("%s: facts field %s %q is not a base-10 integer", MomentumName, name, s)
		}
		ints[name] = v
	}
	price, ok := new(big.Rat).SetString(f.Price)
	if !ok {
		return nil, nil, fmt.Errorf("%s: facts field price %q is not a number", MomentumName, f.Price)
	}
	m := &Momentum{
		p:        MomentumParams{DEX: f.Venue, Lookback: f.Lookback, ThresholdBps: f.ThresholdBps, SlippageBps: f.SlippageBps},
		base:     strategies.Token{Address: f.Base.Address, Symbol: f.Base.Symbol, Decimals: f.Base.Decimals},
		quote:    strategies.Token{Address: f.Quote.Address, Symbol: f.Quote.Symbol, Decimals: f.Quote.Decimals},
		maxTrade: ints["maxTrade"], ready: true, mkt: &market{name: f.Venue, pool: f.Pair},
	}
	m.p.Base, m.p.Quote = m.base.Symbol, m.quote.Symbol
	st := &momentumState{block: ints["block"], price: price, history: f.History, balBase: ints["balanceBase"],
		balQuote: ints["balanceQuote"], mark: ints["mark"], maxTrade: ints["maxTrade"], thresholdBps: big.NewInt(f.ThresholdBps)}
	if f.ChangeBps != nil {
		c, ok := new(big.Int).SetString(*f.ChangeBps, 10)
		if !ok {
			return nil, nil, fmt.Errorf("%s: facts field changeBps %q is not a base-10 integer", MomentumName, *f.ChangeBps)
		}
		st.change = c
	}
	obs := &strategies.Observation{
		Strategy: MomentumName, Block: ints["block"].Uint64(), Time: time.Unix(int64(f.BlockTime), 0).UTC(),
		Facts: facts, Digest: crypto.Keccak256Hash(facts), State: st,
	}
	obs.Summary = m.summary(st)
	if err := m.restorePlan(&f, st); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", MomentumName, err)
	}
	return m, obs, nil
}

// errNoChain is what a restored strategy says when asked to use the chain.
var errNoChain = strategies.ErrNoChain

func init() {
	strategies.RegisterRestorer(ArbitrageName, RestoreArbitrage)
}

// RestoreArbitrage rebuilds an arbitrage strategy and its observation from
// recorded facts: the venues' names, the gap, the best round trip, the
// minimum profit and an open leg, all the rules brain decides on, and what
// Plan needs on the recorded chain reads. Observe needs a chain and fails.
func RestoreArbitrage(facts json.RawMessage) (strategies.Strategy, *strategies.Observation, error) {
	var f arbFacts
	dec := json.NewDecoder(bytes.NewReader(facts))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: facts do not decode: %w", ArbitrageName, err)
	}
	if f.Strategy != ArbitrageName {
		return nil, nil, fmt.Errorf("%s: facts are from strategy %q", ArbitrageName, f.Strategy)
	}
	var bad string
	num := func(name, s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok && bad == "" {
			bad = fmt.Sprintf("%s: facts field %s %q is not a base-10 integer", ArbitrageName, name, s)
		}
		return v
	}
	a := &Arbitrage{
		p:        ArbitrageParams{DEXes: []string{f.Venues[0].Name, f.Venues[1].Name}, SlippageBps: f.SlippageBps, GasUnits: f.GasUnits},
		base:     strategies.Token{Address: f.Base.Address, Symbol: f.Base.Symbol, Decimals: f.Base.Decimals},
		quote:    strategies.Token{Address: f.Quote.Address, Symbol: f.Quote.Symbol, Decimals: f.Quote.Decimals},
		maxTrade: num("maxTrade", f.MaxTrade), minProfit: num("minProfit", f.MinProfit), ready: true,
	}
	if f.OpenLeg != "" {
		a.open = &openLeg{amount: num("openLeg", f.OpenLeg)}
	}
	st := &arbState{block: num("block", f.Block), blockTime: f.BlockTime, gapBps: num("gapBps", f.GapBps),
		balBase: num("balanceBase", f.BalanceBase), balQuote: num("balanceQuote", f.BalanceQuote),
		baseFee: num("baseFee", f.BaseFee), gasQuote: num("gasQuote", f.GasQuote), bestBps: f.BestSizeBps,
		unfillable: f.Unfillable}
	for i, v := range f.Venues {
		if v.Name == f.BuyOn {
			st.buy = i
		}
		if v.Name == f.SellOn {
			st.sell = i
		}
	}
	if b := f.Best; b != nil {
		st.best = &roundTrip{AmountIn: num("best.amountIn", b.AmountIn), Out1: num("best.out1", b.Out1),
			Min1: num("best.min1", b.Min1), Out2: num("best.out2", b.Out2), Min2: num("best.min2", b.Min2),
			Profit: num("best.profit", b.Profit), WorstCase: num("best.worstCase", b.WorstCase)}
	}
	if bad != "" {
		return nil, nil, errors.New(bad)
	}
	if err := a.restorePlan(&f); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ArbitrageName, err)
	}
	obs := &strategies.Observation{
		Strategy: ArbitrageName, Block: st.block.Uint64(), Time: time.Unix(int64(f.BlockTime), 0).UTC(),
		Facts: facts, Digest: crypto.Keccak256Hash(facts), State: st,
	}
	return a, obs, nil
}
