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

var decisionCols = []column{
	{title: "SEQ", width: 5, right: true, prio: 4},
	{title: "TIME", width: 8},
	{title: "ACTION", width: 9},
	{title: "VERDICT", width: 7},
	{title: "APPROVAL", width: 8, prio: 3},
	{title: "OUTCOME", width: 9},
	{title: "TX", width: 12, prio: 2},
	{title: "RATIONALE", width: 20, flex: true},
}

// detailPane shows one agent: its numbers, charts of price and equity,
// and the live decision stream, newest first.
type detailPane struct {
	d    *data
	st   *Styles
	now  *time.Time
	keys detailKeys
	w, h int
	name string
	cur  cursor
	// selSeq pins the selection to a decision while new ones arrive;
	// with the cursor on the newest row it follows the stream.
	selSeq uint64
	buf    []float64
}

func newDetailPane(d *data, st *Styles, now *time.Time) *detailPane {
	return &detailPane{d: d, st: st, now: now, keys: newDetailKeys()}
}

func (p *detailPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *detailPane) open(name string) {
	p.name, p.cur, p.selSeq = name, cursor{}, 0
}

// chartHeight is the rows each chart gets.
func (p *detailPane) chartHeight() int { return min(max((p.h-12)/3, 2), 10) }

// listHeight is the rows the decision list gets.
func (p *detailPane) listHeight() int {
	return max(p.h-headLines-(p.chartHeight()+1)-1-4, 1)
}

// decisionAt returns the i-th newest decision.
func (p *detailPane) decisionAt(a *agentData, i int) Decision {
	return a.decisions.At(a.decisions.Len() - 1 - i)
}

func (p *detailPane) Update(msg tea.Msg) tea.Msg {
	a, ok := p.d.agents[p.name]
	if !ok {
		return nil
	}
	n := a.decisions.Len()
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, n, p.listHeight())
	case tea.KeyPressMsg:
		switch {
		case p.cur.key(msg, p.keys.listKeys, n, p.listHeight()):
		case key.Matches(msg, p.keys.Pause):
			return togglePauseMsg{p.name}
		case key.Matches(msg, p.keys.Mode):
			return cycleModeMsg{p.name}
		default:
			return nil
		}
	default:
		return nil
	}
	p.selSeq = 0
	if p.cur.pos > 0 && n > 0 {
		p.selSeq = p.decisionAt(a, p.cur.pos).Seq
	}
	return nil
}

func (p *detailPane) View() string {
	a, ok := p.d.agents[p.name]
	if !ok {
		return block(p.st.Muted.Render("  no agent "+p.name), p.w, p.h)
	}
	p.pin(a)
	var b strings.Builder
	b.WriteString(p.head(a))
	b.WriteByte('\n')
	b.WriteString(p.charts(a))
	b.WriteByte('\n')
	b.WriteString(p.stream(a))
	return block(b.String(), p.w, p.h)
}

// pin keeps the cursor on the decision it selected as new ones arrive.
func (p *detailPane) pin(a *agentData) {
	n := a.decisions.Len()
	if p.selSeq != 0 {
		for i := range n {
			if p.decisionAt(a, i).Seq == p.selSeq {
				p.cur.pos = i
				break
			}
		}
	}
	p.cur.clamp(n, p.listHeight())
}

func (p *detailPane) head(a *agentData) string {
	st := p.st
	mode := string(a.Mode)
	if a.Mode == ModeAuto {
		mode = st.Warn.Render(mode)
	}
	status := st.status(a.Status).Render(a.Status)
	if a.Status == "stuck" && a.Streak > 0 {
		status = st.Stuck.Render("stuck for " + strconv.FormatUint(a.Streak, 10) + " ticks")
	}
	if a.Reason != "" {
		status += ": " + a.Reason
	}
	l1 := st.Title.Render(a.Name) + "  " + a.Strategy + " · mode " + mode + " · " + status
	brain := a.Brain
	if brain == "" {
		brain = a.Model
	}
	if strings.HasPrefix(brain, "rules (fallback") {
		brain = st.Warn.Render(brain)
	}
	eq := "equity —"
	if a.Equity != "" {
		eq = "equity " + amountWith(a.Equity, a.Quote)
		if a.Peak != "" {
			eq += " (peak " + Amount(a.Peak) + ")"
		}
	}
	l2 := "wallet " + a.Wallet + " · " + eq + " · PnL " + p.pnl(a) +
		" · " + strconv.FormatUint(a.Decisions, 10) + " decisions · " + strconv.FormatUint(a.Missed, 10) + " missed ticks"
	l3 := "model " + brain + " · " + strconv.Itoa(a.details.Trades) + " trades · " + p.anchor(a) + " · identity " + orDash(a.details.Identity)
	return fit(l1, p.w) + "\n" + fit(l2, p.w) + "\n" + fit(l3, p.w) + "\n" + fit(p.holdings(a), p.w)
}

