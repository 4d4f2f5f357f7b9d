package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestApproveNeedsArmedConfirmation(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, key, answer string
		want              []string
	}{
		{"approve with y", "a", "y", []string{"approve a1b2c3d4"}},
		{"approve with enter", "a", "enter", []string{"approve a1b2c3d4"}},
		{"deny", "d", "y", []string{"deny a1b2c3d4"}},
		{"approve cancelled", "a", "n", nil},
		{"deny cancelled with esc", "d", "esc", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m, f := scene(t, 100, 30)
			send(m, press("2", c.key)...)
			if m.dialog == nil {
				t.Fatal("no confirmation dialog opened")
			}
			if !strings.Contains(text(m), "swapExactTokensForTokens") && c.key == "a" {
				t.Fatalf("the approve dialog does not show the decoded call:\n%s", text(m))
			}
			// A held key before the dialog is armed does nothing.
			if cmd := send(m, keyMsg(c.answer)); cmd != nil || m.dialog == nil {
				t.Fatal("the dialog answered before it was armed")
			}
			send(m, armMsg{m.dialogN})
			cmd := send(m, keyMsg(c.answer))
			if m.dialog != nil {
				t.Fatal("the dialog stayed open after an answer")
			}
			if c.want == nil {
				if cmd != nil {
					t.Fatalf("cancelling returned a command: %v", cmd())
				}
				return
			}
			done, ok := run(t, cmd).(doneMsg)
			if !ok || done.err != nil {
				t.Fatalf("action result %+v", done)
			}
			if got := f.Calls(); !slices.Equal(got, c.want) {
				t.Fatalf("runtime calls %q, want %q", got, c.want)
			}
			send(m, done)
			if !strings.Contains(text(m), "✓") {
				t.Fatalf("no notice after %s:\n%s", c.name, text(m))
			}
		})
	}
}

func TestStaleArmDoesNotArmANewDialog(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 100, 30)
	send(m, press("2", "a", "esc")...) // ignored: not armed
	send(m, armMsg{m.dialogN})
	send(m, press("n", "d")...) // closes the first, opens a second
	send(m, armMsg{m.dialogN - 1})
	if cmd := send(m, keyMsg("y")); cmd != nil || m.dialog == nil {
		t.Fatal("an old dialog's arm message armed the new dialog")
	}
	if len(f.Calls()) != 0 {
		t.Fatalf("calls %q", f.Calls())
	}
}

func TestModeSwitch(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		agent   string
		from    Mode
		confirm bool
		want    string
	}{
		{"asker", ModeAsk, false, "mode asker paper"},
		{"arbitrage", ModePaper, true, "mode arbitrage auto"},
		{"momentum", ModeAuto, false, "mode momentum ask"},
	} {
		t.Run(string(c.from), func(t *testing.T) {
			t.Parallel()
			m, f := scene(t, 100, 30)
			m.detail.open(c.agent)
			m.inDetail = true
			cmd := send(m, keyMsg("m"))
			if (m.dialog != nil) != c.confirm {
				t.Fatalf("dialog open = %v, want %v", m.dialog != nil, c.confirm)
			}
			if c.confirm {
				send(m, armMsg{m.dialogN})
				cmd = send(m, keyMsg("y"))
			}
			run(t, cmd)
			if got := f.Calls(); !slices.Equal(got, []string{c.want}) {
				t.Fatalf("calls %q, want %q", got, c.want)
			}
		})
	}
}

func TestPauseResume(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 100, 30)
	// Sorted by name: arbitrage (paused), asker, momentum (running).
	run(t, send(m, keyMsg("p")))
	send(m, press("G")...)
	run(t, send(m, keyMsg("p")))
	want := []string{"resume arbitrage", "pause momentum: " + pausedReason}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("calls %q, want %q", got, want)
	}
}

func TestScreensByTabDigitsAndEsc(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	steps := []struct {
		key    string
		screen screen
		detail bool
	}{
		{"tab", screenApprovals, false}, {"tab", screenWallet, false}, {"shift+tab", screenApprovals, false},
		{"5", screenLog, false}, {"tab", screenAudit, false}, {"tab", screenAgents, false}, {"shift+tab", screenAudit, false},
		{"1", screenAgents, false}, {"enter", screenAgents, true},
		{"4", screenMarkets, true}, {"1", screenAgents, true}, {"esc", screenAgents, false},
	}
	for i, s := range steps {
		send(m, keyMsg(s.key))
		if m.screen != s.screen || m.inDetail != s.detail {
			t.Fatalf("step %d (%s): screen %v detail %v, want %v %v", i, s.key, m.screen, m.inDetail, s.screen, s.detail)
		}
	}
}

func TestFilterTakesEveryKey(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	cmd := send(m, press("/", "q", "2", "?")...)
	if m.quitting || m.screen != screenAgents || m.showHelp || isQuit(cmd) {
		t.Fatal("a key typed into the filter acted as a global key")
	}
	if got := m.agents.filter.value(); got != "q2?" {
		t.Fatalf("filter text %q", got)
	}
	send(m, press("backspace", "backspace", "backspace", "a", "r", "b", "enter")...)
	if got := m.agents.visible(); !slices.Equal(got, []string{"arbitrage"}) {
		t.Fatalf("filtered rows %q", got)
	}
	send(m, keyMsg("esc"))
	if got := m.agents.visible(); len(got) != 3 {
		t.Fatalf("esc did not clear the filter: %q", got)
	}
}

