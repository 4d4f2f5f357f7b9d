package adapter

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// PredictionMarkets implements tui.Reader: every catalog market's prices
// from its pool's balances, or its payouts once the oracle reported, as of
// the head block. A market that cannot be opened or read keeps its row
// with the reason; the others are still shown.
func (r *Runtime) PredictionMarkets(ctx context.Context) ([]tui.PredictionMarket, error) {
	refs := r.marketRefs()
	books := r.clobBooks(ctx)
	if len(refs) == 0 {
		return books, nil
	}
	head, err := r.h.Client.Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]tui.PredictionMarket, 0, len(refs)+len(books))
	for _, ref := range refs {
		pm := tui.PredictionMarket{Name: ref.Name, Address: ref.Address.Hex(), Question: ref.Question,
			Collateral: ref.Collateral, ResolveBlock: ref.ResolveBlock, Block: head.Number.Uint64()}
		for _, o := range ref.Outcomes {
			pm.Outcomes = append(pm.Outcomes, tui.Outcome{Label: o})
		}
		if err := r.readMarket(ctx, ref, head.Number, &pm); err != nil {
			pm.Err = err.Error()
		}
		out = append(out, pm)
	}
	return append(out, books...), nil
}

// marketRefs are the known markets, the next to resolve first: on the
// devnet its manifest now, with the markets its schedule opened since the
// boot; elsewhere the catalog's.
func (r *Runtime) marketRefs() []predict.MarketRef {
	known := map[string]predict.MarketRef{}
	switch {
	case r.devnet() != nil:
		known = chainenv.DevnetMarkets(r.devnet().Manifest())
	case r.h.Catalog != nil:
		known = predict.Markets(r.h.Catalog)
	}
	refs := make([]predict.MarketRef, 0, len(known))
	for _, ref := range known {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(x, y predict.MarketRef) int {
		if x.ResolveBlock != y.ResolveBlock {
			return cmpUint(x.ResolveBlock, y.ResolveBlock)
		}
		return strings.Compare(x.Name, y.Name)
	})
	return refs
}

func cmpUint(x, y uint64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// readMarket fills pm from the chain at block.
func (r *Runtime) readMarket(ctx context.Context, ref predict.MarketRef, block *big.Int, pm *tui.PredictionMarket) error {
	mk, err := r.market(ctx, ref)
	if err != nil {
		return err
	}
	// The account's holdings are not shown: the market maker's own do.
	st, err := mk.Read(ctx, mk.Ref.Address, block)
	if err != nil {
		return err
	}
	depth := new(big.Int)
	for _, b := range st.Pool {
		depth.Add(depth, b)
	}
	pm.Collateral = mk.Collateral.Symbol
	pm.Depth = shown(depth, mk.Collateral.Decimals)
	pm.Fee = new(big.Rat).SetFrac(new(big.Int).Mul(mk.Fee, big.NewInt(100)), predict.One).FloatString(2)
	if st.Resolved() {
		pm.Resolved = true
		for i, p := range st.Payouts {
			if i < len(pm.Outcomes) {
				pm.Outcomes[i].Payout = trimZeros(new(big.Rat).SetFrac(p, st.Denominator).FloatString(4))
			}
		}
		return nil
	}
	for i, p := range st.Prices {
		if i < len(pm.Outcomes) && p != nil {
			pm.Outcomes[i].Price = p.FloatString(4)
		}
	}
	return nil
}

// market opens a market once (OpenMarket checks it against the chain with
// a dozen calls); a failure is not kept, the next read tries again.
func (r *Runtime) market(ctx context.Context, ref predict.MarketRef) (*predict.Market, error) {
	r.marketsMu.Lock()
	defer r.marketsMu.Unlock()
	if mk, ok := r.markets[ref.Name]; ok {
		return mk, nil
	}
	t, ok := r.h.Catalog.Token(ref.Collateral)
	if !ok {
		return nil, fmt.Errorf("market %s: unknown collateral token %q (add it to chain.tokens)", ref.Name, ref.Collateral)
	}
	mk, err := predict.OpenMarket(ctx, r.h.Client.Backend(), ref, t)
	if err != nil {
		return nil, err
	}
	if r.markets == nil {
		r.markets = map[string]*predict.Market{}
	}
	r.markets[ref.Name] = mk
	return mk, nil
}

// trimZeros drops a decimal's trailing fraction zeros: "1.0000" is "1".
func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// devnet is the embedded devnet the host runs on, nil on a real chain.
func (r *Runtime) devnet() *devnet.Devnet {
	if env, ok := r.h.Chain.(*chainenv.Env); ok {
		return env.Devnet
	}
	return nil
}
