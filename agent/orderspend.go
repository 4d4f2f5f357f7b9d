package agent

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// What signed orders spend against the limits
//
// An order counts its full collateral from the moment it is signed (its
// decision is completed as posted): nothing the venue says later frees it,
// except a cancel the log records. An order listed CANCELED in a
// completion (of any outcome: the cancels go through first) counts only
// what its booked fills used, or the share of it the venue said had
// matched when it was pulled (strategies.CancelReporter: a match settles
// later) if more, so a cancel/replace loop does not fill the daily cap
// with orders that never traded. The trade a fill books is
// part of its order's spend, so it does not count again among the trades
// (spent skips the fill records' seqs).

// orderSpend is what the agent's signing decisions of the window commit.
type orderSpend struct {
	legs []spendLeg
	hour int // signing decisions in the last hour
	// fills are the seqs of fill records of orders the agent signed: their
	// trades are in the orders' spend.
	fills map[uint64]bool
}

// signedSpend reads the agent's records since since (not its whole log):
// its completed signing decisions, the cancels of their orders, and the
// fills booked of them. Paper decisions count for paper limits, and the
// cancels of paper plans free what their virtual orders did not fill.
func (r *Runtime) signedSpend(ctx context.Context, agent string, paper bool, p *Policy, since time.Time) (orderSpend, error) {
	out := orderSpend{fills: map[uint64]bool{}}
	active := false
	for _, rl := range p.Venues {
		if sr, ok := rl.(strategies.SignRules); ok && sr.Active() {
			active = true
		}
	}
	if !active {
		return out, nil
	}
	recs, err := r.db.RecordsSince(ctx, agent, since)
	if err != nil {
		return out, err
	}
	type order struct {
		id   string
		legs []spendLeg
	}
	var orders []order
	signing := map[uint64]store.Record{}
	cancelled := map[string]*big.Rat{}                 // order -> share matched when pulled (0 unless reported)
	filled := map[string]map[common.Address]*big.Int{} // order -> what its fills paid, by token
	count := func(rec store.Record) {
		var doc simulationDoc
		if json.Unmarshal(rec.Simulation, &doc) != nil {
			return
		}
		for _, s := range doc.Signs {
			if t, err := p.decodeSign(s.Request); err == nil {
				orders = append(orders, order{id: strings.ToLower(t.ID), legs: t.Spends})
			}
		}
		if len(doc.Signs) > 0 && time.Since(rec.Time) < time.Hour {
			out.hour++
		}
	}
	for _, rec := range recs {
		switch {
		case rec.Kind == store.KindDecision && rec.Model == store.ModelFills:
			f, trades, _, err := store.FillOf(rec)
			if err != nil {
				return out, err
			}
			if f.Signed == 0 {
				continue // no order counted it: its trade counts as a trade
			}
			out.fills[rec.Seq] = true
			id := strings.ToLower(f.Order)
			if filled[id] == nil {
				filled[id] = map[common.Address]*big.Int{}
			}
			for _, t := range trades {
				filled[id][t.TokenIn] = new(big.Int).Add(spentOf(filled[id], t.TokenIn), t.AmountIn)
			}
		case rec.Kind == store.KindDecision && paper && rec.Outcome == store.OutcomePaper:
			count(rec)
			// A paper plan's cancels pull its virtual orders (paperfills.go):
			// what they matched is in their booked paper fills.
			var doc simulationDoc
			if json.Unmarshal(rec.Simulation, &doc) == nil {
				for _, c := range doc.Cancels {
					cancelled[strings.ToLower(c.ID)] = new(big.Rat)
				}
			}
		case rec.Kind == store.KindDecision && !paper && rec.Outcome == store.OutcomePending && strings.HasPrefix(rec.Intent, "sign/"):
			signing[rec.Seq] = rec
		case rec.Kind == store.KindCompletion:
			if d, ok := signing[rec.Completes]; ok && rec.Outcome == store.OutcomeConfirmed {
				count(d)
			}
			// A cancel the venue confirmed stands even when the decision
			// failed after it (a replace whose new order was refused).
			for id, share := range cancelledIn(rec) {
				cancelled[id] = share
			}
		}
	}
	for _, o := range orders {
		share, ok := cancelled[o.id]
		if !ok {
			out.legs = append(out.legs, o.legs...)
			continue
		}
		for _, l := range o.legs { // what its fills used, never more than it committed
			used := spentOf(filled[o.id], l.Token)
			// Matches not settled (so not booked) yet count as well.
			if m := ceil(new(big.Rat).Mul(new(big.Rat).SetInt(l.Amount), share)); m.Cmp(used) > 0 {
				used = m
			}
			if used.Cmp(l.Amount) > 0 {
				used = l.Amount
			}
			if used.Sign() > 0 {
				out.legs = append(out.legs, spendLeg{Token: l.Token, Amount: new(big.Int).Set(used)})
			}
		}
	}
	return out, nil
}

// cancelledIn maps the order ids (lower case) a signing completion's
// receipt names CANCELED to the share of each that had matched when it
// was pulled: 0 when the venue did not say, all of it when what it said
// does not read.
func cancelledIn(rec store.Record) map[string]*big.Rat {
	var doc struct {
		Orders []strategies.Posted `json:"orders"`
	}
	if json.Unmarshal(rec.Receipt, &doc) != nil {
		return nil
	}
	out := map[string]*big.Rat{}
	for _, o := range doc.Orders {
		if !strings.EqualFold(o.Status, "CANCELED") {
			continue
		}
		share := new(big.Rat)
		if o.Matched != "" || o.Size != "" {
			m, ok1 := new(big.Rat).SetString(o.Matched)
			z, ok2 := new(big.Rat).SetString(o.Size)
			switch {
			case !ok1 || !ok2 || z.Sign() <= 0 || m.Sign() < 0 || m.Cmp(z) > 0:
				share.SetInt64(1)
			default:
				share.Quo(m, z)
			}
		}
		out[strings.ToLower(o.ID)] = share
	}
	return out
}

// ceil rounds r up to an integer: a share of a spend is never counted short.
func ceil(r *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}
