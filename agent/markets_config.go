package agent

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
)

// configMarkets builds the catalog's markets from chain.markets: each is
// read from the chain and checked by predict.ResolveMarket, so the policy,
// the forecaster, settlement and scoring see them exactly as the devnet's
// own. A market that does not check out stops the start with its setting
// named, like a token whose decimals differ.
func configMarkets(ctx context.Context, ch configs.Chain, b predict.Backend, cat *Catalog) (map[string]predict.MarketRef, error) {
	if len(ch.Markets) == 0 {
		return nil, nil
	}
	tokens := make([]strategies.Token, 0, len(cat.Tokens))
	for _, t := range cat.Tokens {
		tokens = append(tokens, t)
	}
	out := make(map[string]predict.MarketRef, len(ch.Markets))
	for _, name := range sortedKeys(ch.Markets) {
		m := ch.Markets[name]
		mc := predict.MarketConfig{Name: name, Address: m.Address.Common(), Tokens: tokens, Question: m.Question,
			Outcomes: m.Outcomes, Oracle: m.Oracle.Common()}
		if m.Collateral != "" {
			t, ok := cat.Token(m.Collateral)
			if !ok {
				return nil, fmt.Errorf("chain.markets.%s.collateral: unknown token %q (known: %s)", name, m.Collateral, cat.tokenNames())
			}
			mc.Collateral = t
		}
		if m.QuestionID != "" {
			mc.QuestionID = common.HexToHash(m.QuestionID)
		}
		ref, err := predict.ResolveMarket(ctx, b, mc)
		if err != nil {
			return nil, fmt.Errorf("chain.markets.%s: %w", name, err)
		}
		out[name] = ref
	}
	return out, nil
}

// marketAt is the catalog's market whose market maker is at addr.
func marketAt(cat *Catalog, addr common.Address) (predict.MarketRef, bool) {
	for name, ref := range cat.Markets {
		if ref.Address == addr {
			if ref.Name == "" {
				ref.Name = name
			}
			return ref, true
		}
	}
	return predict.MarketRef{}, false
}

// ConfigCatalog is the catalog Boot builds for a real chain's
// configuration (chain.tokens, chain.venues, chain.markets), each checked
// on the chain c is connected to; `predict markets` lists its markets.
func ConfigCatalog(ctx context.Context, ch configs.Chain, c *wallet.Client) (*Catalog, error) {
	return configCatalog(ctx, ch, c)
}
