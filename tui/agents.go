package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// sortKey is a column the agents table sorts by.
type sortKey int

const (
	sortName sortKey = iota
	sortPnL
	sortLast
	sortStatus
	sortStrategy
	numSortKeys
)

var sortNames = [...]string{"name", "pnl", "last decision", "status", "strategy"}

var agentCols = []column{
	{title: "NAME", width: 11},
	{title: "STRATEGY", width: 12, prio: 3},
	{title: "MODEL", width: 10, prio: 2},
	{title: "MODE", width: 5},
	{title: "STATUS", width: 8},
	{title: "EQUITY", width: 17, right: true, prio: 4},
	{title: "PNL", width: 11, right: true},
	{title: "LAST DECISION", width: 14, flex: true},
	{title: "ANCHOR", width: 7, prio: 5},
	{title: "DEC", width: 6, right: true, prio: 7},
	{title: "WALLET", width: 12, prio: 8},
	{title: "REASON", width: 28, prio: 6},
}

// agentsPane is the home screen: one row per agent.
type agentsPane struct {
	d    *data
	st   *Styles
	now  *time.Time
	keys agentsKeys
	w, h int
	cur  cursor
	// sel is the selected agent by name: the selection follows the agent
	// when the rows re-sort or refresh, so a key acts on the agent under
	// the highlight, not on whoever moved into its row.
	sel    string
	sortBy sortKey
	desc   bool
	filter input

	// rows caches the sorted, filtered names for one data version.
	rows    []string
	rowsKey string
	sorting []sortRow
}

func newAgentsPane(d *data, st *Styles, now *time.Time) *agentsPane {
	return &agentsPane{d: d, st: st, now: now, keys: newAgentsKeys()}
}

func (p *agentsPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *agentsPane) listHeight() int { return max(p.h-2, 1) }

// selected names the selected agent, "" when the list is empty.
func (p *agentsPane) selected() string {
	rows := p.visible()
	p.pin(rows)
	return p.sel
}

// pin puts the cursor on the selected agent's row wherever the sort moved
// it. When that agent is not shown (filtered out) the cursor keeps its
// place and selects the agent now there.
func (p *agentsPane) pin(rows []string) {
	if i := slices.Index(rows, p.sel); i >= 0 && p.sel != "" {
		p.cur.pos = i
	}
	p.cur.clamp(len(rows), p.listHeight())
	p.sel = ""
	if len(rows) > 0 {
		p.sel = rows[p.cur.pos]
	}
}

// moved takes the selection from where the cursor went.
func (p *agentsPane) moved(rows []string) {
	p.sel = ""
	p.pin(rows)
}

// visible returns the agents after the filter, in sort order.
func (p *agentsPane) visible() []string {
	k := strconv.FormatUint(p.d.version, 10) + "|" + strconv.Itoa(int(p.sortBy)) + strconv.FormatBool(p.desc) + "|" + p.filter.value()
	if k == p.rowsKey && p.rows != nil {
		return p.rows
	}
	q := strings.ToLower(strings.TrimSpace(p.filter.value()))
	p.sorting = p.sorting[:0]
	for _, name := range p.d.order {
		a := &p.d.agents[name].Agent
		if q == "" || matchAgent(a, q) {
			p.sorting = append(p.sorting, sortRow{a: a, pnl: decimal(a.PnL)})
		}
	}
	// Keys are computed once per row, not per comparison: 1,000 agents
	// sort in well under a millisecond.
	slices.SortFunc(p.sorting, func(x, y sortRow) int {
		c := p.compare(x, y)
		if p.desc {
			return -c
		}
		return c
	})
	rows := p.rows[:0]
	for _, r := range p.sorting {
		rows = append(rows, r.a.Name)
	}
	p.rows, p.rowsKey = rows, k
	return rows
}

func matchAgent(a *Agent, q string) bool {
	for _, f := range []string{a.Name, a.Strategy, a.Brain, string(a.Mode), a.Status} {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

// sortRow is an agent with its parsed sort key.
type sortRow struct {
	a   *Agent
	pnl float64
}

func (p *agentsPane) compare(xr, yr sortRow) int {
	x, y := xr.a, yr.a
	var c int
	switch p.sortBy {
	case sortPnL:
		c = cmp.Compare(xr.pnl, yr.pnl)
	case sortLast:
		c = y.LastDecision.Compare(x.LastDecision) // newest first
	case sortStatus:
		c = cmp.Compare(x.Status, y.Status)
	case sortStrategy:
		c = cmp.Compare(x.Strategy, y.Strategy)
	}
	if c == 0 {
		c = cmp.Compare(x.Name, y.Name)
	}
	return c
}

// decimal parses a display decimal for sorting only; unknown sorts first.
func decimal(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1e300
	}
	return v
}

// Update handles a key or wheel message; it returns an intent for the
// root model (open, pause, mode) or nil.
func (p *agentsPane) Update(msg tea.Msg) tea.Msg {
	rows := p.visible()
	p.pin(rows)
	n := len(rows)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, n, p.listHeight())
		p.moved(rows)
	case tea.KeyPressMsg:
		if p.filter.active {
			p.filter.update(msg)
			p.pin(p.visible()) // the same agent while it still matches
			return nil
		}
		if p.cur.key(msg, p.keys.listKeys, n, p.listHeight()) {
			p.moved(rows)
			return nil
		}
		name := p.sel
		switch {
		case key.Matches(msg, p.keys.Filter):
			p.filter.active = true
		case key.Matches(msg, p.keys.Sort):
			p.sortBy = (p.sortBy + 1) % numSortKeys
		case key.Matches(msg, p.keys.Reverse):
			p.desc = !p.desc
		case name == "":
		case key.Matches(msg, p.keys.Open):
			return openAgentMsg{name}
		case key.Matches(msg, p.keys.Pause):
			return togglePauseMsg{name}
		case key.Matches(msg, p.keys.Mode):
			return cycleModeMsg{name}
		}
	}
	return nil
}

