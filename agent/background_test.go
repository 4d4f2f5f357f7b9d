package agent

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies"
)

// backgrounded is a scripted strategy with background work (a CLOB
// heartbeat's shape): it counts the ticks it saw when its context ended.
type backgrounded struct {
	*scripted
	started chan struct{}

	mu       sync.Mutex
	observed int
	atStop   int
	finished bool
}

func (b *backgrounded) Observe(ctx context.Context) (*strategies.Observation, error) {
	b.mu.Lock()
	b.observed++
	b.mu.Unlock()
	return b.scripted.Observe(ctx)
}

func (b *backgrounded) Background(ctx context.Context, _ *slog.Logger) {
	close(b.started)
	<-ctx.Done()
	b.mu.Lock()
	b.atStop = b.observed
	b.mu.Unlock()
	// The way out takes a while (cancelling orders over HTTP).
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	b.finished = true
	b.mu.Unlock()
}

// TestBackgroundLivesAsLongAsTheAgentLoop: a strategy's background work
// starts with the run, ends only after the agent's last tick, and a clean
// shutdown waits for its way out.
func TestBackgroundLivesAsLongAsTheAgentLoop(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := &backgrounded{scripted: &scripted{h: h, decision: buy, amount: units(10, 6)}, started: make(chan struct{})}
	rt := h.runtime(Spec{Strategy: b})
	ctx, cancel := context.WithCancel(context.Background())
	rt.Run(ctx)
	select {
	case <-b.started:
	case <-time.After(30 * time.Second):
		t.Fatal("the background work did not start with the run")
	}
	deadline := time.Now().Add(30 * time.Second) // guards a hang only
	for {
		b.mu.Lock()
		n := b.observed
		b.mu.Unlock()
		if n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d ticks in 30s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if !rt.Shutdown(10 * time.Second) {
		t.Fatal("drain did not finish")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.finished {
		t.Fatal("Shutdown returned before the background work's way out finished")
	}
	if b.atStop != b.observed {
		t.Fatalf("the background work ended after %d ticks, but the agent ticked %d times: it must outlive the last tick", b.atStop, b.observed)
	}
}
