package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// confirm is a dialog before a dangerous action (approve, deny, mode
// auto). It shows what exactly will happen and ignores keys until armed, a
// few hundred milliseconds after it opened, so a held key cannot answer it.
type confirm struct {
	id    int
	title string
	lines []string
	// live, when set, makes the lines at each frame instead (a plan's age).
	live  func() []string
	yes   string // what confirming does, e.g. "approve and send"
	armed bool
	onYes tea.Cmd
	// yesNow, when set, makes the command at the moment of the answer
	// instead of onYes: what confirming does may have changed while the
	// dialog was open (a plan gone stale).
	yesNow func() tea.Cmd
	onNo   tea.Cmd // nil: nothing to undo
	keys   confirmKeys
}

// update answers the dialog; done is set when it should close.
func (c *confirm) update(k tea.KeyPressMsg) (done bool, cmd tea.Cmd) {
	if !c.armed {
		return false, nil
	}
	switch {
	case key.Matches(k, c.keys.Yes):
		if c.yesNow != nil {
			return true, c.yesNow()
		}
		return true, c.onYes
	case key.Matches(k, c.keys.No):
		return true, c.onNo
	}
	return false, nil
}

// view draws the dialog centred in w×h.
func (c *confirm) view(st *Styles, w, h int) string {
	inner := max(min(w-6, 100), 20)
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render(fit(c.title, inner)))
	b.WriteString("\n")
	maxLines := max(h-6, 1)
	lines := c.lines
	if c.live != nil {
		lines = c.live()
	}
	for i, l := range lines {
		if i == maxLines-1 && len(lines) > maxLines {
			b.WriteString("\n" + st.Muted.Render("… "+itoa(len(lines)-i)+" more lines"))
			break
		}
		b.WriteString("\n" + fit(l, inner))
	}
	b.WriteString("\n\n")
	if c.armed {
		b.WriteString(st.Bold.Render("y/enter") + " " + c.yes + "   " + st.Bold.Render("n/esc") + " cancel")
	} else {
		b.WriteString(st.Muted.Render("(keys are ignored for a moment so a held key cannot confirm)"))
	}
	box := st.Dialog.Render(b.String())
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}
