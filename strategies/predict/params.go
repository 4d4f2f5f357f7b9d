package predict

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/agentctl/agentctl/wallet"
)

// Bounds of the parameters.
const (
	MaxMarkets   = 32
	MaxMinEdge   = 5_000 // 50 probability points: beyond this nothing ever trades
	MaxOutcomes  = 8
	priorDigits  = 6 // decimals a prior may have
	maxRationale = 1_000
)

// ForecasterParams configure predict.forecaster. Zero values are not
// defaults: start from DefaultForecasterParams and overlay the config.
type ForecasterParams struct {
	// Markets are the names of the markets to trade (from the devnet's
	// manifest or the chain's market list); empty means every known market.
	Markets []string `yaml:"markets" json:"markets"`
	// Collateral is the symbol of the markets' collateral token; markets on
	// another collateral are refused.
	Collateral string `yaml:"collateral" json:"collateral"`
	// Bankroll is the most collateral the agent keeps at risk in open
	// positions (valued at market prices), in whole tokens; Kelly sizes
	// against it.
	Bankroll string `yaml:"bankroll" json:"bankroll"`
	// MaxBet caps one buy, in whole collateral tokens.
	MaxBet string `yaml:"max_bet" json:"max_bet"`
	// MinBet is the smallest buy worth its gas, in whole collateral tokens.
	MinBet string `yaml:"min_bet" json:"min_bet"`
	// KellyFraction scales the Kelly stake: "0.25" bets a quarter of it.
	KellyFraction string `yaml:"kelly_fraction" json:"kelly_fraction"`
	// MinEdgeBps is how far, in basis points of probability, the forecast
	// must beat the price actually paid (the market maker's fee and price
	// impact included) before the agent buys, and how far the price
	// received on a sell must beat the forecast before it sells.
	MinEdgeBps int64 `yaml:"min_edge_bps" json:"min_edge_bps"`
	// SlippageBps bounds how far a trade may land from its quote.
	SlippageBps int64 `yaml:"slippage_bps" json:"slippage_bps"`
	// Priors are the rules brain's forecasts: market name -> probability
	// of each outcome (decimals summing to 1, e.g. [0.8, 0.2]). A market
	// without one is forecast at its own price, which never trades. A
	// name ending in * is a pattern: "premium-*" gives every market whose
	// name starts with "premium-" (and has as many outcomes) that prior,
	// such as the markets the devnet opens while it runs.
	Priors map[string][]string `yaml:"priors" json:"priors"`
	// PriorConfidence is the confidence the rules brain states.
	PriorConfidence float64 `yaml:"prior_confidence" json:"prior_confidence"`
}

// DefaultForecasterParams trade every devnet market in USDC with a quarter
// Kelly and no priors (so the rules brain holds until priors are set).
func DefaultForecasterParams() ForecasterParams {
	return ForecasterParams{
		Collateral: "USDC", Bankroll: "2000", MaxBet: "250", MinBet: "1", KellyFraction: "0.25",
		MinEdgeBps: 300, SlippageBps: 100, PriorConfidence: 0.6,
	}
}

// Validate checks every field and names the first one that is wrong.
func (p ForecasterParams) Validate() error {
	if len(p.Markets) > MaxMarkets {
		return fmt.Errorf("markets: %d markets, at most %d", len(p.Markets), MaxMarkets)
	}
	seen := map[string]bool{}
	for i, n := range p.Markets {
		if strings.TrimSpace(n) == "" {
			return fmt.Errorf("markets[%d]: empty: name a market", i)
		}
		if seen[n] {
			return fmt.Errorf("markets[%d]: %q is listed twice", i, n)
		}
		seen[n] = true
	}
	if strings.TrimSpace(p.Collateral) == "" {
		return fmt.Errorf("collateral: empty: give the markets' collateral token symbol, such as USDC")
	}
	for _, f := range []struct{ name, v string }{{"bankroll", p.Bankroll}, {"max_bet", p.MaxBet}, {"min_bet", p.MinBet}} {
		if err := checkAmount(f.name, f.v); err != nil {
			return err
		}
	}
	k, ok := new(big.Rat).SetString(p.KellyFraction)
	if !ok || strings.ContainsAny(p.KellyFraction, "/eE") || k.Sign() <= 0 || k.Cmp(big.NewRat(1, 1)) > 0 {
		return fmt.Errorf("kelly_fraction: %q is not a decimal in (0, 1] (e.g. 0.25 for a quarter Kelly)", p.KellyFraction)
	}
	switch {
	case p.MinEdgeBps < 0 || p.MinEdgeBps > MaxMinEdge:
		return fmt.Errorf("min_edge_bps: %d is outside 0..%d", p.MinEdgeBps, MaxMinEdge)
	case p.SlippageBps < 0 || p.SlippageBps > MaxSlippageBps:
		return fmt.Errorf("slippage_bps: %d is outside 0..%d", p.SlippageBps, MaxSlippageBps)
	case p.PriorConfidence < 0 || p.PriorConfidence > 1:
		return fmt.Errorf("prior_confidence: %v is outside 0..1", p.PriorConfidence)
	}
	for name, probs := range p.Priors {
		if stem, ok := strings.CutSuffix(name, "*"); ok && (stem == "" || strings.Contains(stem, "*")) {
			return fmt.Errorf("priors.%s: a pattern is a name's start then one *, such as premium-*", name)
		}
		if _, err := parsePrior(probs); err != nil {
			return fmt.Errorf("priors.%s: %v", name, err)
		}
	}
	return nil
}

// parsePrior reads a configured prior: 2..MaxOutcomes plain decimals, each
// in [0, 1], summing to exactly 1.
func parsePrior(probs []string) ([]*big.Rat, error) {
	if len(probs) < 2 || len(probs) > MaxOutcomes {
		return nil, fmt.Errorf("%d probabilities: give one per outcome (2 to %d)", len(probs), MaxOutcomes)
	}
	sum := new(big.Rat)
	out := make([]*big.Rat, len(probs))
	for i, s := range probs {
		v, err := wallet.ParseAmount(strings.TrimSpace(s), priorDigits)
		if err != nil {
			return nil, fmt.Errorf("[%d] %q: %v (write a decimal such as 0.65)", i, s, err)
		}
		out[i] = new(big.Rat).SetFrac(v, pow10(priorDigits))
		if out[i].Cmp(big.NewRat(1, 1)) > 0 {
			return nil, fmt.Errorf("[%d] %s is above 1", i, s)
		}
		sum.Add(sum, out[i])
	}
	if sum.Cmp(big.NewRat(1, 1)) != 0 {
		return nil, fmt.Errorf("probabilities sum to %s, not 1", sum.FloatString(priorDigits))
	}
	return out, nil
}

// checkAmount checks a positive decimal amount's syntax; its precision is
// checked against the collateral's decimals when the strategy is built.
func checkAmount(field, s string) error {
	_, frac, _ := strings.Cut(s, ".")
	v, err := wallet.ParseAmount(s, uint8(min(len(frac), 77)))
	if err != nil {
		return fmt.Errorf("%s: %v", field, err)
	}
	if v.Sign() == 0 {
		return fmt.Errorf("%s: must be above zero", field)
	}
	return nil
}

func pow10(d int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil) }
