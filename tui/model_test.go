package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// text is the screen without styles.
func text(m *Model) string { return ansi.Strip(m.View().Content) }

// run executes a command that returns at once (not a tick).
func run(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		t.Fatal("expected a command, got none")
	}
	return cmd()
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestDecisionStreamFromEvents(t *testing.T) {
	t.Parallel()
	f := newFake()
	m := newModel(t, f, 120, 40)
	hash := "0xabc0000000000000000000000000000000000000000000000000000000000def"
	at := t0.Add(-time.Second)
	send(m,
		eventMsg{Event{Kind: EventStarted, Agent: "x", At: at, Mode: ModeAsk, Strategy: "dex.momentum", Model: "rules"}},
		eventMsg{Event{Kind: EventDecided, Agent: "x", At: at, Decision: Decision{Action: "sell", Rationale: "falling", Model: "rules"}}},
		eventMsg{Event{Kind: EventApprovalRequested, Agent: "x", At: at, Approval: Approval{ID: "id1", Agent: "x"}}},
		eventMsg{Event{Kind: EventApprovalResolved, Agent: "x", At: at, Approval: Approval{ID: "id1"}, Resolution: "approved"}},
		eventMsg{Event{Kind: EventRecorded, Agent: "x", At: at, Decision: Decision{Seq: 1, Action: "sell", Verdict: "allowed", Outcome: "pending", TxHash: hash}}},
		eventMsg{Event{Kind: EventRecorded, Agent: "x", At: at, Completion: true, Decision: Decision{Seq: 2, Outcome: "confirmed", TxHash: hash}}},
		eventMsg{Event{Kind: EventDecided, Agent: "x", At: at, Decision: Decision{Action: "buy", Rationale: "too big"}}},
		eventMsg{Event{Kind: EventPolicyDenied, Agent: "x", At: at, Decision: Decision{Reasons: []string{"over max_trade"}}}},
		eventMsg{Event{Kind: EventRecorded, Agent: "x", At: at, Decision: Decision{Seq: 3, Action: "buy", Verdict: "denied", Outcome: "skipped"}}},
	)
	a := m.d.agents["x"]
	if a.decisions.Len() != 2 {
		t.Fatalf("%d decisions, want 2 (a completion finishes its decision)", a.decisions.Len())
	}
	first, second := a.decisions.At(0), a.decisions.At(1)
	if first.Rationale != "falling" || first.Approval != "approved" || first.Outcome != "confirmed" || first.TxHash != hash {
		t.Fatalf("first decision %+v", first)
	}
	if second.Verdict != "denied" || !slices.Equal(second.Reasons, []string{"over max_trade"}) || second.Rationale != "too big" {
		t.Fatalf("second decision %+v", second)
	}
	if len(m.d.approvals) != 0 {
		t.Fatalf("a resolved approval is still queued: %+v", m.d.approvals)
	}
	send(m, openAgentMsg{"x"}, frameMsg(t0))
	screen := text(m)
	for _, want := range []string{"confirmed", "denied", "falling", "0xabc0…0def"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("detail screen lacks %q:\n%s", want, screen)
		}
	}
}

func TestDetailSelectionStaysPutAsDecisionsArrive(t *testing.T) {
	t.Parallel()
	m := newModel(t, newFake(), 120, 40)
	rec := func(seq uint64) tea.Msg {
		return eventMsg{Event{Kind: EventRecorded, Agent: "x", At: t0, Decision: Decision{Seq: seq, Action: "hold", Outcome: "skipped"}}}
	}
	for s := uint64(1); s <= 5; s++ {
		send(m, rec(s))
	}
	send(m, openAgentMsg{"x"})
	send(m, press("down", "down")...) // seq 3
	send(m, rec(6), rec(7))
	m.detail.View()
	a := m.d.agents["x"]
	if got := m.detail.decisionAt(a, m.detail.cur.pos).Seq; got != 3 {
		t.Fatalf("selection moved to seq %d, want 3", got)
	}
}

func TestQuitDrainsThenExits(t *testing.T) {
	t.Parallel()
	drains := 0
	m := New(context.Background(), Options{Runtime: newFake(), Now: t0, Drain: func() error { drains++; return nil }})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	cmd := send(m, keyMsg("q"))
	if !m.quitting || isQuit(nil) {
		t.Fatal("q did not start quitting")
	}
	if !strings.Contains(text(m), "Stopping the agents") {
		t.Fatalf("no drain notice:\n%s", text(m))
	}
	if send(m, keyMsg("q")) != nil {
		t.Fatal("q while draining did something")
	}
	msg := run(t, cmd)
	if drains != 1 {
		t.Fatalf("drained %d times", drains)
	}
	if !isQuit(send(m, msg)) {
		t.Fatal("the TUI did not exit after the drain")
	}
	if ok, err := m.Drained(); !ok || err != nil {
		t.Fatalf("Drained() = %v, %v", ok, err)
	}
}

