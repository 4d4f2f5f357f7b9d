package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// globalKeys work on every screen.
type globalKeys struct {
	Next, Prev, Jump, Back, Help, Quit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Next: bind("tab", "next screen", "tab"),
		Prev: bind("shift+tab", "previous screen", "shift+tab"),
		Jump: bind("1-6", "jump to screen", "1", "2", "3", "4", "5", "6"),
		Back: bind("esc", "back", "esc"),
		Help: bind("?", "help", "?"),
		Quit: bind("q", "quit (drains agents)", "q", "ctrl+c"),
	}
}

// listKeys move a cursor through a list; every list pane has them.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       bind("↑/k", "up", "up", "k"),
		Down:     bind("↓/j", "down", "down", "j"),
		PageUp:   bind("pgup", "page up", "pgup", "ctrl+b"),
		PageDown: bind("pgdn", "page down", "pgdown", "ctrl+f"),
		Top:      bind("home/g", "top", "home", "g"),
		Bottom:   bind("end/G", "bottom", "end", "G"),
	}
}

func (k listKeys) all() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// agentsKeys are the Agents screen's.
type agentsKeys struct {
	listKeys
	Open, Filter, Sort, Reverse, Pause, Mode key.Binding
}

func newAgentsKeys() agentsKeys {
	return agentsKeys{
		listKeys: newListKeys(),
		Open:     bind("enter", "open agent", "enter"),
		Filter:   bind("/", "filter", "/"),
		Sort:     bind("s", "sort by next column", "s"),
		Reverse:  bind("S", "reverse sort", "S"),
		Pause:    bind("p", "pause/resume", "p"),
		Mode:     bind("m", "switch mode", "m"),
	}
}

// detailKeys are the Agent detail screen's.
type detailKeys struct {
	listKeys
	Pause, Mode, Back key.Binding
}

func newDetailKeys() detailKeys {
	return detailKeys{
		listKeys: newListKeys(),
		Pause:    bind("p", "pause/resume", "p"),
		Mode:     bind("m", "switch mode (→auto asks)", "m"),
		Back:     bind("esc", "back to agents", "esc"),
	}
}

// approvalsKeys are the Approvals screen's.
type approvalsKeys struct {
	listKeys
	Approve, Deny key.Binding
}

func newApprovalsKeys() approvalsKeys {
	return approvalsKeys{
		listKeys: newListKeys(),
		Approve:  bind("a", "approve", "a"),
		Deny:     bind("d", "deny", "d"),
	}
}

// logKeys are the Log screen's.
type logKeys struct {
	listKeys
	Filter, Follow key.Binding
}

func newLogKeys() logKeys {
	return logKeys{
		listKeys: newListKeys(),
		Filter:   bind("/", "filter (agent:NAME kind:KIND text)", "/"),
		Follow:   bind("f", "follow new events", "f"),
	}
}

// refreshKeys are for screens that read the chain (wallet, markets).
type refreshKeys struct {
	listKeys
	Refresh key.Binding
}

func newRefreshKeys() refreshKeys {
	return refreshKeys{listKeys: newListKeys(), Refresh: bind("r", "refresh", "r")}
}

// marketsKeys are the Markets screen's.
type marketsKeys struct {
	refreshKeys
	Switch key.Binding
}

func newMarketsKeys() marketsKeys {
	return marketsKeys{refreshKeys: newRefreshKeys(), Switch: bind("v", "pools/predictions", "v")}
}

// walletKeys are the Wallet screen's.
type walletKeys struct {
	refreshKeys
	Send, New, Import key.Binding
}

func newWalletKeys() walletKeys {
	return walletKeys{refreshKeys: newRefreshKeys(), Send: bind("s", "send from the selected account", "s"),
		New: bind("n", "new account", "n"), Import: bind("i", "import an account", "i")}
}

// auditKeys are the Audit screen's; Submit and Cancel while the path is
// edited.
type auditKeys struct {
	listKeys
	Scan, Again, Floor, Stop, Submit, Cancel key.Binding
}

func newAuditKeys() auditKeys {
	return auditKeys{
		listKeys: newListKeys(),
		Scan:     bind("s", "scan a path", "s"),
		Again:    bind("r", "scan again", "r"),
		Floor:    bind("f", "least severity shown", "f"),
		Stop:     bind("esc", "cancel the scan", "esc"),
		Submit:   bind("enter", "scan this path", "enter"),
		Cancel:   bind("esc", "keep the last path", "esc"),
	}
}

// confirmKeys answer a confirmation dialog.
type confirmKeys struct{ Yes, No key.Binding }

func newConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes: bind("y/enter", "confirm", "y", "enter"),
		No:  bind("n/esc", "cancel", "n", "esc"),
	}
}

// keyMap is a help.KeyMap from a short list and column groups.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// merged is the focused pane's keys followed by the global ones: what `?`
// shows and what the help line lists.
func merged(pane help.KeyMap, g globalKeys) help.KeyMap {
	short := append([]key.Binding{}, pane.ShortHelp()...)
	short = append(short, g.Next, g.Help, g.Quit)
	full := append([][]key.Binding{}, pane.FullHelp()...)
	full = append(full, []key.Binding{g.Next, g.Prev, g.Jump, g.Back, g.Help, g.Quit})
	return keyMap{short: short, full: full}
}
