package tui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// wheelStep is how many rows one mouse wheel notch scrolls.
const wheelStep = 3

// cursor is a selection in a list of n rows shown h at a time.
type cursor struct{ pos, offset int }

// key moves the cursor; it reports whether the key was a movement.
func (c *cursor) key(k tea.KeyPressMsg, keys listKeys, n, h int) bool {
	page := max(h-1, 1)
	switch {
	case key.Matches(k, keys.Up):
		c.pos--
	case key.Matches(k, keys.Down):
		c.pos++
	case key.Matches(k, keys.PageUp):
		c.pos -= page
	case key.Matches(k, keys.PageDown):
		c.pos += page
	case key.Matches(k, keys.Top):
		c.pos = 0
	case key.Matches(k, keys.Bottom):
		c.pos = n - 1
	default:
		return false
	}
	c.clamp(n, h)
	return true
}

// wheel scrolls with the mouse wheel.
func (c *cursor) wheel(m tea.MouseWheelMsg, n, h int) {
	switch m.Button {
	case tea.MouseWheelUp:
		c.pos -= wheelStep
	case tea.MouseWheelDown:
		c.pos += wheelStep
	}
	c.clamp(n, h)
}

func (c *cursor) clamp(n, h int) { c.pos, c.offset = scroll(c.pos, c.offset, h, n) }

// input is a one-line text field (filters). It takes printable keys,
// backspace, ctrl+u and ctrl+w; enter keeps the text, esc clears it.
type input struct {
	active bool
	text   []rune
}

// update edits the field; done is set on enter or esc.
func (in *input) update(k tea.KeyPressMsg) (done bool) {
	switch k.String() {
	case "enter":
		in.active = false
		return true
	case "esc":
		in.active, in.text = false, nil
		return true
	case "backspace":
		if len(in.text) > 0 {
			in.text = in.text[:len(in.text)-1]
		}
	case "ctrl+u":
		in.text = nil
	case "ctrl+w":
		s := strings.TrimRight(string(in.text), " ")
		if i := strings.LastIndex(s, " "); i >= 0 {
			in.text = []rune(s[:i+1])
		} else {
			in.text = nil
		}
	case "space":
		in.text = append(in.text, ' ')
	default:
		if k.Text != "" && k.Mod&^tea.ModShift == 0 {
			in.text = append(in.text, []rune(k.Text)...)
		}
	}
	return false
}

func (in *input) value() string { return string(in.text) }

// paste adds pasted text: one trailing line break (copied with a whole
// line) is dropped, other breaks and tabs become spaces (a mnemonic pasted
// one word per line), other control characters are left out.
func (in *input) paste(s string) {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			in.text = append(in.text, ' ')
		case unicode.IsControl(r):
		default:
			in.text = append(in.text, r)
		}
	}
}

// view shows the field: "/text█" while editing, "/text" after.
func (in *input) view(st *Styles) string {
	if !in.active && len(in.text) == 0 {
		return ""
	}
	s := "/" + string(in.text)
	if in.active {
		s += "█"
	}
	return st.FilterBox.Render(s)
}
