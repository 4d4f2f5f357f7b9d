package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var predictionCols = []column{
	{title: "MARKET", width: 14}, // the devnet's scheduled markets: "weth2930-b1275"
	{title: "STATUS", width: 8},
	{title: "OUTCOMES", width: 20},
	{title: "RESOLVES", width: 14, right: true, prio: 1},
	{title: "DEPTH", width: 14, right: true, prio: 3},
	{title: "QUESTION", width: 18, flex: true, prio: 2},
}

// predictionFoot is the footer's height: a summary, the selected market's
// question on two lines, its outcomes and its facts.
const predictionFoot = 5

func (p *marketsPane) predictionsHeight(h int) int { return max(h-1-predictionFoot, 1) }

func (p *marketsPane) updatePredictions(msg tea.Msg) {
	n, lh := len(p.d.predictions), p.predictionsHeight(p.h-1)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.pcur.wheel(msg, n, lh)
	case tea.KeyPressMsg:
		p.pcur.key(msg, p.keys.listKeys, n, lh)
	}
}

// marketStatus is open, due (the resolution block passed, the oracle has
// not answered yet), resolved, or unreadable.
func marketStatus(pm *PredictionMarket, head uint64) string {
	switch {
	case pm.Err != "":
		return "unread"
	case pm.Book:
		return "book"
	case pm.Resolved:
		return "resolved"
	case pm.ResolveBlock > 0 && head >= pm.ResolveBlock:
		return "due"
	}
	return "open"
}

func (s *Styles) marketStatus(status string) string {
	switch status {
	case "resolved":
		return s.Good.Render(status)
	case "due":
		return s.Warn.Render(status)
	case "unread":
		return s.Bad.Render(status)
	}
	return status
}

// outcomesText is "Yes 0.531  No 0.469" while open, "pays Yes 1 · No 0"
// once resolved.
func outcomesText(pm *PredictionMarket, exact bool) string {
	parts := make([]string, 0, len(pm.Outcomes))
	for _, o := range pm.Outcomes {
		v := o.Price
		if pm.Resolved {
			v = o.Payout
		} else if !exact {
			v = shortProb(v)
		}
		if v == "" {
			v = "—"
		}
		parts = append(parts, o.Label+" "+v)
	}
	if pm.Resolved {
		return "pays " + strings.Join(parts, " · ")
	}
	if exact {
		return strings.Join(parts, " · ")
	}
	return strings.Join(parts, "  ")
}

// shortProb rounds a price from 0 to 1 to three decimals (display only).
func shortProb(s string) string {
	if i := strings.IndexByte(s, '.'); i < 0 || len(s)-i-1 <= 3 {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

// resolvesText says when the oracle answers, counted from head.
func resolvesText(pm *PredictionMarket, head uint64) string {
	switch {
	case pm.ResolveBlock == 0:
		return "—"
	case pm.Resolved || head >= pm.ResolveBlock:
		return "block " + strconv.FormatUint(pm.ResolveBlock, 10)
	}
	return "in " + strconv.FormatUint(pm.ResolveBlock-head, 10) + " blocks"
}

func (p *marketsPane) predictionsView(h int) string {
	st := p.st
	widths := layout(predictionCols, p.w)
	n := len(p.d.predictions)
	lh := p.predictionsHeight(h)
	p.pcur.clamp(n, lh)
	var b strings.Builder
	b.WriteString(header(predictionCols, widths, st.Header))
	for i := p.pcur.offset; i < min(p.pcur.offset+lh, n); i++ {
		pm := &p.d.predictions[i]
		head := max(pm.Block, p.d.chain.Block)
		status := marketStatus(pm, head)
		sel := i == p.pcur.pos
		if !sel {
			status = st.marketStatus(status)
		}
		cells := []string{pm.Name, status, outcomesText(pm, false), resolvesText(pm, head), pm.Depth, pm.Question}
		b.WriteByte('\n')
		if sel {
			b.WriteString(st.Selected.Render(row(cells, predictionCols, widths)))
		} else {
			b.WriteString(row(cells, predictionCols, widths))
		}
	}
	if n == 0 {
		msg := "  no prediction markets known on this chain (the embedded devnet seeds some)"
		if p.ploading {
			msg = "  reading prediction markets…"
		}
		b.WriteString("\n" + st.Muted.Render(msg))
	}
	return block(b.String(), p.w, h-predictionFoot) + "\n" + block(p.predictionFooter(), p.w, predictionFoot)
}

// predictionFooter sums up the list and shows the selected market: its
// question in full (the creator's words, drawn inert), its prices or
// payouts, and where and when it resolves.
func (p *marketsPane) predictionFooter() string {
	st := p.st
	n := len(p.d.predictions)
	lines := []string{st.Muted.Render(itoa(n) + " markets · prices are the pool's marginal prices (0 to 1) · r refreshes")}
	if p.perr != "" {
		lines[0] = st.Bad.Render("cannot read prediction markets: ") + p.perr
	}
	if n == 0 || p.pcur.pos >= n {
		return strings.Join(lines, "\n")
	}
	pm := &p.d.predictions[p.pcur.pos]
	head := max(pm.Block, p.d.chain.Block)
	q := strings.Split(ansi.Wrap(pm.Question, max(p.w-4, 16), " ,"), "\n")
	if len(q) > 2 {
		q = q[:2]
		q[1] = ansi.Truncate(q[1], max(p.w-6, 10), "") + "…"
	}
	lines = append(lines, st.Header.Render("Q ")+" "+q[0])
	if len(q) > 1 {
		lines = append(lines, "   "+q[1])
	} else {
		lines = append(lines, "")
	}
	var out string
	switch {
	case pm.Err != "":
		out = st.Bad.Render("cannot read this market: ") + pm.Err
	case pm.Resolved:
		out = st.Good.Render("resolved: ") + outcomesText(pm, true) + " " + pm.Collateral + " per outcome token"
	case pm.Book:
		out = outcomesText(pm, true) + st.Muted.Render(" (the best bid and ask on the order book, "+pm.Collateral+" per outcome token)")
	default:
		out = outcomesText(pm, true) + st.Muted.Render(" (the price of each outcome in "+pm.Collateral+")")
	}
	lines = append(lines, out)
	var facts []string
	if pm.ResolveBlock > 0 {
		f := "resolves at block " + strconv.FormatUint(pm.ResolveBlock, 10)
		if !pm.Resolved && pm.ResolveBlock > head {
			f += " (in " + strconv.FormatUint(pm.ResolveBlock-head, 10) + " blocks)"
		}
		facts = append(facts, f)
	}
	if pm.Depth != "" {
		facts = append(facts, "depth "+pm.Depth+" "+pm.Collateral, "fee "+pm.Fee+"%")
	}
	facts = append(facts, "market "+pm.Address)
	if pm.Block > 0 {
		facts = append(facts, "read at block "+strconv.FormatUint(pm.Block, 10))
	}
	return strings.Join(append(lines, st.Muted.Render(strings.Join(facts, " · "))), "\n")
}
