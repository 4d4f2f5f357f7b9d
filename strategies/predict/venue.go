package predict

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
)

// VenueName is the prediction markets' name in the venue registry.
const VenueName = "predict"

var (
	fpmmABIv = contracts.NewFixedProductMarketMaker().GetABI()
	ctfABIv  = contracts.NewConditionalTokens().GetABI()
)

// marketMethods are the market calls the policy has rules for.
var marketMethods = []string{"buy", "sell", "setApprovalForAll", "redeemPositions"}

func init() {
	strategies.Register(strategies.Kind{Name: ForecasterName, New: build})
	strategies.RegisterVenue(strategies.Venue{
		Name:     VenueName,
		Methods:  marketMethods,
		Decode:   decodeVenueCall,
		NewRules: func() strategies.Rules { return &Rules{Markets: map[common.Address]MarketRule{}} },
		Markets:  marketDesk,
	})
}

// Markets are the catalog's prediction markets by name.
func Markets(c *strategies.Catalog) map[string]MarketRef { return strategies.VenuesOf[MarketRef](c) }

// MarketSet is a catalog set of markets that grows while the runtime runs
// (the embedded devnet's), with the contracts that vouch for each one:
// the factory that creates them, their conditional tokens and the oracle.
type MarketSet struct {
	Factory, ConditionalTokens, Oracle common.Address
	// Source lists the set's markets now.
	Source func() map[string]MarketRef
}

// SetOf is the catalog's market set named name, if it has one.
func SetOf(c *strategies.Catalog, name string) (*MarketSet, bool) {
	if c == nil || c.Sets == nil {
		return nil, false
	}
	ms, ok := c.Sets[name].(*MarketSet)
	return ms, ok && ms.Source != nil
}

// build builds predict.forecaster with the catalog's markets, sizing bets
// under the policy's per-trade cap on the collateral. The policy's quote
// token must be the collateral: marks, PnL and quote-value caps are all in it.
func build(b strategies.Build) (strategies.Strategy, error) {
	a, cat := b.Agent, b.Catalog
	p := DefaultForecasterParams()
	if err := a.DecodeParams(&p); err != nil {
		return nil, err
	}
	coll, ok := cat.Token(p.Collateral)
	if !ok {
		return nil, fmt.Errorf("agent %s: %s: collateral: unknown token %q", a.Name, ForecasterName, p.Collateral)
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
	deps := Deps{Backend: b.Backend, Account: b.Account, Tokens: cat.Token, Markets: Markets(cat), MaxTrade: maxTrade}
	if ms, ok := SetOf(cat, a.Policy.AllowedMarkets); ok && a.Policy.AllowedMarkets != "" {
		// Follow the markets the set grows by; the policy admits each one
		// itself. Without that policy setting they would all be denied.
		deps.Catalog = ms.Source
	}
	f, err := NewForecaster(deps, p)
	if err != nil {
		return nil, fmt.Errorf("agent %s: %w", a.Name, err)
	}
	return f, nil
}

// decodeVenueCall names a market maker or conditional tokens call.
func decodeVenueCall(c strategies.Call) (string, bool, error) {
	m, _, ok, err := unpackCall(c)
	return m, ok, err
}

func unpackCall(c strategies.Call) (method string, args []any, ok bool, err error) {
	if len(c.Data) < 4 {
		return "", nil, false, nil
	}
	for _, a := range []abi.ABI{fpmmABIv, ctfABIv} {
		m, err := a.MethodById(c.Data[:4])
		if err != nil {
			continue
		}
		args, err := m.Inputs.Unpack(c.Data[4:])
		if err != nil {
			return m.Name, nil, true, fmt.Errorf("call %s to %s: calldata does not decode: %v", m.Name, c.To.Hex(), err)
		}
		return m.Name, args, true, nil
	}
	return "", nil, false, nil
}

// ExtraAssets are the outcome tokens of the forecaster's markets.
func (f *Forecaster) ExtraAssets() []strategies.Token { return f.OutcomeTokens() }

// HeldAssets are the outcome positions the agent holds at obs.
func (f *Forecaster) HeldAssets(obs *strategies.Observation) map[common.Address]*big.Int {
	held := map[common.Address]*big.Int{}
	for _, h := range f.Holdings(obs) {
		held[h.Token.Address] = h.Amount
	}
	return held
}

// ScoredForecasts are a recorded forecast decision's forecasts, for
// scoring (nil for another action).
func (f *Forecaster) ScoredForecasts(d strategies.Decision) ([]strategies.Forecast, error) {
	if d.Action != ActionForecast {
		return nil, nil
	}
	fs, err := ForecastsOf(d)
	if err != nil {
		return nil, err
	}
	refs := map[string]MarketRef{}
	for _, m := range f.Markets() {
		refs[m.Name] = m
	}
	var out []strategies.Forecast
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
		out = append(out, strategies.Forecast{Market: fc.Market, ConditionID: ref.ConditionID, Probabilities: ps, Confidence: fc.Confidence})
	}
	return out, nil
}

// ResolvedMarkets are the markets obs saw resolved.
func (f *Forecaster) ResolvedMarkets(obs *strategies.Observation) []strategies.Resolution {
	var out []strategies.Resolution
	for _, r := range f.Resolutions(obs) {
		out = append(out, strategies.Resolution{Market: r.Market.Name, ConditionID: r.Market.ConditionID, Payouts: r.Payouts, Block: r.Block})
	}
	return out
}

// Spends is what a recorded market call spends, as its check counts it:
// a buy's investment in the market's collateral.
func (p *Rules) Spends(c strategies.Call, method string) []strategies.Spent {
	if method != "buy" {
		return nil
	}
	m, ok := p.Markets[c.To]
	_, args, _, err := unpackCall(c)
	if !ok || err != nil {
		return nil
	}
	return []strategies.Spent{{Token: m.Collateral, Amount: args[0].(*big.Int)}}
}

// AllowSet follows the catalog's market set (policy.allowed_markets):
// each market it lists later is admitted once the chain shows it is one
// of the set's own (see Admit), in the quote token only.
func (p *Rules) AllowSet(set string, cat *strategies.Catalog, quote strategies.Token, tokenAllowed func(common.Address) bool) error {
	if set != configs.AllowedMarketsDevnet {
		return fmt.Errorf("%q is not a market set (use devnet, or name each market in allowed_contracts)", set)
	}
	ms, ok := SetOf(cat, set)
	if !ok || ms.Factory == (common.Address{}) {
		return fmt.Errorf("devnet: this chain is not the embedded devnet: name each market in allowed_contracts")
	}
	if !tokenAllowed(quote.Address) {
		return fmt.Errorf("devnet markets are allowed in the quote token %s only, which allowed_tokens must list", quote.Symbol)
	}
	p.FactoryMarkets = &FactoryMarkets{Factory: ms.Factory, ConditionalTokens: ms.ConditionalTokens,
		Collateral: quote.Address, Oracle: ms.Oracle, Source: ms.Source}
	return nil
}
