package polymarket

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The strategies.Poster side: what the runtime calls once it has recorded
// the decision, to pull resting orders and to post what the wallet signed.

// Cancel implements strategies.Poster.
func (s *Strategy) Cancel(ctx context.Context, ids []string) error {
	if s.d.Client == nil {
		return errNoClient
	}
	r, err := s.d.Client.CancelOrders(ctx, ids)
	if err != nil {
		return err
	}
	var why []string
	for id, reason := range r.NotCanceled {
		if s.alreadyCancelled(ctx, id) {
			continue
		}
		why = append(why, id+": "+reason)
	}
	if len(why) > 0 {
		slices.Sort(why)
		return fmt.Errorf("not cancelled: %s", strings.Join(why, "; "))
	}
	return nil
}

// CancelReport implements strategies.CancelReporter: Cancel, then each
// order as the CLOB lists it, for how much of it had matched (trades that
// may settle later). A lookup that fails says so, and the runtime counts
// the whole order.
func (s *Strategy) CancelReport(ctx context.Context, ids []string) ([]strategies.Posted, error) {
	if err := s.Cancel(ctx, ids); err != nil {
		return nil, err
	}
	out := make([]strategies.Posted, len(ids))
	for i, id := range ids {
		out[i] = strategies.Posted{ID: id, Status: "CANCELED", Matched: "unknown", Size: "unknown"}
		if o, err := s.d.Client.Order(ctx, id); err == nil && strings.EqualFold(o.ID, id) {
			out[i].Matched, out[i].Size = o.SizeMatched, o.OriginalSize
		}
	}
	return out, nil
}

// alreadyCancelled: the CLOB lists the order as cancelled, e.g. by the
// first of a cancel's retries, whose reply was lost. That is what the
// cancel asked for; a lookup that fails proves nothing.
func (s *Strategy) alreadyCancelled(ctx context.Context, id string) bool {
	o, err := s.d.Client.Order(ctx, id)
	return err == nil && strings.EqualFold(o.ID, id) && strings.Contains(strings.ToUpper(o.Status), "CANCEL")
}

// Post implements strategies.Poster: the order with the wallet's
// signature goes through clob.Client.Place and its journal.
func (s *Strategy) Post(ctx context.Context, r strategies.SignRequest, sig []byte) (strategies.Posted, error) {
	if s.d.Client == nil {
		return strategies.Posted{}, errNoClient
	}
	o, ex, d, err := decode(r)
	if err != nil {
		return strategies.Posted{}, err
	}
	so, err := clob.Attach(o, ex, sig)
	if err != nil {
		return strategies.Posted{}, err
	}
	p, err := s.d.Client.Place(ctx, s.d.Journal, so, ex, d.Request.OrderType, d.Request.PostOnly)
	err = explainRefusal(err, o.SignatureType)
	if errors.Is(err, clob.ErrOutcomeUnknown) {
		return strategies.Posted{ID: p.OrderID}, fmt.Errorf("%w: %v", strategies.ErrPostUnknown, err)
	}
	if err != nil {
		return strategies.Posted{ID: p.OrderID}, err
	}
	return strategies.Posted{ID: p.OrderID, Status: p.Status}, nil
}

// Recover implements strategies.Poster: look the order up on the CLOB; with
// abandon, one it does not have is abandoned in the journal, never posted
// again.
func (s *Strategy) Recover(ctx context.Context, r strategies.SignRequest, abandon bool) (strategies.Posted, bool, error) {
	if s.d.Client == nil {
		return strategies.Posted{}, false, errNoClient
	}
	o, ex, _, err := decode(r)
	if err != nil {
		return strategies.Posted{}, false, err
	}
	id := o.Hash(ex).Hex()
	found, status, err := s.d.Client.Reconcile(ctx, id, o.TokenID.String())
	if err != nil || found || !abandon {
		return strategies.Posted{ID: id, Status: status}, found, err
	}
	if s.d.Journal != nil {
		pending, err := s.d.Journal.Pending()
		if err != nil {
			return strategies.Posted{}, false, err
		}
		for _, it := range pending {
			if strings.EqualFold(it.OrderID, id) {
				it.State, it.Note = clob.IntentAbandoned, "not on the CLOB after a restart; the decision is recorded as failed"
				if err := s.d.Journal.Record(it); err != nil {
					return strategies.Posted{}, false, err
				}
			}
		}
	}
	return strategies.Posted{ID: id}, false, nil
}