func TestBootShowsPreviewThenLiveAgents(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.agents = []Agent{{Name: "momentum", Status: "running", Mode: ModeAuto, Strategy: "dex.momentum"}}
	m := New(context.Background(), Options{
		Boot:    func(context.Context) (Runtime, error) { return f, nil },
		Preview: []Agent{{Name: "momentum", Strategy: "dex.momentum", Mode: ModeAuto}},
		Now:     t0,
	})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if s := text(m); !strings.Contains(s, "momentum") || !strings.Contains(s, "starting") {
		t.Fatalf("booting screen lacks the previewed agent:\n%s", s)
	}
	if cmd := send(m, keyMsg("p")); cmd != nil || !strings.Contains(m.notice, "still starting") {
		t.Fatal("an action before boot did not say it is still starting")
	}
	msg := run(t, m.bootCmd())
	send(m, msg)
	if m.rt == nil || m.booting {
		t.Fatal("boot result not taken")
	}
	send(m, run(t, m.agentsCmd()))
	if s := text(m); !strings.Contains(s, "running") {
		t.Fatalf("live agent not shown:\n%s", s)
	}
}

func TestBootErrorIsShownAndQuits(t *testing.T) {
	t.Parallel()
	boom := errors.New("agents[0].policy.allowed_tokens: unknown token \"XYZ\"")
	m := New(context.Background(), Options{Boot: func(context.Context) (Runtime, error) { return nil, boom }, Now: t0})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(m, run(t, m.bootCmd()))
	if !strings.Contains(text(m), "unknown token") || m.BootErr() != boom {
		t.Fatalf("boot error not shown:\n%s", text(m))
	}
	if !isQuit(send(m, keyMsg("q"))) {
		t.Fatal("q did not exit after a failed boot")
	}
}

func TestErrorsReachTheStatusBar(t *testing.T) {
	t.Parallel()
	for _, msg := range []tea.Msg{
		eventMsg{Event{Kind: EventError, Agent: "x", At: t0, Err: "model server went away", Text: "model server went away"}},
		doneMsg{what: "approve", err: errors.New("model server went away")},
		historyMsg{agent: "x", err: errors.New("model server went away")},
	} {
		m := newModel(t, newFake(), 100, 30)
		send(m, msg, frameMsg(t0))
		lines := strings.Split(text(m), "\n")
		if bar := lines[len(lines)-2]; !strings.Contains(bar, "model server went away") {
			t.Fatalf("%T: status bar %q lacks the error", msg, bar)
		}
	}
}

func TestEventBridgeReadsOneAtATime(t *testing.T) {
	t.Parallel()
	f := newFake()
	m := newModel(t, f, 80, 24)
	f.events <- Event{Kind: EventPaused, Agent: "x", At: t0, Reason: "r"}
	msg := run(t, m.nextEventCmd())
	em, ok := msg.(eventMsg)
	if !ok || em.e.Kind != EventPaused {
		t.Fatalf("bridge returned %#v", msg)
	}
	if cmd := send(m, em); cmd == nil {
		t.Fatal("the bridge was not reissued after an event")
	}
	close(f.events)
	if _, ok := run(t, m.nextEventCmd()).(eventsDoneMsg); !ok {
		t.Fatal("a closed stream did not end the bridge")
	}
}

func TestEveryScreenFitsEverySize(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 80, 24)
	for _, sz := range [][2]int{{80, 24}, {81, 25}, {100, 30}, {132, 43}, {200, 60}, {320, 100}, {60, 20}, {40, 12}, {20, 6}} {
		send(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for _, k := range []string{"1", "enter", "2", "a", "3", "4", "v", "v", "5", "6", "?"} {
			send(m, keyMsg(k))
			checkGeometry(t, m.View().Content, sz[0], sz[1])
			switch k {
			case "?":
				send(m, keyMsg("?"))
			case "a": // the approval dialog, then cancel it
				send(m, armMsg{m.dialogN})
				checkGeometry(t, m.View().Content, sz[0], sz[1])
				send(m, keyMsg("n"))
			}
		}
		send(m, press("1", "esc")...)
	}
}

func TestMemoryIsBounded(t *testing.T) {
	t.Parallel()
	m := newModel(t, newFake(), 80, 24)
	for i := range 3 * logEvents {
		send(m, eventMsg{Event{Kind: EventRecorded, Agent: "x", At: t0, Decision: Decision{Seq: uint64(i + 1), Outcome: "skipped"}}},
			eventMsg{Event{Kind: EventObserved, Agent: "x", At: t0, Price: float64(i + 1)}})
	}
	a := m.d.agents["x"]
	if a.decisions.Len() != decisionsPerAgent || a.prices.Len() != seriesPoints || m.d.log.Len() != logEvents {
		t.Fatalf("kept %d decisions, %d prices, %d log events", a.decisions.Len(), a.prices.Len(), m.d.log.Len())
	}
	if last, _ := a.decisions.Last(); last.Seq != 3*logEvents {
		t.Fatalf("newest kept decision is seq %d", last.Seq)
	}
}