func TestSort(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	for _, c := range []struct {
		keys []string
		want []string
	}{
		{nil, []string{"arbitrage", "asker", "momentum"}},
		{[]string{"s"}, []string{"asker", "momentum", "arbitrage"}},      // pnl: unknown, -108.83, 12.5
		{[]string{"S"}, []string{"arbitrage", "momentum", "asker"}},      // reversed
		{[]string{"s", "S"}, []string{"momentum", "arbitrage", "asker"}}, // last decision, newest first
		{[]string{"s"}, []string{"arbitrage", "asker", "momentum"}},      // status: paused < running
	} {
		send(m, press(c.keys...)...)
		if got := m.agents.visible(); !slices.Equal(got, c.want) {
			t.Fatalf("after %q: rows %q, want %q", c.keys, got, c.want)
		}
	}
}

func TestCtrlCQuitsFromADialog(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 100, 30)
	send(m, press("2", "a")...)
	send(m, armMsg{m.dialogN})
	if cmd := send(m, keyMsg("ctrl+c")); cmd == nil || !m.quitting || m.dialog != nil {
		t.Fatal("ctrl+c in a dialog did not start quitting")
	}
	if len(f.Calls()) != 0 {
		t.Fatalf("quitting from a dialog called %q", f.Calls())
	}
}

func TestSecondCtrlCExitsAtOnce(t *testing.T) {
	t.Parallel()
	m := New(context.Background(), Options{Runtime: newFake(), Now: t0, Drain: func() error { return nil }})
	if isQuit(send(m, keyMsg("ctrl+c"))) {
		t.Fatal("the first ctrl+c exited without draining")
	}
	if !isQuit(send(m, keyMsg("ctrl+c"))) {
		t.Fatal("the second ctrl+c did not exit")
	}
	if ok, _ := m.Drained(); ok {
		t.Fatal("Drained() true without a drain")
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	t.Parallel()
	f := newFake()
	m := newModel(t, f, 80, 24)
	var as []Agent
	for i := range 50 {
		as = append(as, Agent{Name: "a" + itoa(100+i), Status: "running"})
	}
	send(m, agentsMsg{agents: as})
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := m.agents.selected(); got != "a106" {
		t.Fatalf("after two wheel notches the selection is %q, want a106", got)
	}
	send(m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := m.agents.selected(); got != "a103" {
		t.Fatalf("after a notch up the selection is %q, want a103", got)
	}
}

func TestLogFilter(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 120, 40)
	send(m, press("5", "/")...)
	for _, r := range "agent:arb kind:err" {
		send(m, keyMsg(string(r)))
	}
	send(m, keyMsg("enter"))
	s := text(m)
	if !strings.Contains(s, "connection reset") || strings.Contains(s, "observed") || strings.Contains(s, "drawdown") {
		t.Fatalf("log filter agent:arb kind:err shows:\n%s", s)
	}
}

// TestSelectionFollowsTheAgent: with the list sorted by last decision, a
// new decision re-sorts the rows under the cursor; p still pauses the
// agent that was selected, not whoever moved into its row. A refresh from
// the runtime does not move the selection either.
func TestSelectionFollowsTheAgent(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 120, 30)
	send(m, press("s", "s")...) // last decision, newest first
	if got := m.agents.visible(); !slices.Equal(got, []string{"momentum", "arbitrage", "asker"}) {
		t.Fatalf("rows %q", got)
	}
	// The sort kept the first selection (arbitrage) selected; go through
	// the rows to it anyway.
	send(m, keyMsg("g"), keyMsg("j"), frameMsg(t0))
	if got := m.agents.selected(); got != "arbitrage" {
		t.Fatalf("selected %q, want arbitrage", got)
	}
	// asker decides: it is now the newest and takes the first row.
	send(m, eventMsg{Event{Kind: EventRecorded, Agent: "asker", At: t0, Decision: Decision{Seq: 1, Action: "hold", Outcome: "skipped"}}})
	if got := m.agents.visible(); !slices.Equal(got, []string{"asker", "momentum", "arbitrage"}) {
		t.Fatalf("rows after asker decided %q", got)
	}
	screen := text(m)
	if got := m.agents.selected(); got != "arbitrage" {
		t.Fatalf("the selection moved to %q with the rows", got)
	}
	// And a refresh of every row from the runtime keeps it too.
	as := f.Agents()
	as[2].LastDecision = t0.Add(time.Second)
	send(m, agentsMsg{agents: as})
	run(t, send(m, keyMsg("p")))
	if got, want := f.Calls(), []string{"resume arbitrage"}; !slices.Equal(got, want) {
		t.Fatalf("p called %q, want %q (screen:\n%s)", got, want, screen)
	}
	// Moving the cursor still moves the selection, from where it is.
	send(m, keyMsg("k"))
	if got := m.agents.selected(); got != "momentum" {
		t.Fatalf("up from arbitrage selected %q", got)
	}
}

