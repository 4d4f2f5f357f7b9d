package dex

import (
	"context"
	"errors"
	"fmt"
)

// CheckChain implements strategies.Checker: a venue that has no pool for
// base and quote is a configuration error at start, not an observe error
// every tick.
func (m *Momentum) CheckChain(ctx context.Context) error {
	if m.deps.Backend == nil {
		return nil
	}
	err := m.mkt.setup(ctx, m.base.Address, m.quote.Address)
	if errors.Is(err, ErrNoPair) || errors.Is(err, ErrNoV3Pool) {
		return fmt.Errorf("%s: base: %s has no %s/%s pool to trade: set base and quote to a pair %s has, or dex to a venue with a %s/%s pool",
			MomentumName, m.p.DEX, m.base.Symbol, m.quote.Symbol, m.p.DEX, m.base.Symbol, m.quote.Symbol)
	}
	return nil
}

// CheckChain implements strategies.Checker: a venue with no pool for base
// and quote is a configuration error at start, not an observe error every
// tick.
func (a *Arbitrage) CheckChain(ctx context.Context) error {
	if a.deps.Backend == nil {
		return nil
	}
	for i, m := range a.mkts {
		err := m.with().setup(ctx, a.base.Address, a.quote.Address)
		if errors.Is(err, ErrNoPair) || errors.Is(err, ErrNoV3Pool) {
			return fmt.Errorf("%s: dexes: %s has no %s/%s pool to trade: set base and quote to a pair both dexes have, or dexes to two venues with a %s/%s pool",
				ArbitrageName, a.p.DEXes[i], a.base.Symbol, a.quote.Symbol, a.base.Symbol, a.quote.Symbol)
		}
	}
	return nil
}
