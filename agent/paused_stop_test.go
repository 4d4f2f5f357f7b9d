package agent

import (
	"context"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies"
)

// TestPausedAgentStaysPausedAfterShutdown: the summary after a run shows an
// agent a person (or a kill switch) paused as paused, with the reason, and
// one that ran as stopped.
func TestPausedAgentStaysPausedAfterShutdown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: strategies.Decision{Action: "hold"}}})
	sub := rt.Bus().Subscribe(1024)
	defer sub.Close()
	if err := rt.Pause("tester", "paused from the TUI"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rt.Run(ctx)
	waitEvent(t, sub, func(e Event) bool { _, ok := e.(AgentStarted); return ok })
	cancel()
	if !rt.Shutdown(10 * time.Second) {
		t.Fatal("drain did not finish")
	}
	s := rt.Snapshots()[0]
	if s.Status != StatusPaused || s.Reason != "paused from the TUI" {
		t.Fatalf("after shutdown a paused agent reads %q (%q), want paused with its reason", s.Status, s.Reason)
	}
	if err := rt.Resume("tester"); err != nil {
		t.Fatal(err)
	}
}

// TestRunningAgentStoppedAfterShutdown is the other side: an agent that
// ran reads stopped once its loop ended.
func TestRunningAgentStoppedAfterShutdown(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: strategies.Decision{Action: "hold"}}})
	sub := rt.Bus().Subscribe(1024)
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	rt.Run(ctx)
	waitEvent(t, sub, func(e Event) bool { _, ok := e.(DecisionRecorded); return ok })
	cancel()
	if !rt.Shutdown(10 * time.Second) {
		t.Fatal("drain did not finish")
	}
	if s := rt.Snapshots()[0]; s.Status != StatusStopped {
		t.Fatalf("after shutdown a running agent reads %q, want stopped", s.Status)
	}
}

func waitEvent(t *testing.T, sub *Subscription, ok func(Event) bool) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case e := <-sub.C:
			if ok(e) {
				go func() {
					for range sub.C {
					}
				}()
				return
			}
		case <-timeout:
			t.Fatal("event never came")
		}
	}
}
