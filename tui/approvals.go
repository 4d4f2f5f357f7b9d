package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var approvalCols = []column{
	{title: "AGENT", width: 11},
	{title: "PLAN", width: 24, flex: true},
	{title: "EXPECTED", width: 14, right: true, prio: 1},
	{title: "PLAN AGE", width: 11, right: true},
	{title: "EXPIRES", width: 7, right: true},
	{title: "ID", width: 16, prio: 2},
}

// approvalsPane is the queue of plans waiting for a person, with the
// selected one decoded: calls, simulation and the policy's view.
type approvalsPane struct {
	d    *data
	st   *Styles
	now  *time.Time
	keys approvalsKeys
	w, h int
	cur  cursor
}

func newApprovalsPane(d *data, st *Styles, now *time.Time) *approvalsPane {
	return &approvalsPane{d: d, st: st, now: now, keys: newApprovalsKeys()}
}

func (p *approvalsPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *approvalsPane) listHeight() int {
	return min(max(len(p.d.approvals), 1), max(p.h/3, 1))
}

func (p *approvalsPane) selected() (Approval, bool) {
	if len(p.d.approvals) == 0 {
		return Approval{}, false
	}
	return p.d.approvals[min(p.cur.pos, len(p.d.approvals)-1)], true
}

func (p *approvalsPane) Update(msg tea.Msg) tea.Msg {
	n := len(p.d.approvals)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, n, p.listHeight())
	case tea.KeyPressMsg:
		if p.cur.key(msg, p.keys.listKeys, n, p.listHeight()) {
			return nil
		}
		ap, ok := p.selected()
		if !ok {
			return nil
		}
		switch {
		case key.Matches(msg, p.keys.Approve):
			return approveMsg{ap.ID}
		case key.Matches(msg, p.keys.Deny):
			return denyMsg{ap.ID}
		}
	}
	return nil
}

func (p *approvalsPane) View() string {
	st := p.st
	n := len(p.d.approvals)
	if n == 0 {
		return block("\n"+st.Muted.Render("  Nothing waits for approval. Plans of agents in mode ask appear here;")+"\n"+
			st.Muted.Render("  approve (a) sends the exact decoded calls shown, deny (d) records a denied decision."), p.w, p.h)
	}
	lh := p.listHeight()
	p.cur.clamp(n, lh)
	widths := layout(approvalCols, p.w)
	var b strings.Builder
	b.WriteString(header(approvalCols, widths, st.Header))
	for i := p.cur.offset; i < min(p.cur.offset+lh, n); i++ {
		ap := p.d.approvals[i]
		sel := i == p.cur.pos
		cells := []string{ap.Agent, ap.Summary, expectedText(ap.Expected, st, !sel), planAgeCell(ap, *p.now, st, !sel),
			until(*p.now, ap.Expires), ap.ID}
		b.WriteByte('\n')
		if sel {
			b.WriteString(st.Selected.Render(row(cells, approvalCols, widths)))
		} else {
			b.WriteString(row(cells, approvalCols, widths))
		}
	}
	list := block(b.String(), p.w, lh+1)
	ap, _ := p.selected()
	body := strings.Join(approvalLines(ap, st, p.w, *p.now), "\n")
	return list + "\n" + block(body, p.w, p.h-lh-1)
}