func TestHistoryMergesWithLiveDecisions(t *testing.T) {
	t.Parallel()
	a := newAgentData("x")
	a.decisions.Push(Decision{Seq: 5, Outcome: "confirmed", Rationale: "live"})
	a.decisions.Push(Decision{Seq: 6, Outcome: "skipped"})
	a.mergeHistory([]Decision{{Seq: 4, Outcome: "skipped"}, {Seq: 5, Outcome: "pending"}})
	var seqs []uint64
	for i := range a.decisions.Len() {
		seqs = append(seqs, a.decisions.At(i).Seq)
	}
	if !slices.Equal(seqs, []uint64{4, 5, 6}) {
		t.Fatalf("seqs %v", seqs)
	}
	if d := a.decisions.At(1); d.Outcome != "confirmed" || d.Rationale != "live" {
		t.Fatalf("a stale pending history entry replaced the live one: %+v", d)
	}
}

// Terminal reports and other messages the model does not know are ignored:
// they must not look like an action (before boot that showed a notice).
func TestUnknownMessagesAreIgnored(t *testing.T) {
	t.Parallel()
	m := New(context.Background(), Options{Boot: func(context.Context) (Runtime, error) { return newFake(), nil }, Now: t0})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	type terminalReport struct{}
	if cmd := send(m, terminalReport{}, tea.ModeReportMsg{}, tea.KeyboardEnhancementsMsg{}); cmd != nil {
		t.Fatal("an unknown message produced a command")
	}
	if m.notice != "" {
		t.Fatalf("an unknown message set the notice %q", m.notice)
	}
}

func TestOpenDetailRefreshesDetails(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 120, 40)
	send(m, press("G", "enter")...)
	f.details["momentum"] = Details{Trades: 99, LastAnchor: "seq 1-10 confirmed in block 7"}
	var refresh tea.Cmd
	for _, c := range m.refreshCmds() {
		if hm, ok := c().(historyMsg); ok && hm.refresh {
			send(m, hm)
			refresh = c
		}
	}
	if refresh == nil {
		t.Fatal("the slow poll did not refresh the open agent's details")
	}
	if s := text(m); !strings.Contains(s, "99 trades") || !strings.Contains(s, "seq 1-10 confirmed") {
		t.Fatalf("refreshed details not shown:\n%s", s)
	}
	if a := m.d.agents["momentum"]; a.decisions.Len() != 3 {
		t.Fatalf("a details refresh changed the stream: %d decisions", a.decisions.Len())
	}
}

// The status bar follows the model servers: a probe every modelsPeriod.
func TestModelServersArePolled(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 120, 30)
	bar := func() string { l := strings.Split(text(m), "\n"); return l[len(l)-2] }
	if !strings.Contains(bar(), "ollama down") {
		t.Fatalf("status bar %q", bar())
	}
	f.models = []ModelStatus{{Provider: "ollama", Up: true}}
	probe := func() bool {
		for _, c := range m.refreshCmds() {
			if mm, ok := c().(modelsMsg); ok {
				send(m, mm)
				return true
			}
		}
		return false
	}
	if probe() {
		t.Fatal("probed again before modelsPeriod passed")
	}
	send(m, frameMsg(t0.Add(modelsPeriod+time.Second)))
	if !probe() {
		t.Fatal("no probe after modelsPeriod")
	}
	if !strings.Contains(bar(), "ollama up") {
		t.Fatalf("status bar %q after ollama came up", bar())
	}
}

// A node that fails or lags is called out in the status bar before trading
// stops; a healthy one is not.
func TestChainHealthReachesTheStatusBar(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		c    Chain
		want string
	}{
		{Chain{ID: 1337, Devnet: true, ErrRate: 0.4}, "rpc 40% errors"},
		{Chain{ID: 1337, Devnet: true, Latency: 5200 * time.Millisecond}, "rpc slow 5.2s"},
		{Chain{ID: 1337, Devnet: true, ErrRate: 0.05, Latency: 80 * time.Millisecond}, ""},
	} {
		m := newModel(t, newFake(), 120, 30)
		send(m, chainMsg{chain: tc.c}, frameMsg(t0))
		lines := strings.Split(text(m), "\n")
		bar := lines[len(lines)-2]
		switch {
		case tc.want != "" && !strings.Contains(bar, tc.want):
			t.Errorf("%+v: status bar %q lacks %q", tc.c, bar, tc.want)
		case tc.want == "" && strings.Contains(bar, "rpc "):
			t.Errorf("%+v: a healthy node is called out: %q", tc.c, bar)
		}
	}
	// A failed read keeps the last block and still shows the error rate.
	m := newModel(t, newFake(), 120, 30)
	send(m, chainMsg{chain: Chain{ID: 1337, Devnet: true, Block: 9}}, chainMsg{chain: Chain{ErrRate: 0.5}, err: errors.New("502")}, frameMsg(t0))
	lines := strings.Split(text(m), "\n")
	if bar := lines[len(lines)-2]; !strings.Contains(bar, "unreachable") || !strings.Contains(bar, "rpc 50% errors") {
		t.Fatalf("status bar %q", bar)
	}
}
