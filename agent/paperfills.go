package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// Paper orders on a live book (strategies.PaperMatcher)
//
// A paper plan's signature requests are virtual orders resting on the
// venue's real book; its cancels pull them. The log is their only record:
// the runtime reads the paper decisions (requests with the terms the rules
// decoded, and cancels) and the paper fill records, in seq order, and
// hands the open orders with their fills and the paper positions to the
// strategy before it observes. The strategy matches them against the book
// it reads; each fill it reports is booked once (intent "fill/<id>") as a
// paper trade in a fill record listing it, so the paper positions, paper
// PnL, the paper limits and the TUI see it, and a restart, which reads the
// same log, neither loses a virtual order nor books a fill twice.

// paperLedger is the virtual orders read from the log so far.
type paperLedger struct {
	next   uint64                  // the next seq to read
	orders []strategies.PaperOrder // not cancelled, in planning order
	// paper is whether the tick's observation was made with the paper
	// book: the tick's mode as the strategy saw it.
	paper bool
}

// preparePaper hands a PaperMatcher its paper book (nil when live) before
// the tick observes.
func (r *Runtime) preparePaper(ctx context.Context, st *state, spec Spec) error {
	pm, ok := spec.Strategy.(strategies.PaperMatcher)
	if !ok {
		return nil
	}
	if st.paper == nil {
		st.paper = &paperLedger{next: 1}
	}
	l := st.paper
	if l.paper = st.mode() == ModePaper; !l.paper {
		pm.SetPaper(nil)
		return nil
	}
	if err := r.readPaper(ctx, spec, l); err != nil {
		return fmt.Errorf("paper orders: %w", err)
	}
	pos, err := r.db.Positions(ctx, spec.Name, true)
	if err != nil {
		return fmt.Errorf("paper positions: %w", err)
	}
	held := map[common.Address]*big.Int{}
	for _, p := range pos {
		held[p.Token] = new(big.Int).Set(p.Amount)
	}
	orders := make([]strategies.PaperOrder, len(l.orders))
	for i, o := range l.orders {
		orders[i] = o
		orders[i].Fills = append([]strategies.VenueFill(nil), o.Fills...)
	}
	pm.SetPaper(&strategies.PaperBook{Orders: orders, Held: held})
	return nil
}

// readPaper applies the agent's records from l.next on: paper decisions
// rest and cancel virtual orders, paper fill records fill them.
func (r *Runtime) readPaper(ctx context.Context, spec Spec, l *paperLedger) error {
	recs, err := r.db.Records(ctx, spec.Name, l.next, 0)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		l.next = rec.Seq + 1
		if rec.Kind != store.KindDecision || rec.Outcome != store.OutcomePaper {
			continue
		}
		if rec.Model == store.ModelFills {
			f, trades, _, err := store.FillOf(rec)
			if err != nil {
				return err
			}
			if i := l.find(f.Order); i >= 0 && len(trades) > 0 {
				t := trades[0]
				l.orders[i].Fills = append(l.orders[i].Fills, strategies.VenueFill{ID: f.ID, Order: f.Order, Time: t.Time, Price: f.Price,
					Fill: strategies.Fill{Venue: t.Venue, TokenIn: t.TokenIn, AmountIn: t.AmountIn, TokenOut: t.TokenOut, AmountOut: t.AmountOut}})
			}
			continue
		}
		var doc simulationDoc
		if json.Unmarshal(rec.Simulation, &doc) != nil {
			continue
		}
		var taken []strategies.VenueFill
		for _, c := range doc.Cancels { // a replace pulls first, as live
			if i := l.find(c.ID); i >= 0 {
				taken = append(append(taken, l.orders[i].Taken...), l.orders[i].Fills...)
				l.orders = append(l.orders[:i], l.orders[i+1:]...)
			}
		}
		for _, s := range doc.Signs {
			if s.Terms != nil && s.Terms.ID != "" && l.find(s.Terms.ID) < 0 {
				l.orders = append(l.orders, strategies.PaperOrder{Seq: rec.Seq, ID: s.Terms.ID, Request: s.Request, Taken: taken})
			}
		}
	}
	return nil
}

func (l *paperLedger) find(id string) int {
	for i, o := range l.orders {
		if sameOrder(o.ID, id) {
			return i
		}
	}
	return -1
}

// paperMismatch says why a signing plan is not carried out: the mode
// changed between the observation and the plan, so the plan was made from
// the other book (virtual orders for a live plan, or the reverse).
func paperMismatch(st *state, spec Spec, mode Mode) string {
	if _, ok := spec.Strategy.(strategies.PaperMatcher); !ok || st.paper == nil || st.paper.paper == (mode == ModePaper) {
		return ""
	}
	return "the mode changed to " + string(mode) + " while the tick planned from its paper book; a new plan is made on the next tick"
}

// bookPaperFills books the fills the strategy matched for the virtual
// orders in obs, each once, as paper trades.
func (r *Runtime) bookPaperFills(ctx context.Context, st *state, spec Spec, obs *strategies.Observation) error {
	pm, ok := spec.Strategy.(strategies.PaperMatcher)
	if !ok || st.paper == nil || !st.paper.paper {
		return nil
	}
	for _, f := range pm.PaperFills(obs) {
		if err := r.bookPaperFill(ctx, st, spec, f); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runtime) bookPaperFill(ctx context.Context, st *state, spec Spec, f strategies.VenueFill) error {
	i := st.paper.find(f.Order)
	if f.ID == "" || i < 0 {
		return fmt.Errorf("a paper fill (%q) of order %q that no paper plan rests: not booked", f.ID, f.Order)
	}
	intent := store.FillIntent(f.ID)
	if done, err := r.db.IntentExists(ctx, spec.Name, intent); err != nil || done {
		return err
	}
	signed := st.paper.orders[i].Seq
	venue := f.Venue
	if venue == "" {
		venue = spec.Strategy.Name()
	}
	t := &store.Trade{Time: f.Time, Paper: true, Venue: venue, TokenIn: f.TokenIn, AmountIn: f.AmountIn,
		TokenOut: f.TokenOut, AmountOut: f.AmountOut}
	if p, ok := new(big.Rat).SetString(f.Price); ok && f.Price != "" {
		t.Price = p
	}
	summary := "paper " + fillSummary(spec, f, signed)
	rec, err := store.FillRecord(spec.Name, spec.Strategy.Name(), store.VenueFill{ID: f.ID, Order: f.Order, Price: f.Price, Signed: signed}, summary)
	if err == nil {
		rec.Approval, rec.Outcome = store.ApprovalPaper, store.OutcomePaper
		_, _, err = r.db.AppendWithTrades(ctx, rec, []*store.Trade{t})
	}
	if errors.Is(err, store.ErrDuplicateIntent) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("book paper fill %s of order %s: %w", f.ID, f.Order, err)
	}
	r.log.Info("paper fill booked", "agent", spec.Name, "order", f.Order, "trade", f.ID, "seq", rec.Seq)
	r.bus.Publish(DecisionRecorded{Base: r.base(spec.Name), Seq: rec.Seq, Kind: rec.Kind, Action: store.FillAction,
		Verdict: rec.Verdict, Outcome: rec.Outcome, Summary: summary})
	return nil
}
