package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Palette: true colours; Bubble Tea downsamples them to the terminal's
// profile (256 or 16 colours), and to none with NO_COLOR.
var (
	colAccent = lipgloss.Color("#7D9CFF")
	colGood   = lipgloss.Color("#5FD787")
	colBad    = lipgloss.Color("#FF6B6B")
	colWarn   = lipgloss.Color("#FFC857")
	colMuted  = lipgloss.Color("#8A8F98")
	colText   = lipgloss.Color("#E4E6EB")
	colBarBg  = lipgloss.Color("#2A2E37")
	colSelBg  = lipgloss.Color("#3A4A78")
	colBadge  = lipgloss.Color("#1C1C1C")
)

// Styles are every style the panes use. Without colour (NO_COLOR or a
// terminal that has none) they fall back to bold and reverse video so the
// selection, the focus and the warnings stay visible.
type Styles struct {
	Mono bool

	Title, Muted, Bold   lipgloss.Style
	Good, Bad, Warn      lipgloss.Style
	Header, Selected     lipgloss.Style
	Tab, TabActive       lipgloss.Style
	Bar, BarKey, Badge   lipgloss.Style
	Dialog, DialogTitle  lipgloss.Style
	ChartUp, ChartDown   lipgloss.Style
	ChartFlat, FilterBox lipgloss.Style
	// Stuck marks an agent that ticks without acting: louder than a
	// warning, unlike any other status.
	Stuck lipgloss.Style

	Help help.Styles
}

// NewStyles returns the colour styles, or the monochrome ones.
func NewStyles(mono bool) *Styles {
	if mono {
		return monoStyles()
	}
	s := lipgloss.NewStyle
	hs := help.DefaultDarkStyles()
	hs.ShortKey = s().Foreground(colAccent)
	hs.FullKey = hs.ShortKey
	hs.ShortDesc = s().Foreground(colMuted)
	hs.FullDesc = hs.ShortDesc
	return &Styles{
		Title:       s().Bold(true).Foreground(colAccent),
		Muted:       s().Foreground(colMuted),
		Bold:        s().Bold(true),
		Good:        s().Foreground(colGood),
		Bad:         s().Foreground(colBad),
		Warn:        s().Foreground(colWarn),
		Header:      s().Bold(true).Foreground(colMuted),
		Selected:    s().Background(colSelBg).Foreground(colText).Bold(true),
		Tab:         s().Foreground(colMuted).Padding(0, 1),
		TabActive:   s().Foreground(colText).Background(colSelBg).Bold(true).Padding(0, 1),
		Bar:         s().Background(colBarBg).Foreground(colText),
		BarKey:      s().Background(colBarBg).Foreground(colAccent).Bold(true),
		Badge:       s().Background(colWarn).Foreground(colBadge).Bold(true),
		Dialog:      s().Border(lipgloss.RoundedBorder()).BorderForeground(colWarn).Padding(0, 1),
		DialogTitle: s().Bold(true).Foreground(colWarn),
		ChartUp:     s().Foreground(colGood),
		ChartDown:   s().Foreground(colBad),
		ChartFlat:   s().Foreground(colAccent),
		FilterBox:   s().Foreground(colAccent),
		Stuck:       s().Background(colBad).Foreground(colBadge).Bold(true),
		Help:        hs,
	}
}

func monoStyles() *Styles {
	s := lipgloss.NewStyle
	plain := s()
	hs := help.Styles{ShortKey: s().Bold(true), FullKey: s().Bold(true), Ellipsis: plain,
		ShortDesc: plain, FullDesc: plain, ShortSeparator: plain, FullSeparator: plain}
	return &Styles{
		Mono:        true,
		Title:       s().Bold(true),
		Muted:       plain,
		Bold:        s().Bold(true),
		Good:        plain,
		Bad:         s().Bold(true),
		Warn:        s().Bold(true),
		Header:      s().Bold(true).Underline(true),
		Selected:    s().Reverse(true),
		Tab:         s().Padding(0, 1),
		TabActive:   s().Reverse(true).Bold(true).Padding(0, 1),
		Bar:         s().Reverse(true),
		BarKey:      s().Reverse(true).Bold(true),
		Badge:       s().Bold(true),
		Dialog:      s().Border(lipgloss.NormalBorder()).Padding(0, 1),
		DialogTitle: s().Bold(true),
		ChartUp:     plain,
		ChartDown:   plain,
		ChartFlat:   plain,
		FilterBox:   s().Bold(true),
		Stuck:       s().Bold(true).Underline(true),
		Help:        hs,
	}
}

// signed colours a signed decimal: gains green, losses red.
func (s *Styles) signed(v string) string {
	switch {
	case v == "" || v == "0":
		return v
	case v[0] == '-':
		return s.Bad.Render(v)
	default:
		return s.Good.Render(v)
	}
}

// status colours an agent status.
func (s *Styles) status(status string) lipgloss.Style {
	switch status {
	case "running":
		return s.Good
	case "paused", "stopped":
		return s.Bad
	case "backoff", "starting":
		return s.Warn
	case "stuck":
		return s.Stuck
	}
	return s.Muted
}

// outcome colours a decision outcome.
func (s *Styles) outcome(o string) lipgloss.Style {
	switch o {
	case "confirmed", "paper":
		return s.Good
	case "reverted", "failed":
		return s.Bad
	case "pending":
		return s.Warn
	}
	return s.Muted
}
