package tui

import (
	"strings"
	"testing"
)

func TestAmountIsOneFormat(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"0.033260000000000123", "0.03326"},                                      // WETH: never 18 decimals
		{"1.000000000000000000", "1"},                                            // trailing zeros go
		{"34691.170000", "34691.17"},                                             // USDC equity
		{"34691.170123", "34691.170123"},                                         // USDC has 6: all shown
		{"-108.8300019", "-108.830001"},                                          // toward zero
		{"+1.2500", "+1.25"},                                                     // an expected profit keeps its sign
		{"0.0000001", "<0.000001"},                                               // not a false zero
		{"-0.0000001", ">-0.000001"},                                             // nor a false zero below
		{"-0.000000", "0"},                                                       // zero has no sign
		{"007.5", "7.5"},                                                         // leading zeros
		{"12", "12"},                                                             // whole
		{"", ""}, {"—", "—"}, {"n/a", "n/a"}, {"1e5", "1e5"}, {"1.2.3", "1.2.3"}, // not decimals: as given
	} {
		if got := Amount(c.in); got != c.want {
			t.Errorf("Amount(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestEquitySamePrecisionEverywhere: the list and the detail show an
// agent's equity and PnL in the same format, WETH positions trimmed.
func TestEquitySamePrecisionEverywhere(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.agents = []Agent{{Name: "w", Status: "running", Quote: "USDC", Equity: "34691.123456", Peak: "35000.5", PnL: "-108.654321"}}
	f.details["w"] = Details{Positions: []Balance{{Symbol: "WETH", Amount: "0.033260000000000123"}}}
	m := newModel(t, f, 160, 30)
	send(m, agentsMsg{agents: f.Agents()}, frameMsg(t0))
	list := text(m)
	for _, want := range []string{"34691.123456 USDC", "-108.654321"} {
		if !strings.Contains(list, want) {
			t.Fatalf("agents list lacks %q:\n%s", want, list)
		}
	}
	send(m, keyMsg("enter"), historyMsg{agent: "w", details: f.details["w"]}, frameMsg(t0))
	detail := text(m)
	for _, want := range []string{"equity 34691.123456 USDC (peak 35000.5)", "PnL -108.654321", "0.03326 WETH"} {
		if !strings.Contains(detail, want) {
			t.Fatalf("detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "0.033260000000000123") {
		t.Fatalf("detail shows WETH with 18 decimals:\n%s", detail)
	}
}

// TestPoolMoveMeansSinceStart: the MOVE column is the change since the
// TUI's first read, as the footer says, even once the RECENT chart and
// the history no longer hold that first price.
func TestPoolMoveMeansSinceStart(t *testing.T) {
	t.Parallel()
	m := newModel(t, newFake(), 120, 30)
	pool := func(p float64) Pool {
		return Pool{Venue: "dex-a", Base: "WETH", Quote: "USDC", Price: "x", PriceValue: p, Address: "0xab"}
	}
	send(m, poolsMsg{pools: []Pool{pool(100)}})
	for range seriesPoints + 10 { // more reads than the chart or the history keep
		send(m, poolsMsg{pools: []Pool{pool(110)}})
	}
	send(m, keyMsg("4"))
	screen := text(m)
	line := ""
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "dex-a") {
			line = l
		}
	}
	if !strings.Contains(line, "+10.00%") {
		t.Fatalf("MOVE after 100 -> 110 is not +10.00%%: %q\n%s", line, screen)
	}
	if !strings.Contains(screen, "MOVE since the TUI started") {
		t.Fatalf("footer does not say what MOVE is:\n%s", screen)
	}
}

// TestStuckAndUnvaluedAreVisible: a stuck agent says so in the list (with
// its reason), in the status bar on any screen and in its detail; a
// failure to value marks the PnL and is spelled out, never a quiet number.
func TestStuckAndUnvaluedAreVisible(t *testing.T) {
	t.Parallel()
	m := stuckScene(t, 160, 40)
	send(m, keyMsg("j"), frameMsg(t0))
	list := text(m)
	for _, want := range []string{"stuck", "every plan denied: swap spends 1000 USDC", "-3.2!", " 1 stuck "} {
		if !strings.Contains(list, want) {
			t.Fatalf("agents list lacks %q:\n%s", want, list)
		}
	}
	if st := m.st.status("stuck").Render("stuck"); st == m.st.status("running").Render("stuck") ||
		st == m.st.status("backoff").Render("stuck") || st == m.st.status("paused").Render("stuck") {
		t.Fatal("stuck is drawn like another status")
	}
	send(m, keyMsg("3"), frameMsg(t0))
	if !strings.Contains(text(m), " 1 stuck ") {
		t.Fatalf("the status bar does not say an agent is stuck on the Wallet screen:\n%s", text(m))
	}
	send(m, keyMsg("1"), keyMsg("enter"), frameMsg(t0))
	detail := text(m)
	for _, want := range []string{"stuck for 70 ticks: every plan denied", "PnL -3.2 (realized 0, unrealized -3.2)",
		"cannot value: no price for ETH (gas)", "19000 USDC (19000 USDC)", "0.0042 ETH (no mark)"} {
		if !strings.Contains(detail, want) {
			t.Fatalf("detail lacks %q:\n%s", want, detail)
		}
	}
}

// TestNetFlowsBesidePnL: money moved in or out of the agent's wallet is
// shown beside its PnL, said not to be PnL; none shows nothing.
func TestNetFlowsBesidePnL(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 200, 40)
	as := f.Agents()
	for i := range as {
		as[i].Flows = "-1000"
	}
	send(m, agentsMsg{agents: as, approvals: f.Approvals()}, frameMsg(t0))
	send(m, keyMsg("enter"), frameMsg(t0))
	if detail := text(m); !strings.Contains(detail, "PnL 12.5 · net flows -1000 (not PnL) · 7 decisions") {
		t.Fatalf("detail lacks the net flows beside PnL:\n%s", detail)
	}
	for i := range as {
		as[i].Flows = "0"
	}
	send(m, agentsMsg{agents: as, approvals: f.Approvals()}, frameMsg(t0))
	if detail := text(m); strings.Contains(detail, "net flows") {
		t.Fatalf("no flows, yet the detail shows them:\n%s", detail)
	}
}