// headLines is how many lines head takes.
const headLines = 4

// pnl is the PnL with its realized and unrealized parts.
func (p *detailPane) pnl(a *agentData) string {
	st := p.st
	pnl := Amount(a.PnL)
	if pnl == "" {
		return "—"
	}
	s := st.signed(pnl)
	if a.Realized != "" || a.Unrealized != "" {
		s += " (realized " + st.signed(orDash(Amount(a.Realized))) + ", unrealized " + st.signed(orDash(Amount(a.Unrealized))) + ")"
	}
	if f := Amount(a.Flows); f != "" && strings.Trim(f, "0.-") != "" {
		s += " · net flows " + st.signed(f) + " (not PnL)"
	}
	return s
}

// holdings lists what the agent holds with each value in its quote
// token, and says plainly when something could not be valued. Before the
// runtime reports holdings, the net flow of its recorded trades stands in.
func (p *detailPane) holdings(a *agentData) string {
	st := p.st
	var s string
	switch {
	case len(a.Holdings) > 0:
		parts := make([]string, len(a.Holdings))
		for i, h := range a.Holdings {
			v := "no mark"
			if h.Value != "" {
				v = amountWith(h.Value, a.Quote)
			}
			parts[i] = amountWith(h.Amount, h.Symbol) + " (" + v + ")"
		}
		s = "holdings " + strings.Join(parts, ", ")
	case len(a.details.Positions) > 0:
		parts := make([]string, len(a.details.Positions))
		for i, x := range a.details.Positions {
			parts[i] = amountWith(x.Amount, x.Symbol)
		}
		s = "net trade flow " + strings.Join(parts, ", ")
	default:
		s = "holdings —"
	}
	if a.ValueErr != "" {
		s = st.Bad.Render("cannot value: ") + a.ValueErr + st.Muted.Render(" (PnL is stale)") + " · " + s
	}
	return s
}