// TestApprovalShowsPlanAge: the Approvals screen and the confirmation
// show how old the plan is, counting up with the clock, and call it stale
// once past its TTL; the expected profit or cost and each leg in human
// units are there, the trades standing in when the runtime gave no legs.
func TestApprovalShowsPlanAge(t *testing.T) {
	t.Parallel()
	f := newFake()
	ap := Approval{ID: "p1", Agent: "arb", Summary: "arbitrage 500 USDC dex-a -> dex-b",
		Calls:   []Call{{Contract: "executor 0xe1", Method: "arbitrage"}},
		Trades:  []string{"dex-a: 500 USDC -> >= 0.16 WETH", "dex-b: 0.16 WETH -> >= 501 USDC"},
		Created: t0, Expires: t0.Add(5 * time.Minute),
		PlannedAt: t0.Add(-2 * time.Second), TTL: 20 * time.Second, Expected: "-0.03 USDC"}
	f.approvals = []Approval{ap}
	m := newModel(t, f, 120, 40)
	send(m, agentsMsg{approvals: f.Approvals()}, keyMsg("2"), frameMsg(t0))
	screen := text(m)
	for _, want := range []string{"planned   2s ago (TTL 20s, stale in 18s)", "expected  -0.03 USDC cost",
		"trade 1   dex-a: 500 USDC -> >= 0.16 WETH", "trade 2   dex-b: 0.16 WETH -> >= 501 USDC"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("approvals screen lacks %q:\n%s", want, screen)
		}
	}
	// The dialog is open while the plan ages past its TTL.
	send(m, keyMsg("a"))
	send(m, armMsg{m.dialogN}, frameMsg(t0.Add(9*time.Second)))
	if screen = text(m); !strings.Contains(screen, "planned   11s ago (TTL 20s, stale in 9s)") {
		t.Fatalf("the dialog's plan age does not count up:\n%s", screen)
	}
	send(m, frameMsg(t0.Add(63*time.Second)))
	screen = text(m)
	if !strings.Contains(screen, "planned   1m05s ago · stale: older than its 20s TTL") {
		t.Fatalf("a plan past its TTL is not shown stale:\n%s", screen)
	}
	send(m, keyMsg("esc"))
	if screen = text(m); !strings.Contains(screen, "stale 1m05s") {
		t.Fatalf("the queue does not mark the plan stale:\n%s", screen)
	}
	// With legs from the runtime, they replace the trades.
	ap.Legs = []string{"dex-a: 500 USDC -> >= 0.16 WETH by 09:31:53", "dex-b: 0.16 WETH -> >= 501 USDC by 09:31:53"}
	f.approvals = []Approval{ap}
	send(m, agentsMsg{approvals: f.Approvals()})
	screen = text(m)
	if !strings.Contains(screen, "leg 2     dex-b: 0.16 WETH -> >= 501 USDC by 09:31:53") || strings.Contains(screen, "trade 1") {
		t.Fatalf("legs not shown instead of trades:\n%s", screen)
	}
}

// TestStaleApprovalIsNotCalledApproved: approving a plan that went stale
// while the dialog was open still answers the runtime (the agent plans
// again at once) but the screen says it was too late, not "✓ approved".
func TestStaleApprovalIsNotCalledApproved(t *testing.T) {
	t.Parallel()
	f := newFake()
	f.approvals = []Approval{{ID: "p1", Agent: "arb", Summary: "arbitrage 500 USDC dex-a -> dex-b",
		Calls:   []Call{{Contract: "executor 0xe1", Method: "arbitrage"}},
		Created: t0, Expires: t0.Add(5 * time.Minute), PlannedAt: t0, TTL: 30 * time.Second}}
	m := newModel(t, f, 120, 40)
	send(m, agentsMsg{approvals: f.Approvals()}, keyMsg("2"), frameMsg(t0.Add(5*time.Second)), keyMsg("a"))
	send(m, armMsg{m.dialogN}, frameMsg(t0.Add(33*time.Second)))
	done, ok := run(t, send(m, keyMsg("y"))).(doneMsg)
	if !ok || done.err == nil || !strings.Contains(done.err.Error(), "too late: the plan is older than its 30s TTL") {
		t.Fatalf("stale approval result %+v", done)
	}
	if got := f.Calls(); !slices.Equal(got, []string{"approve p1"}) {
		t.Fatalf("runtime calls %q, want the approval answered", got)
	}
	send(m, done)
	if screen := text(m); strings.Contains(screen, "✓ approved") || !strings.Contains(screen, "too late") {
		t.Fatalf("a stale approval reads as approved:\n%s", screen)
	}
	// Fresh, the same answer is an approval.
	m, _ = scene(t, 100, 30)
	send(m, press("2", "a")...)
	send(m, armMsg{m.dialogN})
	if done, _ = run(t, send(m, keyMsg("y"))).(doneMsg); done.err != nil || !strings.HasPrefix(done.what, "approved ") {
		t.Fatalf("fresh approval result %+v", done)
	}
}
