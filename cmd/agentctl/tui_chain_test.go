package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/tui"
)

// The TUI gets the headless run's chain watch: when its node starts serving
// another chain, every agent stops trading (paused, with the reason on the
// Agents screen), the status bar says why, the TUI stays open, and the
// session ends with the reason (exit 1) without anchoring on that chain.
func TestTUIStopsTradingWhenTheChainChanges(t *testing.T) {
	cfgText := strings.Replace(mcpTestConfig, "interval: 1h", "interval: 100ms", 1)
	// Anchoring on, batches only at shutdown: the flush must not anchor
	// on a chain that is not the session's.
	cfgText = strings.Replace(cfgText, "anchoring:\n  enabled: false", "anchoring:\n  enabled: true\n  every_records: 100000\n  every: 1h", 1)
	cfg, err := configs.Load(configs.LoadOptions{Data: []byte(cfgText), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := newApp(nil, nil, nil)
	a.home = t.TempDir()
	runCtx, stop := context.WithCancel(ctx)
	s := &tuiSession{a: a, cfg: cfg, log: slog.New(slog.DiscardHandler), runCtx: runCtx, stop: stop, booted: make(chan struct{}),
		pass: func() (string, bool, error) { return "", false, nil }}
	view, err := s.boot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			s.close(nil)
		}
	}()
	l := newTeaLoop(t, tui.New(ctx, tui.Options{Runtime: view, Mono: true}))
	l.send(tea.WindowSizeMsg{Width: 160, Height: 50})
	sub := s.host.Runtime.Bus().Subscribe(4096)
	defer sub.Close()
	decided := func() int {
		n := 0
		for {
			select {
			case e := <-sub.C:
				if _, ok := e.(agent.DecisionRecorded); ok {
					n++
				}
			default:
				return n
			}
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for decided() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the agent never decided")
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The node answers block 1 as it did, then with another chain's.
	node := &scriptedNode{times: []uint64{100, 100, 200}}
	tick := make(chan time.Time)
	watched := make(chan struct{})
	go func() { defer close(watched); s.watch(node, "http://127.0.0.1:8545", tick) }()
	tick <- time.Time{}
	tick <- time.Time{}
	<-watched

	snap := s.host.Runtime.Snapshots()[0]
	if snap.Status != agent.StatusPaused || !strings.Contains(snap.Reason, "now serves another chain") {
		t.Fatalf("after the chain changed the agent reads %q (%q), want paused naming the chain change", snap.Status, snap.Reason)
	}
	// Nothing trades any more: the loops ended (a tick in flight finished).
	if !s.host.Runtime.Shutdown(10 * time.Second) {
		t.Fatal("the agents' loops did not end")
	}
	screen := l.until("the reason in the status bar", func(s string) bool {
		return strings.Contains(s, "now serves another chain")
	})
	l.until("the agent paused", func(s string) bool { return strings.Contains(s, "paused") })
	if !strings.Contains(screen, "wallet") {
		t.Fatalf("the TUI no longer lists the agent:\n%s", screen)
	}
	closed = true
	err = s.close(nil)
	if err == nil || !strings.Contains(err.Error(), "the node at http://127.0.0.1:8545 now serves another chain") {
		t.Fatalf("the session ends with %v, want the chain change", err)
	}
	db, err := store.Open(filepath.Join(a.home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if as, err := db.Anchors(context.Background(), "wallet"); err != nil || len(as) != 0 {
		t.Fatalf("%d anchors sent at shutdown after the chain changed (%v)", len(as), err)
	}

}
