package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

var poolCols = []column{
	{title: "VENUE", width: 8},
	{title: "PAIR", width: 10},
	{title: "RESERVES", width: 32, right: true, prio: 2},
	{title: "PRICE", width: 12, right: true},
	{title: "MOVE", width: 8, right: true},
	{title: "RECENT", width: 12, flex: true},
	{title: "POOL", width: 13, prio: 3},
}

// marketsPane shows the connected chain's markets in two views: the DEX
// pools (reserves, mid price, the recent moves seen since the TUI started)
// and the prediction markets (predictions.go); v switches.
type marketsPane struct {
	d       *data
	st      *Styles
	keys    marketsKeys
	w, h    int
	view    marketsView
	cur     cursor
	loading bool
	err     string
	buf     []float64
	// The prediction markets' view.
	pcur     cursor
	ploading bool
	perr     string
}

type marketsView int

const (
	viewPools marketsView = iota
	viewPredictions
)

func newMarketsPane(d *data, st *Styles) *marketsPane {
	return &marketsPane{d: d, st: st, keys: newMarketsKeys()}
}

func (p *marketsPane) SetSize(w, h int) { p.w, p.h = w, h }

// listHeight is the pools' rows: under the view switch and the header,
// above the two footer lines.
func (p *marketsPane) listHeight() int { return max(p.h-4, 1) }

func (p *marketsPane) Update(msg tea.Msg) tea.Msg {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.keys.Switch):
			p.view = 1 - p.view
			return nil
		case key.Matches(k, p.keys.Refresh):
			return refreshMsg{}
		}
	}
	if p.view == viewPredictions {
		p.updatePredictions(msg)
		return nil
	}
	n := len(p.d.pools)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, n, p.listHeight())
	case tea.KeyPressMsg:
		p.cur.key(msg, p.keys.listKeys, n, p.listHeight())
	}
	return nil
}

// switcher is the line naming both views, the shown one highlighted.
func (p *marketsPane) switcher() string {
	st := p.st
	names := [2]string{"DEX pools (" + itoa(len(p.d.pools)) + ")", "Prediction markets (" + itoa(len(p.d.predictions)) + ")"}
	var b strings.Builder
	for i, n := range names {
		if marketsView(i) == p.view {
			b.WriteString(st.TabActive.Render(n))
		} else {
			b.WriteString(st.Tab.Render(n))
		}
	}
	b.WriteString(st.Muted.Render(" v switches"))
	return b.String()
}

func (p *marketsPane) View() string {
	if p.view == viewPredictions {
		return fit(p.switcher(), p.w) + "\n" + p.predictionsView(p.h-1)
	}
	return fit(p.switcher(), p.w) + "\n" + p.poolsView(p.h-1)
}

// poolsView is the pools table in h lines, two of them the footer.
func (p *marketsPane) poolsView(h int) string {
	st := p.st
	widths := layout(poolCols, p.w)
	n := len(p.d.pools)
	lh := p.listHeight()
	p.cur.clamp(n, lh)
	var b strings.Builder
	b.WriteString(header(poolCols, widths, st.Header))
	for i := p.cur.offset; i < min(p.cur.offset+lh, n); i++ {
		pl := p.d.pools[i]
		move, line := "—", ""
		if hist := p.d.poolHist[poolKey(pl)]; hist != nil {
			p.buf = hist.Tail(p.buf, max(widths[5], 1))
			line = spark(p.buf, widths[5])
		}
		t, ok := p.d.poolMove(pl)
		if ok {
			move = pct(t)
		}
		sel := i == p.cur.pos
		if !sel {
			switch {
			case ok && move != "+0.00%" && move != "-0.00%" && t > 0:
				move, line = st.Good.Render(move), st.ChartUp.Render(line)
			case ok && move != "+0.00%" && move != "-0.00%" && t < 0:
				move, line = st.Bad.Render(move), st.ChartDown.Render(line)
			default:
				line = st.ChartFlat.Render(line)
			}
		}
		// Compact here; the selected pool's line below has them in full.
		cells := []string{pl.Venue, pl.Base + "/" + pl.Quote, compactAmount(pl.ReserveBase) + " " + pl.Base + " / " + compactAmount(pl.ReserveQuote) + " " + pl.Quote,
			trimPrice(pl.Price), move, line, shortAddr(pl.Address)}
		b.WriteByte('\n')
		if sel {
			b.WriteString(st.Selected.Render(row(cells, poolCols, widths)))
		} else {
			b.WriteString(row(cells, poolCols, widths))
		}
	}
	if n == 0 {
		msg := "  no pools known on this chain (configure chain.venues and chain.tokens)"
		if p.loading {
			msg = "  reading pools…"
		}
		b.WriteString("\n" + st.Muted.Render(msg))
	}
	foot := st.Muted.Render(itoa(n) + " pools · price in quote per base · MOVE since the TUI started · r refreshes")
	if p.err != "" {
		foot = st.Bad.Render("cannot read pools: ") + p.err
	} else if n > 0 && p.cur.pos < n {
		pl := p.d.pools[p.cur.pos]
		foot += "\n" + st.Muted.Render("selected: ") + pl.Venue + " " + pl.Base + "/" + pl.Quote + " reserves " +
			amountWith(pl.ReserveBase, pl.Base) + " / " + amountWith(pl.ReserveQuote, pl.Quote) + " pool " + pl.Address +
			" at block " + strconv.FormatUint(pl.Block, 10)
	}
	return block(b.String(), p.w, h-2) + "\n" + block(foot, p.w, 2)
}

// trimPrice shortens an exact decimal price to 6 significant decimals.
func trimPrice(s string) string {
	i := strings.IndexByte(s, '.')
	if i < 0 || len(s)-i-1 <= 6 {
		return s
	}
	return s[:i+7]
}

func (p *marketsPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Switch, k.Refresh, k.Up, k.Down},
		full:  [][]key.Binding{k.all(), {k.Switch, k.Refresh}},
	}
}
