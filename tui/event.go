package tui

import "time"

// EventKind says what happened; its String is the kind the log filters on.
type EventKind uint8

// Event kinds, one per runtime event the TUI shows.
const (
	EventStarted EventKind = iota + 1
	EventPaused
	EventResumed
	EventStopped
	EventBackedOff
	EventModeChanged
	EventObserved
	EventDecided
	EventPolicyDenied
	EventApprovalRequested
	EventApprovalResolved
	EventTxSent
	EventTxConfirmed
	EventRecorded
	EventPaperTraded
	EventEquity
	EventError
	EventAnchorSent
	EventAnchored
	EventAnchorFailed
	EventIdentity
	EventOrderPosted
	// EventOther is a runtime event this TUI has no screen for yet; the
	// log still shows it.
	EventOther
)

var kindNames = map[EventKind]string{
	EventStarted: "started", EventPaused: "paused", EventResumed: "resumed", EventStopped: "stopped",
	EventBackedOff: "backoff", EventModeChanged: "mode", EventObserved: "observed", EventDecided: "decided",
	EventPolicyDenied: "denied", EventApprovalRequested: "approval", EventApprovalResolved: "resolved",
	EventTxSent: "tx-sent", EventTxConfirmed: "tx-confirmed", EventRecorded: "recorded",
	EventPaperTraded: "paper", EventEquity: "equity", EventError: "error", EventAnchorSent: "anchor-sent",
	EventAnchored: "anchored", EventAnchorFailed: "anchor-failed", EventIdentity: "identity", EventOrderPosted: "order-posted", EventOther: "other",
}

func (k EventKind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "event"
}

// Event is one runtime event in display terms. Which fields are set
// depends on Kind; Text is always a one-line description for the log.
type Event struct {
	Kind  EventKind
	Agent string
	At    time.Time
	Text  string

	Reason string // paused, backoff
	Mode   Mode   // started, mode changed (the new mode)
	// Strategy, Model and Wallet come with started.
	Strategy, Model, Wallet string
	Block                   uint64 // observed, tx confirmed
	// Price is the observed pair's mid price (0 when the observation has
	// none). Float is fine here: it only draws a chart. Pair names it.
	Price float64
	Pair  string
	// Equity and PnL are decimal quote units; EquityValue draws the curve.
	Equity, PnL, Quote string
	EquityValue        float64
	// Decision carries decided (action, rationale, model) and recorded
	// (seq, verdict, outcome, tx) facts; Completion marks a record that
	// finishes a pending decision.
	Decision   Decision
	Completion bool
	Approval   Approval // requested; resolved carries ID and Resolution
	Resolution string
	TxHash     string
	Reverted   bool
	Err        string
	// Anchored is the last record an anchor covers; Lag the records not
	// yet confirmed on-chain (anchored, anchor failed).
	Anchored, Lag uint64
	// Identity is the agent's on-chain identity in words (identity).
	Identity string
}
