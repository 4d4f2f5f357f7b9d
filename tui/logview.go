package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// logPane is the event stream, newest at the bottom. It follows new events
// until scrolled back; `/` filters by agent:NAME, kind:KIND and free text.
type logPane struct {
	d      *data
	st     *Styles
	keys   logKeys
	w, h   int
	back   int // rows scrolled back from the newest; 0 follows
	filter input
	lines  []Event
}

func newLogPane(d *data, st *Styles) *logPane {
	return &logPane{d: d, st: st, keys: newLogKeys()}
}

func (p *logPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *logPane) listHeight() int { return max(p.h-1, 1) }

func (p *logPane) typing() bool { return p.filter.active }

func (p *logPane) escape() bool {
	if p.filter.value() == "" {
		return false
	}
	p.filter = input{}
	return true
}

func (p *logPane) Update(msg tea.Msg) tea.Msg {
	page := max(p.listHeight()-1, 1)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			p.back += wheelStep
		case tea.MouseWheelDown:
			p.back = max(p.back-wheelStep, 0)
		}
	case tea.KeyPressMsg:
		if p.filter.active {
			p.filter.update(msg)
			p.back = 0
			return nil
		}
		k := p.keys
		switch {
		case key.Matches(msg, k.Up):
			p.back++
		case key.Matches(msg, k.Down):
			p.back = max(p.back-1, 0)
		case key.Matches(msg, k.PageUp):
			p.back += page
		case key.Matches(msg, k.PageDown):
			p.back = max(p.back-page, 0)
		case key.Matches(msg, k.Top):
			p.back = p.d.log.Len()
		case key.Matches(msg, k.Bottom), key.Matches(msg, k.Follow):
			p.back = 0
		case key.Matches(msg, k.Filter):
			p.filter.active = true
		}
	}
	return nil
}

// logFilter is a parsed filter: every term must match.
type logFilter struct {
	agent, kind string
	words       []string
}

func parseLogFilter(s string) logFilter {
	var f logFilter
	for _, t := range strings.Fields(strings.ToLower(s)) {
		switch {
		case strings.HasPrefix(t, "agent:"):
			f.agent = t[len("agent:"):]
		case strings.HasPrefix(t, "kind:"):
			f.kind = t[len("kind:"):]
		default:
			f.words = append(f.words, t)
		}
	}
	return f
}

func (f logFilter) match(e *Event) bool {
	if f.agent != "" && !strings.Contains(strings.ToLower(e.Agent), f.agent) {
		return false
	}
	if f.kind != "" && !strings.HasPrefix(e.Kind.String(), f.kind) {
		return false
	}
	for _, w := range f.words {
		if !strings.Contains(strings.ToLower(e.Text), w) && !strings.Contains(strings.ToLower(e.Agent), w) {
			return false
		}
	}
	return true
}

func (p *logPane) View() string {
	lh := p.listHeight()
	f := parseLogFilter(p.filter.value())
	// Walk back from the newest event, keeping the rows on screen.
	p.lines = p.lines[:0]
	skip := p.back
	total := 0
	for i := p.d.log.Len() - 1; i >= 0; i-- {
		e := p.d.log.Ptr(i)
		if !f.match(e) {
			continue
		}
		total++
		if skip > 0 {
			skip--
			continue
		}
		if len(p.lines) < lh {
			p.lines = append(p.lines, *e)
		}
	}
	if p.back > 0 && total > 0 {
		p.back = min(p.back, max(total-lh, 0))
	}
	var b strings.Builder
	for i := len(p.lines) - 1; i >= 0; i-- {
		b.WriteString(p.line(&p.lines[i]))
		if i > 0 {
			b.WriteByte('\n')
		}
	}
	if total == 0 {
		b.WriteString(p.st.Muted.Render("  no events yet"))
		if p.filter.value() != "" {
			b.WriteString(p.st.Muted.Render(" match the filter (esc clears it)"))
		}
	}
	body := block(b.String(), p.w, lh)
	// Newest at the bottom: pad above, not below.
	if n := len(p.lines); n > 0 && n < lh {
		body = block(strings.Repeat("\n", lh-n)+b.String(), p.w, lh)
	}
	status := p.st.Muted.Render(itoa(total) + " events")
	if p.back > 0 {
		status += p.st.Warn.Render(" · scrolled back " + itoa(p.back) + " (f follows)")
	} else {
		status += p.st.Muted.Render(" · following")
	}
	if fv := p.filter.view(p.st); fv != "" {
		status += " " + fv
	} else {
		status += p.st.Muted.Render(" · / filters: agent:NAME kind:KIND words")
	}
	return body + "\n" + fit(status, p.w)
}

func (p *logPane) line(e *Event) string {
	st := p.st
	kind := fit(e.Kind.String(), 12)
	switch e.Kind {
	case EventError, EventPolicyDenied, EventPaused:
		kind = st.Bad.Render(kind)
	case EventApprovalRequested, EventBackedOff:
		kind = st.Warn.Render(kind)
	case EventTxConfirmed, EventTxSent:
		kind = st.Good.Render(kind)
	default:
		kind = st.Muted.Render(kind)
	}
	return st.Muted.Render(e.At.Local().Format("15:04:05")) + " " + fit(e.Agent, 11) + " " + kind + " " + oneLine(e.Text)
}

func (p *logPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Filter, k.Follow, k.Up, k.Down},
		full:  [][]key.Binding{k.all(), {k.Filter, k.Follow}},
	}
}