// approvalLines decodes an approval for people as of now: how old the
// plan is (and whether it went stale), what it is expected to earn or
// cost, its legs in human units, then the exact calls, the simulation and
// the policy. The confirmation dialog shows the same lines, kept current.
func approvalLines(ap Approval, st *Styles, w int, now time.Time) []string {
	wrap := func(prefix, s string) []string { return wrapIndent(prefix, s, w) }
	out := []string{strings.Repeat("─", max(w, 1)),
		st.Title.Render(ap.Agent) + " wants to: " + st.Bold.Render(ap.Summary)}
	out = append(out, wrap(st.Header.Render("planned")+"   ", planAgeText(ap, now, st))...)
	if ap.Expected != "" {
		label := "profit"
		if strings.HasPrefix(ap.Expected, "-") {
			label = "cost"
		}
		out = append(out, st.Header.Render("expected")+"  "+expectedText(ap.Expected, st, true)+st.Muted.Render(" "+label))
	}
	legs, legLabel := ap.Legs, "leg"
	if len(legs) == 0 {
		legs, legLabel = ap.Trades, "trade"
	}
	for i, l := range legs {
		label := legLabel
		if len(legs) > 1 {
			label += " " + strconv.Itoa(i+1)
		}
		out = append(out, wrap(st.Header.Render(fmt.Sprintf("%-9s", label))+" ", l)...)
	}
	for i, o := range ap.Orders {
		label := "order"
		if len(ap.Orders) > 1 {
			label += " " + strconv.Itoa(i+1)
		}
		out = append(out, wrap(st.Header.Render(fmt.Sprintf("%-9s", label))+" ", o)...)
	}
	for i, c := range ap.Calls {
		args := make([]string, len(c.Args))
		for j, a := range c.Args {
			args[j] = a.Name + "=" + a.Value
		}
		call := strconv.Itoa(i+1) + ". " + st.Bold.Render(c.Method) + " on " + c.Contract
		if c.Value != "" {
			call += " sending " + c.Value + " ETH"
		}
		out = append(out, call)
		out = append(out, wrap("   ", strings.Join(args, ", "))...)
	}
	for _, s := range ap.Simulated {
		sim := s
		if strings.Contains(s, "REVERTS") {
			sim = st.Bad.Render(s)
		}
		out = append(out, wrap(st.Header.Render("simulated")+" ", sim)...)
	}
	if ap.FeeCap != "" {
		out = append(out, st.Header.Render("fee cap")+"   "+ap.FeeCap+" gwei")
	}
	if len(ap.Policy) > 0 {
		out = append(out, wrap(st.Header.Render("policy")+"    ", strings.Join(ap.Policy, "; "))...)
	}
	return out
}

// planAge is how old the plan is now (from PlannedAt, else from when it
// was queued) and whether it is past its TTL.
func planAge(ap Approval, now time.Time) (d time.Duration, stale, known bool) {
	at := ap.PlannedAt
	if at.IsZero() {
		at = ap.Created
	}
	if at.IsZero() {
		return 0, false, false
	}
	d = max(now.Sub(at), 0)
	return d, ap.TTL > 0 && d > ap.TTL, true
}

// planAgeText says how old the plan is against its TTL, and what happens
// to a stale one.
func planAgeText(ap Approval, now time.Time, st *Styles) string {
	d, stale, ok := planAge(ap, now)
	if !ok {
		return "age unknown"
	}
	s := elapsed(d) + " ago"
	switch {
	case stale:
		return s + " · " + st.Bad.Render("stale") + ": older than its " + elapsed(ap.TTL) +
			" TTL, so approving is refused and the agent plans again"
	case ap.TTL > 0:
		return s + " (TTL " + elapsed(ap.TTL) + ", stale in " + elapsed(ap.TTL-d) + ")"
	}
	return s
}

// planAgeCell is the list's PLAN AGE: "12s", or "stale 1m05s".
func planAgeCell(ap Approval, now time.Time, st *Styles, styled bool) string {
	d, stale, ok := planAge(ap, now)
	switch {
	case !ok:
		return "—"
	case stale && styled:
		return st.Bad.Render("stale") + " " + elapsed(d)
	case stale:
		return "stale " + elapsed(d)
	}
	return elapsed(d)
}

// expectedText is the expected profit or cost in the amount format,
// profits green and costs red.
func expectedText(e string, st *Styles, styled bool) string {
	if e == "" {
		return "—"
	}
	num, sym, _ := strings.Cut(e, " ")
	v := Amount(num)
	if styled {
		v = st.signed(v)
	}
	if sym != "" {
		v += " " + sym
	}
	return v
}

// elapsed counts a duration to the second: 9s, 1m05s, 2h03m.
func elapsed(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	}
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// wrapIndent wraps s to w cells after prefix, indenting the continuation
// lines under the first.
func wrapIndent(prefix, s string, w int) []string {
	pw := ansi.StringWidth(prefix)
	lines := strings.Split(ansi.Wrap(s, max(w-pw-1, 16), " ,"), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", pw) + lines[i]
		}
	}
	return lines
}

// until renders the time left before t: 1m30s, 45s, "expired".
func until(now, t time.Time) string {
	d := t.Sub(now)
	switch {
	case t.IsZero():
		return "—"
	case d <= 0:
		return "expired"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m" + strconv.Itoa(int(d%time.Minute/time.Second)) + "s"
}

func (p *approvalsPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Approve, k.Deny, k.Up, k.Down},
		full:  [][]key.Binding{k.all(), {k.Approve, k.Deny}},
	}
}
