package agent

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies"
)

// An agent whose plans are denied tick after tick is shown as stuck once
// the streak reaches StuckAfter, with the denial as its reason, counted in
// the snapshot and the agentctl_agent_stuck metric; once a plan goes
// through it is running again. Before, 70+ denials in a row still showed
// `running`.
func TestRepeatedDenialsMarkAgentStuckUntilItActs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	s := &scripted{h: h, decision: buy, mutate: func(p *strategies.Plan) {
		p.Calls[1].Data = swapData(h, units(100, 6), common.Big1, common.HexToAddress("0xbad"))
	}}
	rt := h.runtime(Spec{Strategy: s})
	rt.stuckAfter = 3
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	sub := rt.Bus().Subscribe(256)
	defer sub.Close()
	for i := 1; i <= 3; i++ {
		tickOnce(t, rt, "tester")
		snap := rt.Snapshots()[0]
		if snap.Streak != uint64(i) {
			t.Fatalf("after %d denials the streak is %d", i, snap.Streak)
		}
		if want := i == 3; (snap.Status == StatusStuck) != want {
			t.Fatalf("after %d denials status %s", i, snap.Status)
		}
	}
	snap := rt.Snapshots()[0]
	if !strings.Contains(snap.Reason, "policy denied: ") || !strings.Contains(snap.Reason, "not the agent's wallet") {
		t.Fatalf("stuck reason %q, want the denial", snap.Reason)
	}
	drain := func() {
		for {
			select {
			case e := <-sub.C:
				m.observe(e)
			default:
				return
			}
		}
	}
	drain()
	if v := gauge(t, reg, "agentctl_agent_stuck"); v != 1 {
		t.Fatalf("agentctl_agent_stuck = %v, want 1", v)
	}
	s.mutate = nil
	tickOnce(t, rt, "tester")
	if snap = rt.Snapshots()[0]; snap.Status == StatusStuck || snap.Streak != 0 || snap.Reason != "" {
		t.Fatalf("after a confirmed plan: status %s (%q), streak %d", snap.Status, snap.Reason, snap.Streak)
	}
	drain()
	if v := gauge(t, reg, "agentctl_agent_stuck"); v != 0 {
		t.Fatalf("agentctl_agent_stuck = %v after it acted, want 0", v)
	}
}

// flaky is a model server that can be switched off.
type flaky struct {
	cannedModel
	mu   sync.Mutex
	down bool
}

func (f *flaky) Decide(ctx context.Context, req llm.Request) (llm.Reply, error) {
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		return llm.Reply{}, errors.New("connection refused; breaker open until " + time.Now().Format(time.RFC3339Nano))
	}
	return f.cannedModel.Decide(ctx, req)
}

// The model goes down for three ticks and comes back: ModelDown is
// published (a WARN line) once and ModelRecovered (INFO) once; the
// latency metric's model label stays the model's name or "rules", never
// the fallback's message (whose breaker time made a series per outage).
func TestModelDownAndBackOnceEachWithBoundedLabels(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := &flaky{cannedModel: cannedModel{answer: func(llm.Request) string {
		return `{"action":"hold","params":{},"confidence":0.5,"rationale":"wait"}`
	}}}
	brain := modelBrain(f)
	brain.Fallback = RulesBrain{}
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: strategies.Decision{Action: "hold"}}, Brain: brain})
	sub := rt.Bus().Subscribe(256)
	defer sub.Close()
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))

	for _, down := range []bool{false, true, true, true, false, false} {
		f.mu.Lock()
		f.down = down
		f.mu.Unlock()
		tickOnce(t, rt, "tester")
	}
	var downs, ups int
	for done := false; !done; {
		select {
		case e := <-sub.C:
			m.observe(e)
			logEvent(log, e)
			switch e.(type) {
			case ModelDown:
				downs++
			case ModelRecovered:
				ups++
			}
		default:
			done = true
		}
	}
	if downs != 1 || ups != 1 {
		t.Fatalf("%d ModelDown and %d ModelRecovered events, want one each", downs, ups)
	}
	out := buf.String()
	if strings.Count(out, "level=WARN msg=\"model not answering") != 1 || strings.Count(out, "level=INFO msg=\"model answering again\"") != 1 {
		t.Fatalf("log:\n%s", out)
	}
	if n := series(t, reg, "agentctl_model_latency_seconds"); n != 2 {
		t.Fatalf("%d model latency series, want 2 (ollama:canned and rules)", n)
	}
	if v := gauge(t, reg, "agentctl_model_down"); v != 0 {
		t.Fatalf("agentctl_model_down = %v after the model came back", v)
	}
}

// gauge is the value of the one series of a gauge in reg.
func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no single series of %s", name)
	return 0
}

// series counts the label sets of a metric in reg.
func series(t *testing.T, reg *prometheus.Registry, name string) int {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return len(mf.GetMetric())
		}
	}
	return 0
}

// A headless ask agent, denied every tick because nobody can answer, is
// stuck too.
func TestAskAgentWithoutApproverIsStuck(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, Strategy: &scripted{h: h, decision: buy}})
	rt.stuckAfter = 2
	tickOnce(t, rt, "tester")
	tickOnce(t, rt, "tester")
	if snap := rt.Snapshots()[0]; snap.Status != StatusStuck || !strings.Contains(snap.Reason, "no approver") {
		t.Fatalf("status %s (%q), want stuck for want of an approver", snap.Status, snap.Reason)
	}
}
