package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Venue fills: a resting order on a central limit order book is matched
// later, outside any decision. The runtime books each fill once as a trade
// listed in a record of the agent's own hash chain (Model ModelFills,
// Intent FillIntent(id)), so positions, PnL and the limits see it, editing
// it breaks the chain, and a restart does not book it twice.

// ModelFills is the Model of the records that book venue fills, and
// FillAction their action.
const (
	ModelFills = "fills"
	FillAction = "fill"
)

// VenueFill is what a fill record says about the fill besides its trade.
type VenueFill struct {
	ID     string      `json:"id"`    // the venue's trade id
	Order  string      `json:"order"` // the order it filled
	Price  string      `json:"price,omitempty"`
	TxHash common.Hash `json:"txHash"` // the settlement transaction
	// Signed is the agent's decision that signed Order; 0 when its log
	// has none (an order signed elsewhere with the agent's key).
	Signed uint64 `json:"signed,omitempty"`
}

// FillIntent is the idempotency key of the record booking venue trade id.
func FillIntent(id string) string { return "fill/" + id }

// FillRecord is the record that books fill; AppendWithTrades it with the
// fill's trade, which it lists. summary says what happened for people
// reading the log.
func FillRecord(agent, strategy string, fill VenueFill, summary string) (*Record, error) {
	if fill.ID == "" || fill.Order == "" {
		return nil, fmt.Errorf("store: a fill of %s needs the venue's trade id and the order it filled", agent)
	}
	raw, err := json.Marshal(struct {
		Fill VenueFill `json:"fill"`
	}{fill})
	if err != nil {
		return nil, err
	}
	// The action reads like a decision's, so logs show what filled.
	action, err := json.Marshal(struct {
		Action    string `json:"action"`
		Rationale string `json:"rationale"`
	}{FillAction, summary})
	if err != nil {
		return nil, err
	}
	return &Record{Kind: KindDecision, Agent: agent, Strategy: strategy, Intent: FillIntent(fill.ID), ObsSummary: summary,
		Model: ModelFills, Action: action, Verdict: VerdictNone, Approval: ApprovalNone, Outcome: OutcomeConfirmed,
		TxHash: fill.TxHash, Receipt: raw}, nil
}

// FillOf reads the fill a fill record books and the trades it lists; ok
// is false for any other record.
func FillOf(r Record) (fill VenueFill, trades []Trade, ok bool, err error) {
	if r.Kind != KindDecision || r.Model != ModelFills {
		return fill, nil, false, nil
	}
	var doc struct {
		Fill *VenueFill `json:"fill"`
	}
	if err := json.Unmarshal(r.Receipt, &doc); err != nil || doc.Fill == nil {
		return fill, nil, false, fmt.Errorf("store: agent %s seq %d: the fill it books does not decode", r.Agent, r.Seq)
	}
	trades, _, err = committedTrades(&r)
	if err != nil {
		return *doc.Fill, nil, true, fmt.Errorf("store: agent %s seq %d: %w", r.Agent, r.Seq, err)
	}
	return *doc.Fill, trades, true, nil
}

// RecordsSince returns agent's records stamped at or after since, in seq
// order: what the daily limits read, without an old agent's whole log.
func (db *DB) RecordsSince(ctx context.Context, agent string, since time.Time) ([]Record, error) {
	return db.queryRecords(ctx, selectRecordSQL+" WHERE agent = ? AND time_ns >= ? ORDER BY seq", agent, since.UnixNano())
}

// DecisionsMentioning returns agent's decisions whose intent starts with
// prefix and whose simulation contains text (ignoring case), in seq order:
// the candidates for the decision that signed an order, which the caller
// decodes to be sure.
func (db *DB) DecisionsMentioning(ctx context.Context, agent, prefix, text string) ([]Record, error) {
	if text == "" {
		return nil, errors.New("store: search text is empty")
	}
	return db.queryRecords(ctx, selectRecordSQL+` WHERE agent = ? AND kind = 'decision' AND substr(intent, 1, ?) = ?
		AND instr(lower(simulation), lower(?)) > 0 ORDER BY seq`, agent, len(prefix), prefix, text)
}
