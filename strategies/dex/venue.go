package dex

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// VenueName is the DEX family's name in the venue registry.
const VenueName = "dex"

func init() {
	strategies.Register(strategies.Kind{Name: MomentumName, New: func(b strategies.Build) (strategies.Strategy, error) {
		p := DefaultMomentumParams()
		if err := b.Agent.DecodeParams(&p); err != nil {
			return nil, err
		}
		return NewMomentum(DepsOf(b), p)
	}})
	strategies.Register(strategies.Kind{Name: ArbitrageName, New: func(b strategies.Build) (strategies.Strategy, error) {
		p := DefaultArbitrageParams()
		if err := b.Agent.DecodeParams(&p); err != nil {
			return nil, err
		}
		return NewArbitrage(DepsOf(b), p)
	}})
	strategies.RegisterVenue(strategies.Venue{
		Name:       VenueName,
		Methods:    venueMethods(),
		Decode:     decodeVenueCall,
		Deadline:   callDeadline,
		Describe:   describeSim,
		NewRules:   func() strategies.Rules { return &Rules{Executors: map[common.Address]bool{}} },
		FromConfig: fromConfig,
		Mark:       markOn,
		Swaps:      swapDesk,
	})
}

// DepsOf are a DEX strategy's dependencies from the runtime's build.
func DepsOf(b strategies.Build) Deps {
	return Deps{Backend: b.Backend, Account: b.Account, Tokens: b.Catalog.Token,
		Venues: V2Venues(b.Catalog), V3Venues: V3Venues(b.Catalog)}
}

// V2Venues are the catalog's Uniswap V2 deployments by name.
func V2Venues(c *strategies.Catalog) map[string]Venue { return strategies.VenuesOf[Venue](c) }

// V3Venues are the catalog's Uniswap V3 deployments by name.
func V3Venues(c *strategies.Catalog) map[string]V3Venue { return strategies.VenuesOf[V3Venue](c) }

// fromConfig reads chain.venues: protocol v3 is a V3 deployment (its
// router is SwapRouter02), anything else V2.
func fromConfig(name string, v configs.Venue) (any, bool) {
	if v.V3() {
		return V3Venue{Name: name, Factory: v.Factory.Common(), Quoter: v.Quoter.Common(), SwapRouter02: v.Router.Common()}, true
	}
	return Venue{Name: name, Router: v.Router.Common(), Factory: v.Factory.Common()}, true
}

// MaxTrade is the most one decision trades: symbol and whole amount.
func (m *Momentum) MaxTrade() (symbol, amount string) { return m.p.Quote, m.p.MaxTrade }

// MaxTrade is the most one round trip spends: symbol and whole amount.
func (a *Arbitrage) MaxTrade() (symbol, amount string) { return a.p.Quote, a.p.MaxTrade }

// Deployment is the executor params.executor asks for.
func (a *Arbitrage) Deployment() strategies.Deployment {
	mode, addr := a.ExecutorSetting()
	return strategies.Deployment{Mode: mode, Address: addr, Method: ExecutorMethod, Label: "arbitrage executor",
		InitCode: ExecutorInitCode(), Verify: func(ctx context.Context, b wallet.Backend, addr, owner common.Address) error {
			return VerifyExecutor(ctx, b, addr, owner)
		}}
}

// UseContract trades round trips through the verified executor.
func (a *Arbitrage) UseContract(addr common.Address) { a.UseExecutor(addr) }

// markOn prices token in quote from the first V2 venue (by name) that
// pools them, else from the deepest pool of the pair on the first such
// V3 venue.
func markOn(ctx context.Context, backend wallet.Backend, cat *strategies.Catalog, token, quote strategies.Token) (*big.Int, error) {
	v2, v3 := V2Venues(cat), V3Venues(cat)
	var errs []string
	for _, n := range slices.Sorted(maps.Keys(v2)) {
		r, err := NewRouter(backend, v2[n])
		if err == nil {
			var pool *Pool
			if pool, err = r.Pool(ctx, token.Address, quote.Address, nil); err == nil {
				rn, rq, err := pool.Reserves(token.Address)
				if err == nil && rn.Sign() > 0 && rq.Sign() > 0 {
					return Mark(rn, rq, token.Decimals), nil
				}
			}
		}
		if err != nil {
			errs = append(errs, n+": "+err.Error())
		}
	}
	for _, n := range slices.Sorted(maps.Keys(v3)) {
		mark, err := v3Mark(ctx, backend, v3[n], token, quote)
		if err == nil {
			return mark, nil
		}
		errs = append(errs, n+": "+err.Error())
	}
	if len(errs) == 0 {
		errs = append(errs, "no venue is configured")
	}
	return nil, fmt.Errorf("no %s/%s pool to price %s: %s", token.Symbol, quote.Symbol, token.Symbol, strings.Join(errs, "; "))
}

// v3Mark is token's mark in quote on the deepest V3 pool of the pair.
func v3Mark(ctx context.Context, backend Backend, v V3Venue, token, quote strategies.Token) (*big.Int, error) {
	c, err := NewV3(backend, v)
	if err != nil {
		return nil, err
	}
	pools, err := c.Pools(ctx, token.Address, quote.Address, nil)
	if err != nil {
		return nil, err
	}
	best := pools[0]
	for _, p := range pools[1:] {
		if p.Liquidity.Cmp(best.Liquidity) > 0 {
			best = p
		}
	}
	return V3Mark(best, token, quote)
}
