package tui

import (
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// bigModel is a model with n agents that recorded decisions decisions in
// total (round robin), with prices and equity for each.
func bigModel(b *testing.B, n, decisions, w, h int) *Model {
	b.Helper()
	f := newFake()
	m := newModel(b, f, w, h)
	as := make([]Agent, n)
	for i := range as {
		as[i] = Agent{Name: "agent-" + itoa(1000+i), Strategy: "dex.momentum", Model: "ollama:qwen2.5:3b", Brain: "ollama:qwen2.5:3b",
			Mode: ModeAuto, Status: "running", Wallet: "0x1afCF2AA6e57EDba765891dE521CdB068994E3EB", Quote: "USDC",
			Equity: itoa(30000 + i), PnL: itoa(i%200 - 100), Decisions: uint64(decisions / n)}
	}
	send(m, agentsMsg{agents: as})
	for i := range decisions {
		send(m, eventFor(i, n))
	}
	send(m, frameMsg(t0))
	return m
}

// eventFor is the i-th event of a busy runtime: observations, equity
// updates, decisions and their records, spread over n agents.
func eventFor(i, n int) tea.Msg {
	name := "agent-" + itoa(1000+i%n)
	at := t0.Add(time.Duration(i) * time.Millisecond)
	switch (i / n) % 4 { // every agent goes through every kind
	case 0:
		return eventMsg{Event{Kind: EventObserved, Agent: name, At: at, Block: uint64(i), Price: 3000 + float64(i%97), Text: "observed"}}
	case 1:
		return eventMsg{Event{Kind: EventEquity, Agent: name, At: at, Equity: "30000", PnL: "1.5", Quote: "USDC", EquityValue: 30000 + float64(i%13)}}
	case 2:
		return eventMsg{Event{Kind: EventDecided, Agent: name, At: at, Text: "decided",
			Decision: Decision{Action: "buy", Rationale: "price rose 1.2% over 5 observations, above the 30 bps threshold", Model: "rules"}}}
	}
	return eventMsg{Event{Kind: EventRecorded, Agent: name, At: at, Text: "recorded",
		Decision: Decision{Seq: uint64(i), Action: "buy", Verdict: "allowed", Outcome: "confirmed",
			TxHash: "0x9c1e6f0b7d3a2c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6"}}}
}

// BenchmarkRenderFrame renders the Agents and Agent detail screens with
// 1,000 agents and 10,000 decisions, one new event before each frame (so
// the table is re-sorted). Target: under 5 ms per frame.
func BenchmarkRenderFrame(b *testing.B) {
	for _, c := range []struct {
		name string
		keys []string
		w, h int
	}{
		{"agents-160x48", nil, 160, 48},
		{"agents-sorted-by-pnl-160x48", []string{"s"}, 160, 48},
		{"detail-160x48", []string{"enter"}, 160, 48},
		{"agents-80x24", nil, 80, 24},
		{"detail-80x24", []string{"enter"}, 80, 24},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := bigModel(b, 1000, 10000, c.w, c.h)
			if c.keys != nil && c.keys[0] == "enter" {
				// The opened agent (the first) has full rings: 256
				// decisions, 240 prices and equity points.
				for i := range 10000 {
					send(m, eventFor(i, 1))
				}
			}
			send(m, press(c.keys...)...)
			b.ReportAllocs()
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime(b)
			for i := 0; b.Loop(); i++ {
				send(m, eventFor(10000+i, 1000), frameMsg(t0))
				_ = m.View()
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
			// CPU time too: on a shared machine the wall clock mostly
			// measures the neighbours.
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
		})
	}
}

// BenchmarkEventStream feeds one second of a 1,000 events/s runtime (with
// the 10 frames drawn in that second) per op, and reports how much of the
// second it takes and how the heap grew over the whole run: the rings
// keep it flat.
func BenchmarkEventStream(b *testing.B) {
	m := bigModel(b, 1000, 10000, 160, 48)
	// Fill every ring to its limit first: growth after that would be a leak.
	for i := range 4 * decisionsPerAgent * 1000 {
		m.d.apply(eventFor(i, 1000).(eventMsg).e)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	i := 0
	for b.Loop() {
		for range 10 {
			for range 100 {
				send(m, eventFor(20000+i, 1000))
				i++
			}
			send(m, frameMsg(t0))
			_ = m.View()
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	b.ReportMetric(float64(elapsed.Microseconds())/1000/float64(b.N), "ms/1000-events")
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1024, "KiB-heap-growth")
	b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "MiB-heap")
}
