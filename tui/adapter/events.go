package adapter

import (
	"context"
	"encoding/hex"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/tui"
)

// Next implements tui.Events: the next runtime event the TUI shows.
// Streaming model deltas are skipped (no screen shows them yet).
func (r *Runtime) Next(ctx context.Context) (tui.Event, bool) {
	for {
		select {
		case <-ctx.Done():
			return tui.Event{}, false
		case e, ok := <-r.sub.C:
			if !ok {
				return tui.Event{}, false
			}
			if ev, show := r.Convert(e); show {
				return ev, true
			}
		}
	}
}

// midPrice finds the first mid price in a DEX strategy's summary
// ("Mid price: 3012.5 USDC per WETH", "dex-a mid price: ...").
var midPrice = regexp.MustCompile(`(?i)mid price: ([0-9]+(?:\.[0-9]+)?)`)

// pairName finds the pair a summary's first line is about ("WETH/USDC").
var pairName = regexp.MustCompile(`\b([A-Za-z0-9]+/[A-Za-z0-9]+)\b`)

// Convert turns a runtime event into the TUI's terms; show is false for
// events the TUI does not display.
func (r *Runtime) Convert(e agent.Event) (ev tui.Event, show bool) {
	ev = tui.Event{Agent: e.AgentName(), At: e.When()}
	switch x := e.(type) {
	case agent.AgentStarted:
		ev.Kind, ev.Strategy, ev.Model, ev.Mode, ev.Wallet = tui.EventStarted, x.Strategy, x.Model, tui.Mode(x.Mode), x.Wallet.Hex()
		brain := x.Brain
		if brain == "" {
			brain = x.Model
		}
		ev.Text = fmt.Sprintf("started: %s with %s in mode %s, wallet %s", x.Strategy, brain, x.Mode, x.Wallet.Hex())
	case agent.AgentPaused:
		ev.Kind, ev.Reason, ev.Text = tui.EventPaused, x.Reason, "paused: "+x.Reason
	case agent.AgentResumed:
		ev.Kind, ev.Text = tui.EventResumed, "resumed"
	case agent.AgentStopped:
		ev.Kind, ev.Text = tui.EventStopped, "stopped"
	case agent.AgentBackedOff:
		ev.Kind, ev.Reason = tui.EventBackedOff, x.Reason
		ev.Text = "backing off " + x.Retry.Round(time.Second).String() + ": " + x.Reason
	case agent.ModeChanged:
		ev.Kind, ev.Mode, ev.Text = tui.EventModeChanged, tui.Mode(x.To), fmt.Sprintf("mode %s -> %s", x.From, x.To)
	case agent.Observed:
		ev.Kind, ev.Block = tui.EventObserved, x.Block
		if m := midPrice.FindStringSubmatch(x.Summary); m != nil {
			ev.Price, _ = strconv.ParseFloat(m[1], 64) // chart only
		}
		first, _, _ := strings.Cut(x.Summary, "\n")
		if m := pairName.FindStringSubmatch(first); m != nil {
			ev.Pair = m[1]
		}
		ev.Text = first
		if ev.Price > 0 {
			ev.Text += " mid " + strconv.FormatFloat(ev.Price, 'f', -1, 64)
		}
	case agent.ModelDelta:
		return ev, false
	case agent.Decided:
		ev.Kind = tui.EventDecided
		ev.Decision = tui.Decision{Action: x.Action, Rationale: x.Rationale, Model: x.Model, Confidence: x.Confidence}
		ev.Text = fmt.Sprintf("%s (confidence %.2f, %s, %s): %s", x.Action, x.Confidence,
			x.Latency.Round(time.Millisecond), x.Model, x.Rationale)
	case agent.PolicyDenied:
		ev.Kind, ev.Decision = tui.EventPolicyDenied, tui.Decision{Reasons: x.Reasons}
		ev.Text = "policy denied " + trimDecimals(x.Plan) + ": " + strings.Join(x.Reasons, "; ")
	case agent.ApprovalRequested:
		ev.Kind, ev.Approval = tui.EventApprovalRequested, r.approval(x.Request)
		ev.Text = "waits for approval: " + ev.Approval.Summary + " (id " + x.Request.ID + ")"
	case agent.ApprovalResolved:
		ev.Kind, ev.Approval, ev.Resolution = tui.EventApprovalResolved, tui.Approval{ID: x.ID}, string(x.Approval)
		ev.Text = "approval " + x.ID + ": " + string(x.Approval)
	case agent.TxSent:
		ev.Kind, ev.TxHash = tui.EventTxSent, x.Hash.Hex()
		ev.Text = fmt.Sprintf("sent %s to %s (nonce %d): %s", x.Method, r.label(x.To.Hex()), x.Nonce, x.Hash.Hex())
	case agent.TxConfirmed:
		ev.Kind, ev.TxHash, ev.Block, ev.Reverted = tui.EventTxConfirmed, x.Hash.Hex(), x.Block, x.Reverted
		state := "mined"
		if x.Reverted {
			state = "REVERTED"
		}
		ev.Text = fmt.Sprintf("%s in block %d, gas %d: %s", state, x.Block, x.GasUsed, x.Hash.Hex())
	case agent.DecisionRecorded:
		ev.Kind, ev.Completion = tui.EventRecorded, x.Kind == store.KindCompletion
		ev.Decision = tui.Decision{Seq: x.Seq, Action: x.Action, Verdict: string(x.Verdict), Outcome: string(x.Outcome),
			Summary: x.Summary, Error: x.Error}
		if x.TxHash != ([32]byte{}) {
			ev.Decision.TxHash = x.TxHash.Hex()
		}
		ev.Text = recordedText(x, ev.Decision.TxHash)
	case agent.PaperTraded:
		ev.Kind, ev.Text = tui.EventPaperTraded, "paper trade: "+trimDecimals(x.Plan)
	case agent.EquityUpdated:
		ev.Kind, ev.Equity, ev.PnL, ev.Quote = tui.EventEquity, x.Equity, x.PnL, x.Quote
		ev.EquityValue, _ = strconv.ParseFloat(x.Equity, 64) // chart only
		ev.Text = "equity " + tui.Amount(x.Equity) + " " + x.Quote + ", PnL " + tui.Amount(x.PnL)
	case agent.Errored:
		ev.Kind, ev.Err, ev.Text = tui.EventError, x.Err, x.Err
	case agent.AnchorSent:
		ev.Kind, ev.TxHash = tui.EventAnchorSent, x.TxHash.Hex()
		again := ""
		if x.Resent {
			again = " again"
		}
		ev.Text = fmt.Sprintf("anchor of seq %d-%d sent%s: root %s, tx %s", x.FirstSeq, x.LastSeq, again, x.Root.Hex(), x.TxHash.Hex())
	case agent.AnchorConfirmed:
		ev.Kind, ev.TxHash, ev.Block, ev.Anchored, ev.Lag = tui.EventAnchored, x.TxHash.Hex(), x.Block, x.LastSeq, x.Lag
		ev.Text = fmt.Sprintf("seq %d-%d anchored in block %d (lag %d): root %s", x.FirstSeq, x.LastSeq, x.Block, x.Lag, x.Root.Hex())
	case agent.AnchorFailed:
		ev.Kind, ev.Reason, ev.Lag = tui.EventAnchorFailed, x.Reason, x.Lag
		ev.Text = fmt.Sprintf("anchoring failed (lag %d, retry in %s): %s", x.Lag, x.Retry.Round(time.Second), x.Reason)
	case agent.IdentityRegistered:
		ev.Kind, ev.Identity = tui.EventIdentity, identityText(x.AgentID, x.Registry)
		ev.Text = "identity " + ev.Identity
		switch {
		case x.Created:
			ev.Text += " (registered now)"
		case x.Updated:
			ev.Text += " (agentURI updated)"
		}
	case agent.OrderPosted:
		ev.Kind, ev.Text = tui.EventOrderPosted, fmt.Sprintf("order %s posted (%s): %s", shortHex(x.ID), strings.ToLower(x.Status), trimDecimals(strings.TrimPrefix(x.Order, "order ")))
	default:
		ev.Kind, ev.Text = tui.EventOther, describe(e)
	}
	return ev, true
}

