package devnet

import (
	"context"
	"math/big"
	"slices"
	"strings"
)

// atLeastOnDexA answers whether base trades at or above min quote on dex-a.
func atLeastOnDexA(base, quote string, min *big.Rat) answerFunc {
	return func(ctx context.Context, d *Devnet, b *big.Int) (bool, error) {
		return d.priceAtLeast(ctx, "dex-a", base, quote, min, b)
	}
}

// answerOf rebuilds how the oracle answers a market from its name, for a
// resumed chain: a seeded market by its spec, a scheduled one from its slug
// ("weth3010-b900", "premium-b1200", "wbtc20.1-b1500"; see marketKinds).
func answerOf(name string) (answerFunc, bool) {
	if i := slices.IndexFunc(marketSpecs, func(s marketSpec) bool { return s.Name == name }); i >= 0 {
		return marketSpecs[i].yes, true
	}
	cut := strings.LastIndex(name, "-b")
	if cut < 0 {
		return nil, false
	}
	slug := name[:cut]
	threshold := func(prefix string) (*big.Rat, bool) {
		r, ok := new(big.Rat).SetString(strings.TrimPrefix(slug, prefix))
		return r, ok && strings.HasPrefix(slug, prefix) && r.Sign() > 0
	}
	switch {
	case slug == "premium":
		return answerOf("dexb-premium")
	case strings.HasPrefix(slug, "weth"):
		if t, ok := threshold("weth"); ok {
			return atLeastOnDexA("WETH", "USDC", t), true
		}
	case strings.HasPrefix(slug, "wbtc"):
		if t, ok := threshold("wbtc"); ok {
			return atLeastOnDexA("WBTC", "WETH", t), true
		}
	}
	return nil, false
}
