package chainenv

import (
	"strings"
	"sync"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// DevnetCatalog is the catalog of the devnet manifest m: its tokens, its
// Uniswap V2 DEXes and its prediction markets.
func DevnetCatalog(m *devnet.Manifest) *strategies.Catalog {
	c := &strategies.Catalog{Tokens: map[string]strategies.Token{}, Venues: map[string]any{}}
	for _, t := range m.Tokens {
		c.Tokens[strings.ToUpper(t.Symbol)] = strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}
	}
	for _, x := range m.DEXes {
		c.Venues[x.Name] = dex.Venue{Name: x.Name, Router: x.Router, Factory: x.Factory}
	}
	for n, ref := range DevnetMarkets(m) {
		c.Venues[n] = ref
	}
	return c
}

// LiveCatalog is the devnet's catalog with its market set (policy
// allowed_markets: devnet) kept current: the devnet opens markets while it
// runs, and a served devnet rewrites the home's manifest as it does.
func LiveCatalog(d *devnet.Devnet, home string) *strategies.Catalog {
	m := d.Manifest()
	c := DevnetCatalog(m)
	set := &predict.MarketSet{Factory: m.Contracts[devnet.ContractFPMMFactory], ConditionalTokens: m.Contracts[devnet.ContractConditionalTokens]}
	if len(m.Markets) > 0 {
		set.Oracle = m.Markets[0].Oracle // the devnet's one oracle answers every market
	}
	last := DevnetMarkets(m)
	var mu sync.Mutex
	set.Source = func() map[string]predict.MarketRef {
		cur := d.Manifest()
		if d.Attached() {
			var err error
			if cur, err = devnet.LoadManifest(home); err != nil {
				mu.Lock()
				defer mu.Unlock()
				return last // mid-rewrite or gone: the last list read
			}
		}
		ms := DevnetMarkets(cur)
		mu.Lock()
		last = ms
		mu.Unlock()
		return ms
	}
	c.Sets = map[string]any{configs.AllowedMarketsDevnet: set}
	return c
}

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
