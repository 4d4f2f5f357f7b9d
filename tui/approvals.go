package tui

import (
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
	{title: "PLAN", width: 30, flex: true},
	{title: "WAITING", width: 7, right: true},
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
		cells := []string{ap.Agent, ap.Summary, age(*p.now, ap.Created), until(*p.now, ap.Expires), ap.ID}
		b.WriteByte('\n')
		if i == p.cur.pos {
			b.WriteString(st.Selected.Render(row(cells, approvalCols, widths)))
		} else {
			b.WriteString(row(cells, approvalCols, widths))
		}
	}
	list := block(b.String(), p.w, lh+1)
	ap, _ := p.selected()
	body := strings.Join(approvalLines(ap, st, p.w), "\n")
	return list + "\n" + block(body, p.w, p.h-lh-1)
}

// approvalLines decodes an approval for people; the confirmation dialog
// shows the same lines.
func approvalLines(ap Approval, st *Styles, w int) []string {
	wrap := func(prefix, s string) []string { return wrapIndent(prefix, s, w) }
	out := []string{strings.Repeat("─", max(w, 1)),
		st.Title.Render(ap.Agent) + " wants to: " + st.Bold.Render(ap.Summary)}
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
	for _, t := range ap.Trades {
		out = append(out, wrap(st.Header.Render("trade")+"     ", t)...)
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
