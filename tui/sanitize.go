package tui

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// clean makes text from outside (model replies, token names, errors from
// nodes) safe to draw: control characters, escape sequences included, become
// spaces, so a reply cannot move the cursor, clear the screen or restyle
// the TUI. Newlines become spaces too; panes wrap text themselves.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			// Non-ASCII is usually fine (a "·" or an "≤"); look closer.
			if c >= 0x80 && !hasBadRune(s[i:]) {
				return false
			}
			return true
		}
	}
	return false
}

func hasBadRune(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 {
			return true
		}
	}
	return false
}

func cleanAll(ss []string) []string {
	for i, s := range ss {
		ss[i] = clean(s)
	}
	return ss
}

// cleanEvent cleans every text field of an event before it is kept.
func cleanEvent(e *Event) {
	e.Agent, e.Text, e.Reason, e.Err = clean(e.Agent), clean(e.Text), clean(e.Reason), clean(e.Err)
	e.Strategy, e.Model, e.Identity, e.Pair = clean(e.Strategy), clean(e.Model), clean(e.Identity), clean(e.Pair)
	e.Equity, e.PnL, e.Quote = clean(e.Equity), clean(e.PnL), clean(e.Quote)
	cleanDecision(&e.Decision)
	cleanApproval(&e.Approval)
}

func cleanDecision(d *Decision) {
	d.Action, d.Rationale, d.Model, d.Summary, d.Error = clean(d.Action), clean(d.Rationale), clean(d.Model), clean(d.Summary), clean(d.Error)
	d.Reasons = cleanAll(d.Reasons)
}

func cleanApproval(a *Approval) {
	a.Agent, a.Summary, a.FeeCap, a.Expected = clean(a.Agent), clean(a.Summary), clean(a.FeeCap), clean(a.Expected)
	a.Legs, a.Orders = cleanAll(a.Legs), cleanAll(a.Orders)
	for i := range a.Calls {
		c := &a.Calls[i]
		c.Contract, c.Method, c.Value = clean(c.Contract), clean(c.Method), clean(c.Value)
		for j := range c.Args {
			c.Args[j].Name, c.Args[j].Value = clean(c.Args[j].Name), clean(c.Args[j].Value)
		}
	}
	a.Trades, a.Simulated, a.Policy = cleanAll(a.Trades), cleanAll(a.Simulated), cleanAll(a.Policy)
}

func cleanAgent(a *Agent) {
	a.Name, a.Strategy, a.Model, a.Brain = clean(a.Name), clean(a.Strategy), clean(a.Model), clean(a.Brain)
	a.Reason, a.LastAction, a.AnchorErr, a.ValueErr = clean(a.Reason), clean(a.LastAction), clean(a.AnchorErr), clean(a.ValueErr)
	a.Equity, a.Peak, a.PnL, a.Realized, a.Unrealized = clean(a.Equity), clean(a.Peak), clean(a.PnL), clean(a.Realized), clean(a.Unrealized)
	a.Flows = clean(a.Flows)
	a.Holdings = slices.Clone(a.Holdings) // the runtime's own slice stays as it is
	for i := range a.Holdings {
		h := &a.Holdings[i]
		h.Symbol, h.Amount, h.Value = clean(h.Symbol), clean(h.Amount), clean(h.Value)
	}
}