// shortHex shortens a long hex id for a log line: "0x0f273042…0ac3".
func shortHex(s string) string {
	if len(s) <= 18 {
		return s
	}
	return s[:10] + "…" + s[len(s)-4:]
}

func recordedText(x agent.DecisionRecorded, tx string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#%d ", x.Seq)
	if x.Kind == store.KindCompletion {
		b.WriteString("completion: ")
	}
	if x.Action != "" {
		b.WriteString(x.Action + " ")
	}
	if x.Verdict != "" && x.Verdict != store.VerdictNone {
		b.WriteString(string(x.Verdict) + " ")
	}
	b.WriteString(string(x.Outcome))
	if tx != "" {
		b.WriteString(" tx " + tx)
	}
	if x.Error != "" {
		b.WriteString(": " + x.Error)
	}
	return b.String()
}

// describe shows an event this adapter does not know yet (anchoring,
// identity, ...) as its type and exported fields, so the log has it all.
func describe(e agent.Event) string {
	v := reflect.ValueOf(e)
	t := v.Type()
	var b strings.Builder
	b.WriteString(t.Name())
	if t.Kind() != reflect.Struct {
		return b.String()
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			continue
		}
		fmt.Fprintf(&b, " %s=%s", f.Name, fieldText(v.Field(i)))
	}
	return b.String()
}

func fieldText(v reflect.Value) string {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "-"
	}
	switch x := v.Interface().(type) {
	case interface{ Hex() string }:
		return x.Hex()
	case fmt.Stringer:
		return x.String()
	}
	if v.Kind() == reflect.Array && v.Type().Elem().Kind() == reflect.Uint8 {
		b := make([]byte, v.Len())
		reflect.Copy(reflect.ValueOf(b), v)
		return "0x" + hex.EncodeToString(b)
	}
	return fmt.Sprint(v.Interface())
}
