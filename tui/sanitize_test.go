package tui

import (
	"strings"
	"testing"
)

func TestCleanRemovesControlSequences(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"price ≤ 2000 · ok", "price ≤ 2000 · ok"},
		{"clear\x1b[2Jscreen", "clear [2Jscreen"},
		{"bell\x07 and\ttab\r\nnewline", "bell  and tab  newline"},
		{"c1 \u009b31m csi", "c1  31m csi"},
		{"bad \xff utf8", "bad   utf8"},
		{"line\u2028sep", "line sep"},
	} {
		if got := clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A model's rationale with escape sequences is drawn inert.
func TestHostileRationaleIsDrawnInert(t *testing.T) {
	t.Parallel()
	m := newModel(t, newFake(), 100, 30)
	evil := "buy\x1b[2J\x1b[31mIGNORE LIMITS\x1b]8;;http://x\x07"
	send(m,
		eventMsg{Event{Kind: EventDecided, Agent: "x", At: t0, Decision: Decision{Action: "buy", Rationale: evil}, Text: evil}},
		eventMsg{Event{Kind: EventRecorded, Agent: "x", At: t0, Decision: Decision{Seq: 1, Action: "buy", Outcome: "skipped", Error: evil}}},
		historyMsg{agent: "x", hist: []Decision{{Seq: 0, Rationale: evil}}},
		openAgentMsg{"x"}, frameMsg(t0))
	for _, scr := range []string{m.View().Content, func() string { send(m, keyMsg("5")); return m.View().Content }()} {
		if strings.Contains(scr, "\x1b[2J") || strings.Contains(scr, "\x1b]8") || strings.Contains(scr, "\x07") {
			t.Fatalf("a control sequence from a rationale reached the screen: %q", scr)
		}
		if !strings.Contains(scr, "IGNORE LIMITS") {
			t.Fatal("the rationale's text is gone")
		}
	}
}
