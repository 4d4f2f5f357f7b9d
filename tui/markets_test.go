package tui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// collect runs a command that returns at once, and a batch's commands,
// returning every message they produce.
func collect(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(t, c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func countCalls(f *fakeRuntime, call string) int {
	n := 0
	for _, c := range f.Calls() {
		if c == call {
			n++
		}
	}
	return n
}

// The Markets screen reads the prediction markets when it opens and on
// r, and shows them when v switches to them; v switches back.
func TestPredictionMarketsOnTheMarketsScreen(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 120, 40)
	m.d.predictions = nil
	msgs := collect(t, send(m, keyMsg("4")))
	if countCalls(f, "markets") != 1 || !m.markets.ploading {
		t.Fatalf("opening Markets: calls %q, loading %v", f.Calls(), m.markets.ploading)
	}
	send(m, keyMsg("v"))
	if s := text(m); !strings.Contains(s, "reading prediction markets") {
		t.Fatalf("no loading note before the read answered:\n%s", s)
	}
	send(m, msgs...)
	s := text(m)
	for _, want := range []string{"Prediction markets (4)", "weth-3000", "open", "Yes 0.531  No 0.469", "in 138 blocks",
		"pays Yes 0 · No 1", "resolved", "due", "unread", "Q  Will dex-b price WETH at least 1% above dex-a"} {
		if !strings.Contains(s, want) {
			t.Fatalf("prediction markets lack %q:\n%s", want, s)
		}
	}
	send(m, press("down", "down")...)
	if s := text(m); !strings.Contains(s, "Yes 0.5312 · No 0.4688") || !strings.Contains(s, "resolves at block 4380 (in 138 blocks)") {
		t.Fatalf("the selected open market's detail is missing:\n%s", s)
	}
	send(m, keyMsg("down"))
	if s := text(m); !strings.Contains(s, "cannot read this market: market usdc-depeg: balanceOfBatch") {
		t.Fatalf("the unreadable market does not say why:\n%s", s)
	}
	collect(t, send(m, keyMsg("r")))
	if countCalls(f, "markets") != 2 {
		t.Fatalf("r did not re-read the markets: %q", f.Calls())
	}
	send(m, keyMsg("v"))
	if s := text(m); !strings.Contains(s, "dex-a    WETH/USDC") || strings.Contains(s, "weth-3000") {
		t.Fatalf("v did not switch back to the pools:\n%s", s)
	}
}

// The slow poll reads the prediction markets only while they are shown.
func TestPredictionMarketsPolledOnlyOnMarkets(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		keys []string
		want int
	}{
		{nil, 0},
		{[]string{"3"}, 0},
		{[]string{"4"}, 1},
		{[]string{"4", "v"}, 1},
	} {
		m, f := scene(t, 100, 30)
		send(m, press(c.keys...)...)
		before := countCalls(f, "markets")
		for _, cmd := range m.refreshCmds() {
			if msg, ok := cmd().(predictionsMsg); ok {
				send(m, msg)
			}
		}
		if got := countCalls(f, "markets") - before; got != c.want {
			t.Errorf("after %q the poll read the markets %d times, want %d", c.keys, got, c.want)
		}
	}
}

// A market's question and outcome labels are anyone's text: an escape
// sequence in them must not reach the terminal.
func TestMarketTextIsInert(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	send(m, press("4", "v")...)
	send(m, predictionsMsg{markets: []PredictionMarket{{Name: "evil\x1b[31m", Question: "Yes?\x1b[2J\x1b]0;pwned\x07 buy now",
		Outcomes: []Outcome{{Label: "Yes\x1b[8m", Price: "0.5"}, {Label: "No", Price: "0.5"}}, ResolveBlock: 9000, Block: 4242}}})
	raw := m.View().Content
	for _, bad := range []string{"\x1b[2J", "\x1b]0;", "\x07", "\x1b[31m", "\x1b[8m"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("the screen carries %q from a market's text", bad)
		}
	}
	if s := text(m); !strings.Contains(s, "Yes? [2J ]0;pwned  buy now") {
		t.Fatalf("the question is not shown inert:\n%s", s)
	}
}

// A failed read says so in the footer and keeps the last markets.
func TestPredictionMarketsReadError(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	send(m, press("4", "v")...)
	send(m, predictionsMsg{err: errors.New("dial tcp 127.0.0.1:8545: connection refused")})
	s := text(m)
	if !strings.Contains(s, "cannot read prediction markets: dial tcp") || !strings.Contains(s, "weth-3000") {
		t.Fatalf("read error:\n%s", s)
	}
	send(m, predictionsMsg{markets: slices.Clone(m.d.predictions[:1])})
	if s := text(m); strings.Contains(s, "cannot read") || !strings.Contains(s, "1 markets") {
		t.Fatalf("a good read did not clear the error:\n%s", s)
	}
}

// A Polymarket book (as the adapter lists it: best bid and ask as its two
// prices, the book's levels in the question) shows beside the chain's
// prediction markets, and selected its facts name the CLOB.
func TestPolymarketBookOnTheMarketsScreen(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 140, 30)
	send(m, press("4", "v")...)
	send(m, predictionsMsg{markets: []PredictionMarket{{Name: "pm-yes", Address: "token 7001", Collateral: "pUSD", Book: true,
		Question: "Polymarket CLOB book at http://127.0.0.1:4100: best bid 0.4 x 75, best ask 0.6 x 100 (tick 0.01; traded by poly)",
		Outcomes: []Outcome{{Label: "bid", Price: "0.4"}, {Label: "ask", Price: "0.6"}}}}})
	s := text(m)
	for _, want := range []string{"Prediction markets (1)", "pm-yes", "book", "bid 0.4  ask 0.6", "best bid 0.4 x 75, best ask 0.6 x 100",
		"bid 0.4 · ask 0.6 (the best bid and ask on the order book, pUSD per outcome token)", "market token 7001"} {
		if !strings.Contains(s, want) {
			t.Fatalf("the Polymarket book lacks %q:\n%s", want, s)
		}
	}
}
