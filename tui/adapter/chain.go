package adapter

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet"
)

// Accounts implements tui.Reader: every keystore account with its ETH and
// catalog-token balances, and the agent that uses it.
func (r *Runtime) Accounts(ctx context.Context) ([]tui.Account, error) {
	ks, err := wallet.OpenKeystore(filepath.Join(r.home, "keystore"), wallet.KeystoreOptions{})
	if err != nil {
		return nil, err
	}
	accts, err := ks.List()
	if err != nil {
		return nil, err
	}
	byWallet := map[string]string{}
	for _, s := range r.rt.Snapshots() {
		byWallet[strings.ToLower(s.Wallet.Hex())] = s.Name
	}
	tokens := make([]strategies.Token, 0, len(r.tokens))
	for _, t := range r.tokens {
		tokens = append(tokens, t)
	}
	slices.SortFunc(tokens, func(x, y strategies.Token) int { return strings.Compare(x.Symbol, y.Symbol) })
	out := make([]tui.Account, 0, len(accts))
	for _, a := range accts {
		acc := tui.Account{Name: a.Name, Address: a.Address.Hex(), Agent: byWallet[strings.ToLower(a.Address.Hex())]}
		eth, err := r.h.Client.BalanceAt(ctx, a.Address, nil)
		if err != nil {
			return nil, err
		}
		acc.Balances = append(acc.Balances, tui.Balance{Symbol: "ETH", Amount: shown(eth, 18)})
		for _, t := range tokens {
			// A token that is not a contract here (the CLOB's pUSD on the
			// devnet) shows no balance; the node answered for ETH, so the
			// others are still worth listing.
			bal, err := r.h.Client.Token(t.Address).BalanceOf(ctx, a.Address)
			if err != nil {
				continue
			}
			acc.Balances = append(acc.Balances, tui.Balance{Symbol: t.Symbol, Amount: shown(bal, t.Decimals)})
		}
		out = append(out, acc)
	}
	return out, nil
}

// poolRef is a pool to read: its venue's router client and its tokens in
// V2 order.
type poolRef struct {
	router      *dex.Router
	base, quote strategies.Token
	pool        *dex.Pool // address and token order; reserves re-read each time
}

// Pools implements tui.Reader: each known pool's reserves and mid price
// now. Pools come from the devnet's manifest, or on a real chain from every
// configured venue's pairs of configured tokens.
func (r *Runtime) Pools(ctx context.Context) ([]tui.Pool, error) {
	r.poolsMu.Lock()
	if !r.poolsFound {
		ps, err := r.findPools(ctx)
		if err != nil {
			r.poolsMu.Unlock()
			return nil, err // not kept: the next poll tries again
		}
		r.pools, r.poolsFound = ps, true
	}
	r.poolsMu.Unlock()
	head, err := r.h.Client.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]tui.Pool, 0, len(r.pools))
	for _, p := range r.pools {
		now, err := p.router.ReadPool(ctx, p.pool.Address, p.pool.Token0, p.pool.Token1, head.Number)
		if err != nil {
			return nil, err
		}
		rBase, rQuote, err := now.Reserves(p.base.Address)
		if err != nil {
			return nil, err
		}
		pl := tui.Pool{Venue: p.router.Venue().Name, Address: now.Address.Hex(), Base: p.base.Symbol, Quote: p.quote.Symbol,
			ReserveBase: shown(rBase, p.base.Decimals), ReserveQuote: shown(rQuote, p.quote.Decimals), Block: head.Number.Uint64()}
		if mid := dex.MidPrice(rBase, rQuote, p.base.Decimals, p.quote.Decimals); mid != nil {
			pl.Price = mid.FloatString(9)
			pl.PriceValue, _ = mid.Float64() // draws the chart only
		}
		out = append(out, pl)
	}
	return out, nil
}

func (r *Runtime) findPools(ctx context.Context) ([]poolRef, error) {
	cat := r.h.Catalog
	if cat == nil {
		return nil, nil
	}
	routers := map[string]*dex.Router{}
	router := func(name string) (*dex.Router, error) {
		if rt, ok := routers[name]; ok {
			return rt, nil
		}
		v, ok := dex.V2Venues(cat)[name]
		if !ok {
			return nil, errors.New("unknown venue " + name)
		}
		rt, err := dex.NewRouter(r.h.Client.Backend(), v)
		routers[name] = rt
		return rt, err
	}
	var out []poolRef
	if r.devnet() != nil {
		for _, d := range r.devnet().Manifest().DEXes {
			rt, err := router(d.Name)
			if err != nil {
				return nil, err
			}
			for _, pr := range d.Pairs {
				base, ok1 := cat.Token(pr.Base)
				quote, ok2 := cat.Token(pr.Quote)
				if !ok1 || !ok2 {
					continue
				}
				t0, t1, err := rt.PairTokens(ctx, pr.Address, base.Address, quote.Address)
				if err != nil {
					return nil, err
				}
				out = append(out, poolRef{router: rt, base: base, quote: quote,
					pool: &dex.Pool{Address: pr.Address, Token0: t0, Token1: t1}})
			}
		}
		return out, nil
	}
	// A real chain: try every pair of configured tokens on every venue;
	// pairs the factory does not have are skipped.
	tokens := make([]strategies.Token, 0, len(cat.Tokens))
	for _, t := range cat.Tokens {
		tokens = append(tokens, t)
	}
	slices.SortFunc(tokens, func(x, y strategies.Token) int { return strings.Compare(x.Symbol, y.Symbol) })
	quotes := map[string]bool{}
	for _, s := range r.rt.Snapshots() {
		quotes[strings.ToUpper(s.Quote)] = true
	}
	v2 := dex.V2Venues(cat)
	venues := make([]string, 0, len(v2))
	for name := range v2 {
		venues = append(venues, name)
	}
	slices.Sort(venues)
	for _, name := range venues {
		rt, err := router(name)
		if err != nil {
			return nil, err
		}
		for i, a := range tokens {
			for _, b := range tokens[i+1:] {
				p, err := rt.Pool(ctx, a.Address, b.Address, nil)
				if err != nil {
					continue
				}
				base, quote := a, b
				if quotes[strings.ToUpper(a.Symbol)] && !quotes[strings.ToUpper(b.Symbol)] {
					base, quote = b, a // priced in the agents' quote token
				}
				out = append(out, poolRef{router: rt, base: base, quote: quote, pool: p})
			}
		}
	}
	return out, nil
}
