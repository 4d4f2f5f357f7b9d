package tui

import (
	"strings"
	"testing"
)

// TestPausedAgentReadsPausedWhenItsLoopEnds: when the runtime drains (quit,
// or a run stopped for the chain), a paused agent's loop ends too; the
// Agents screen still says paused and why, and a running one says stopped.
func TestPausedAgentReadsPausedWhenItsLoopEnds(t *testing.T) {
	t.Parallel()
	m := newModel(t, newFake(), 160, 40)
	send(m,
		eventMsg{Event{Kind: EventStarted, Agent: "held", At: t0, Mode: ModeAuto, Strategy: "dex.momentum", Model: "rules"}},
		eventMsg{Event{Kind: EventStarted, Agent: "ran", At: t0, Mode: ModeAuto, Strategy: "dex.momentum", Model: "rules"}},
		eventMsg{Event{Kind: EventPaused, Agent: "held", At: t0, Reason: "drawdown 12% above the kill switch"}},
		eventMsg{Event{Kind: EventStopped, Agent: "held", At: t0}},
		eventMsg{Event{Kind: EventStopped, Agent: "ran", At: t0}},
		frameMsg(t0),
	)
	if a := m.d.agents["held"]; a.Status != "paused" || a.Reason != "drawdown 12% above the kill switch" {
		t.Fatalf("paused agent after its loop ended: %q (%q)", a.Status, a.Reason)
	}
	if a := m.d.agents["ran"]; a.Status != "stopped" {
		t.Fatalf("running agent after its loop ended: %q", a.Status)
	}
	screen := text(m)
	if !strings.Contains(screen, "held") {
		t.Fatalf("the Agents screen does not list held:\n%s", screen)
	}
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "held") && !strings.Contains(line, "paused") {
			t.Fatalf("the Agents screen shows held without paused: %q\n%s", line, screen)
		}
	}
}
