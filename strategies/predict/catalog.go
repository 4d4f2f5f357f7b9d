package predict

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// refresh follows the catalog: it opens the markets listed since the last
// call (in the collateral, checked on-chain by OpenMarket) and drops the
// ones that left it once they are resolved with nothing held, so a
// session of any length trades the markets open now and its prompt stays
// small. A market that does not check out is refused for good; one whose
// reads fail is tried again on the next call. Nothing here allows a
// trade: the policy admits each market itself.
func (f *Forecaster) refresh(ctx context.Context) {
	cat := f.deps.Catalog()
	f.mu.Lock()
	have := map[string]bool{}
	keep := f.markets[:0:0]
	refs := f.refs[:0:0]
	for i, m := range f.markets {
		if _, listed := cat[m.Ref.Name]; !listed && f.settled[m.Ref.Name] {
			continue
		}
		have[m.Ref.Name], have[m.Ref.Address.Hex()] = true, true
		keep = append(keep, m)
		refs = append(refs, f.refs[i])
	}
	f.markets, f.refs = keep, refs
	f.mu.Unlock()

	fresh := make([]MarketRef, 0, len(cat))
	for name, ref := range cat {
		if ref.Name == "" {
			ref.Name = name
		}
		if !have[ref.Name] && !have[ref.Address.Hex()] && !f.isRefused(ref.Name) {
			fresh = append(fresh, ref)
		}
	}
	// The soonest to resolve first, so the cap keeps the nearest markets.
	slices.SortFunc(fresh, func(a, b MarketRef) int {
		return cmp.Or(cmp.Compare(a.ResolveBlock, b.ResolveBlock), strings.Compare(a.Name, b.Name))
	})
	for _, ref := range fresh {
		if len(f.markets) >= MaxMarkets {
			return
		}
		if why := f.fits(ref); why != "" {
			f.refuse(ref.Name, why)
			continue
		}
		m, err := OpenMarket(ctx, f.deps.Backend, ref, f.collateral)
		if errors.Is(err, ErrMarket) {
			f.refuse(ref.Name, err.Error())
			continue
		}
		if err != nil {
			continue // a read failed: the next observation tries again
		}
		f.mu.Lock()
		f.markets = append(f.markets, m)
		f.refs = append(f.refs, ref)
		f.mu.Unlock()
	}
}

// fits says why ref cannot be traded with these params ("" when it can).
func (f *Forecaster) fits(ref MarketRef) string {
	switch {
	case !strings.EqualFold(ref.Collateral, f.p.Collateral):
		return fmt.Sprintf("trades in %s, not in the collateral %s", ref.Collateral, f.p.Collateral)
	case len(ref.Outcomes) < 2 || len(ref.Outcomes) > MaxOutcomes:
		return fmt.Sprintf("has %d outcomes; 2 to %d are supported", len(ref.Outcomes), MaxOutcomes)
	}
	return ""
}

func (f *Forecaster) refuse(name, why string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refused == nil {
		f.refused = map[string]string{}
	}
	f.refused[name] = why
}

func (f *Forecaster) isRefused(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.refused[name]
	return ok
}

// Refused are the catalog's markets the forecaster will not trade, with
// the reason, by name.
func (f *Forecaster) Refused() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]string, len(f.refused))
	for k, v := range f.refused {
		out[k] = v
	}
	return out
}

// holds reports whether the agent holds any outcome of the market.
func holds(st *State) bool {
	for _, h := range st.Held {
		if h.Sign() > 0 {
			return true
		}
	}
	return false
}