// anchor says how much of the log is proven on-chain.
func (p *detailPane) anchor(a *agentData) string {
	var s string
	switch {
	case !p.d.chain.Anchoring:
		return "anchoring off"
	case a.AnchorErr != "":
		s = p.st.Bad.Render("anchoring failing: ") + a.AnchorErr
	case a.AnchoredSeq > 0:
		s = "anchored to #" + strconv.FormatUint(a.AnchoredSeq, 10) + ", lag " + strconv.FormatUint(a.AnchorLag, 10)
	default:
		s = "not anchored yet, lag " + strconv.FormatUint(a.AnchorLag, 10)
	}
	if a.details.LastAnchor != "" {
		s += " (last " + a.details.LastAnchor + ")"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// charts draws the price and equity curves side by side (stacked when
// the terminal is too narrow for both to be readable).
func (p *detailPane) charts(a *agentData) string {
	h := p.chartHeight()
	if p.w < 60 {
		return p.chart(strings.TrimSpace("price "+a.pair), a.prices, p.w, h)
	}
	lw := (p.w - 3) / 2
	left := strings.Split(p.chart(strings.TrimSpace("price "+a.pair), a.prices, lw, h), "\n")
	right := strings.Split(p.chart("equity "+a.Quote, a.equity, p.w-3-lw, h), "\n")
	out := make([]string, len(left))
	for i := range left {
		out[i] = left[i] + " │ " + right[i]
	}
	return strings.Join(out, "\n")
}

func (p *detailPane) chart(title string, series *ring[float64], w, h int) string {
	p.buf = series.Tail(p.buf, w)
	vals := p.buf
	st := p.st
	if len(vals) == 0 {
		return block(st.Header.Render(title)+"\n"+st.Muted.Render("waiting for data…"), w, h+1)
	}
	last := vals[len(vals)-1]
	label := title + " " + num(last)
	cs := st.ChartFlat
	if t, ok := trend(vals); ok {
		label += " " + pct(t)
		if t > 0 {
			cs = st.ChartUp
		} else if t < 0 {
			cs = st.ChartDown
		}
	}
	lo, hi := bounds(vals)
	label += st.Muted.Render("  " + num(lo) + "–" + num(hi))
	rows := chart(vals, w, h)
	var b strings.Builder
	b.WriteString(fit(st.Header.Render(label), w))
	for _, r := range rows {
		b.WriteString("\n" + cs.Render(r))
	}
	return b.String()
}

func (p *detailPane) stream(a *agentData) string {
	st := p.st
	widths := layout(decisionCols, p.w)
	n := a.decisions.Len()
	lh := p.listHeight()
	var b strings.Builder
	b.WriteString(header(decisionCols, widths, st.Header))
	for i := p.cur.offset; i < min(p.cur.offset+lh, n); i++ {
		d := p.decisionAt(a, i)
		b.WriteByte('\n')
		if i == p.cur.pos {
			b.WriteString(st.Selected.Render(row(p.cells(d, false), decisionCols, widths)))
		} else {
			b.WriteString(row(p.cells(d, true), decisionCols, widths))
		}
	}
	if n == 0 {
		b.WriteString("\n" + st.Muted.Render("  no decisions yet"))
	}
	list := block(b.String(), p.w, lh+1)
	sel := ""
	if n > 0 {
		sel = p.expanded(p.decisionAt(a, p.cur.pos))
	}
	return list + "\n" + block(sel, p.w, 4)
}

func (p *detailPane) cells(d Decision, styled bool) []string {
	outcome, verdict := d.Outcome, d.Verdict
	if styled {
		outcome = p.st.outcome(d.Outcome).Render(outcome)
		if verdict == "denied" {
			verdict = p.st.Bad.Render(verdict)
		}
	}
	rationale := d.Rationale
	if d.Error != "" {
		rationale = "error: " + d.Error
	}
	return []string{strconv.FormatUint(d.Seq, 10), d.At.Local().Format("15:04:05"), orDash(d.Action), verdict,
		d.Approval, outcome, shortAddr(d.TxHash), oneLine(rationale)}
}

// expanded shows the selected decision in full: rationale, policy
// reasons, tx hash and error.
func (p *detailPane) expanded(d Decision) string {
	st := p.st
	parts := []string{st.Bold.Render("#" + strconv.FormatUint(d.Seq, 10) + " " + orDash(d.Action)),
		"verdict " + orDash(d.Verdict), "approval " + orDash(d.Approval),
		st.outcome(d.Outcome).Render(orDash(d.Outcome))}
	if d.TxHash != "" {
		parts = append(parts, "tx "+d.TxHash)
	}
	if d.Model != "" {
		parts = append(parts, "by "+d.Model)
	}
	lines := []string{strings.Join(parts, " · ")}
	var rest []string
	if d.Rationale != "" {
		rest = append(rest, "rationale: "+oneLine(d.Rationale))
	}
	if len(d.Reasons) > 0 {
		rest = append(rest, "policy: "+strings.Join(d.Reasons, "; "))
	}
	if d.Error != "" {
		rest = append(rest, st.Bad.Render("error: ")+oneLine(d.Error))
	}
	if len(rest) > 0 {
		wrapped := ansi.Wrap(strings.Join(rest, "\n"), max(p.w, 10), " ")
		lines = append(lines, strings.Split(wrapped, "\n")...)
	}
	if len(lines) > 4 {
		lines = lines[:4]
	}
	return strings.Join(lines, "\n")
}

// oneLine flattens text for a table cell.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (p *detailPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Back, k.Pause, k.Mode, k.Up, k.Down},
		full:  [][]key.Binding{k.all(), {k.Back, k.Pause, k.Mode}},
	}
}