// typing reports whether keys go to the filter field.
func (p *agentsPane) typing() bool { return p.filter.active }

// escape clears a kept filter; it reports whether there was one.
func (p *agentsPane) escape() bool {
	if p.filter.value() == "" {
		return false
	}
	p.filter = input{}
	return true
}

func (p *agentsPane) View() string {
	rows := p.visible()
	lh := p.listHeight()
	p.pin(rows)
	widths := layout(agentCols, p.w)
	var b strings.Builder
	b.WriteString(header(agentCols, widths, p.st.Header))
	for i := p.cur.offset; i < min(p.cur.offset+lh, len(rows)); i++ {
		b.WriteByte('\n')
		a := &p.d.agents[rows[i]].Agent
		if i == p.cur.pos {
			b.WriteString(p.st.Selected.Render(row(p.cells(a, false), agentCols, widths)))
		} else {
			b.WriteString(row(p.cells(a, true), agentCols, widths))
		}
	}
	if len(rows) == 0 {
		b.WriteString("\n" + p.st.Muted.Render(p.empty()))
	}
	body := block(b.String(), p.w, p.h-1)
	return body + "\n" + fit(p.footer(rows), p.w)
}

func (p *agentsPane) empty() string {
	if p.filter.value() != "" {
		return "  no agent matches the filter (esc clears it)"
	}
	return "  no agents configured: add some under agents: in the config (agentctl config example)"
}

func (p *agentsPane) cells(a *Agent, styled bool) []string {
	st := p.st
	pnl, status, model := Amount(a.PnL), a.Status, brainLabel(a)
	if pnl == "" {
		pnl = "—"
	}
	if styled {
		pnl = st.signed(pnl)
	}
	if a.ValueErr != "" { // a failure to value is never a quiet number
		if styled {
			pnl += st.Warn.Render("!")
		} else {
			pnl += "!"
		}
	}
	if styled {
		status = st.status(a.Status).Render(status)
		if strings.HasSuffix(model, "*") {
			model = st.Warn.Render(model)
		}
	}
	last := "—"
	if !a.LastDecision.IsZero() {
		last = a.LastAction
		if last == "" {
			last = a.LastOutcome
		}
		last += " · " + age(*p.now, a.LastDecision)
	}
	eq := amountWith(a.Equity, a.Quote)
	anchor := p.anchorCell(a, styled)
	return []string{a.Name, a.Strategy, model, string(a.Mode), status, eq, pnl, last, anchor,
		strconv.FormatUint(a.Decisions, 10), shortAddr(a.Wallet), a.Reason}
}

// anchorCell is the anchoring lag: records not yet proven on-chain.
func (p *agentsPane) anchorCell(a *Agent, styled bool) string {
	switch {
	case !p.d.chain.Anchoring:
		return "off"
	case a.AnchorErr != "":
		if styled {
			return p.st.Bad.Render("failing")
		}
		return "failing"
	case a.AnchorLag == 0 && a.AnchoredSeq > 0:
		return "✓"
	}
	return "lag " + strconv.FormatUint(a.AnchorLag, 10)
}

func (p *agentsPane) footer(rows []string) string {
	dir := "↑"
	if p.desc {
		dir = "↓"
	}
	s := p.st.Muted.Render(strconv.Itoa(len(rows))+"/"+strconv.Itoa(len(p.d.order))+" agents · sort "+sortNames[p.sortBy]+" "+dir) + " "
	if f := p.filter.view(p.st); f != "" {
		s += f + " "
	}
	if name := p.selected(); name != "" {
		a := &p.d.agents[name].Agent
		switch {
		case a.Reason != "":
			s += p.st.status(a.Status).Render(name+" "+a.Status+": ") + a.Reason
		case a.ValueErr != "":
			s += p.st.Warn.Render(name+": PnL not valued: ") + a.ValueErr
		case strings.HasSuffix(brainLabel(a), "*"):
			s += p.st.Warn.Render(name + ": " + a.Brain)
		}
	}
	return s
}

// brainLabel is the model column: the model's name, or "rules*" when the
// rules brain stands in for a model that does not answer.
func brainLabel(a *Agent) string {
	b := a.Brain
	if b == "" {
		b = a.Model
	}
	if strings.HasPrefix(b, "rules (fallback") {
		return "rules*"
	}
	if i := strings.IndexByte(b, ':'); i > 0 && b[:i] != "rules" {
		return b[i+1:]
	}
	return b
}

// age renders how long ago t was: 3s, 4m, 2h, 5d.
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "—"
	case d < time.Second:
		return "now"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}

func (p *agentsPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Open, k.Filter, k.Sort, k.Pause, k.Mode},
		full:  [][]key.Binding{k.all(), {k.Open, k.Filter, k.Sort, k.Reverse, k.Pause, k.Mode}},
	}
}
