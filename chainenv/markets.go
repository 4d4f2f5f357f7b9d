package chainenv

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
)

// addConfigMarkets adds chain.markets to cat: each is read from the chain
// and checked by predict.ResolveMarket, so the policy, the forecaster,
// settlement and scoring see them exactly as the devnet's own. A market
// that does not check out stops the start with its setting named, like a
// token whose decimals differ.
func addConfigMarkets(ctx context.Context, ch configs.Chain, b predict.Backend, cat *strategies.Catalog) error {
	tokens := slices.Collect(maps.Values(cat.Tokens))
	for _, name := range slices.Sorted(maps.Keys(ch.Markets)) {
		m := ch.Markets[name]
		mc := predict.MarketConfig{Name: name, Address: m.Address.Common(), Tokens: tokens, Question: m.Question,
			Outcomes: m.Outcomes, Oracle: m.Oracle.Common()}
		if m.Collateral != "" {
			t, ok := cat.Token(m.Collateral)
			if !ok {
				return fmt.Errorf("chain.markets.%s.collateral: unknown token %q (known: %s)", name, m.Collateral, cat.TokenNames())
			}
			mc.Collateral = t
		}
		if m.QuestionID != "" {
			mc.QuestionID = common.HexToHash(m.QuestionID)
		}
		ref, err := predict.ResolveMarket(ctx, b, mc)
		if err != nil {
			return fmt.Errorf("chain.markets.%s: %w", name, err)
		}
		cat.Add(name, ref)
	}
	return nil
}
