package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Fills of resting orders (strategies.Matcher)
//
// An order the agent signed may rest on a venue's book and be matched
// later, outside any decision. Before each valuation the runtime asks the
// strategy for its settled fills and books each new one as a trade listed
// in a record of the agent's chain (store.FillRecord, intent "fill/<id>",
// so a restart never books it twice). Booked before the balances are read,
// the fill explains the balance change it made: it is a trade, in the
// positions and in PnL, never an external flow. Its collateral already
// counts against the limits as the signed order (orderspend.go).

// bookFills books the strategy's venue fills not booked before. A venue
// that cannot say what filled fails the tick: valued without its fills,
// the agent would take them for deposits and withdrawals.
func (r *Runtime) bookFills(ctx context.Context, spec Spec) error {
	m, ok := spec.Strategy.(strategies.Matcher)
	if !ok {
		return nil
	}
	fills, err := m.Fills(ctx)
	if err != nil {
		return fmt.Errorf("fills of resting orders: %w", err)
	}
	for _, f := range fills {
		if err := r.bookFill(ctx, spec, f); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runtime) bookFill(ctx context.Context, spec Spec, f strategies.VenueFill) error {
	if f.ID == "" || f.Order == "" {
		return fmt.Errorf("a venue fill (order %q, tx %s) lacks its trade id or its order: it cannot be booked exactly once", f.Order, f.TxHash.Hex())
	}
	intent := store.FillIntent(f.ID)
	if done, err := r.db.IntentExists(ctx, spec.Name, intent); err != nil || done {
		return err
	}
	signed, err := r.signingOf(ctx, spec.Name, f.Order)
	if err != nil {
		return err
	}
	if signed == 0 {
		r.log.Warn("venue filled an order the agent's log never signed; booked as a trade because it moved the wallet",
			"agent", spec.Name, "order", f.Order, "trade", f.ID, "tx", f.TxHash.Hex())
	}
	venue := f.Venue
	if venue == "" {
		venue = spec.Strategy.Name()
	}
	t := &store.Trade{Time: f.Time, Venue: venue, TxHash: f.TxHash, TokenIn: f.TokenIn, AmountIn: f.AmountIn,
		TokenOut: f.TokenOut, AmountOut: f.AmountOut}
	if p, ok := new(big.Rat).SetString(f.Price); ok && f.Price != "" {
		t.Price = p
	}
	summary := fillSummary(spec, f, signed)
	rec, err := store.FillRecord(spec.Name, spec.Strategy.Name(), store.VenueFill{ID: f.ID, Order: f.Order, Price: f.Price,
		TxHash: f.TxHash, Signed: signed}, summary)
	if err == nil {
		_, _, err = r.db.AppendWithTrades(ctx, rec, []*store.Trade{t})
	}
	if errors.Is(err, store.ErrDuplicateIntent) {
		return nil // booked by another path meanwhile
	}
	if err != nil {
		return fmt.Errorf("book fill %s of order %s: %w", f.ID, f.Order, err)
	}
	r.log.Info("venue fill booked", "agent", spec.Name, "order", f.Order, "trade", f.ID, "seq", rec.Seq, "tx", f.TxHash.Hex())
	r.bus.Publish(DecisionRecorded{Base: r.base(spec.Name), Seq: rec.Seq, Kind: rec.Kind, Action: store.FillAction,
		Verdict: rec.Verdict, Outcome: rec.Outcome, TxHash: rec.TxHash, Summary: summary})
	return nil
}

// signingOf is the seq of the agent's decision that signed order, 0 when
// its log has none.
func (r *Runtime) signingOf(ctx context.Context, agent, order string) (uint64, error) {
	cands, err := r.db.DecisionsMentioning(ctx, agent, "sign/", order)
	if err != nil {
		return 0, fmt.Errorf("find the decision that signed order %s: %w", order, err)
	}
	for _, c := range cands {
		var doc simulationDoc
		if json.Unmarshal(c.Simulation, &doc) != nil {
			continue
		}
		for _, s := range doc.Signs {
			if s.Terms != nil && sameOrder(s.Terms.ID, order) {
				return c.Seq, nil
			}
		}
	}
	return 0, nil
}

// sameOrder compares order ids as venues write them (hex in either case).
func sameOrder(a, b string) bool { return strings.EqualFold(a, b) }

// fillSummary says in the log what filled, e.g. "fill of order 0xab…
// (signed at #12): paid 6.036 USDC, got 10 YES at 0.60, fee 0.036 USDC;
// venue trade t-1".
func fillSummary(spec Spec, f strategies.VenueFill, signed uint64) string {
	amt := func(a common.Address, v *big.Int) string {
		if v == nil {
			return "?"
		}
		if t, ok := knownToken(spec, a); ok {
			return wallet.FormatAmount(v, t.Decimals) + " " + t.Symbol
		}
		return v.String() + " of " + a.Hex()
	}
	by := "not signed by this agent"
	if signed != 0 {
		by = fmt.Sprintf("signed at #%d", signed)
	}
	s := fmt.Sprintf("fill of order %s (%s): paid %s, got %s", f.Order, by, amt(f.TokenIn, f.AmountIn), amt(f.TokenOut, f.AmountOut))
	if f.Price != "" {
		s += " at " + f.Price
	}
	if f.Fee != "" {
		s += ", fee " + f.Fee
	}
	return s + "; venue trade " + f.ID
}

// knownToken finds a token's symbol and decimals among the agent's quote,
// assets and a Holder's outcome tokens.
func knownToken(spec Spec, a common.Address) (strategies.Token, bool) {
	if spec.Quote.Address == a && spec.Quote.Symbol != "" {
		return spec.Quote, true
	}
	if t, ok := assetOf(spec, a); ok {
		return t, true
	}
	if h, ok := spec.Strategy.(strategies.Holder); ok {
		for _, t := range h.ExtraAssets() {
			if t.Address == a {
				return t, true
			}
		}
	}
	return strategies.Token{}, false
}
