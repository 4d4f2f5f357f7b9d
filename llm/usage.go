package llm

import (
	"maps"
	"sync"
	"time"
)

// AgentUsage is what one agent has spent on model calls.
type AgentUsage struct {
	Calls            int64
	Failures         int64
	Retries          int64
	PromptTokens     int64
	CompletionTokens int64
	// TotalLatency sums the wall time of every call, retries included.
	TotalLatency time.Duration
	LastLatency  time.Duration
	MaxLatency   time.Duration
}

// MeanLatency is TotalLatency over Calls, 0 before the first call.
func (a AgentUsage) MeanLatency() time.Duration {
	if a.Calls == 0 {
		return 0
	}
	return a.TotalLatency / time.Duration(a.Calls)
}

// Usage accounts tokens and latency per agent name. The zero value is ready
// to use and safe for concurrent use; one Usage may be shared by several
// Resilient providers so an agent's total spans them all.
type Usage struct {
	mu     sync.Mutex
	agents map[string]AgentUsage
}

// record adds one finished call.
func (u *Usage) record(agent string, r Reply, latency time.Duration, retries int, failed bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.agents == nil {
		u.agents = make(map[string]AgentUsage)
	}
	a := u.agents[agent]
	a.Calls++
	if failed {
		a.Failures++
	}
	a.Retries += int64(retries)
	a.PromptTokens += int64(r.PromptTokens)
	a.CompletionTokens += int64(r.CompletionTokens)
	a.TotalLatency += latency
	a.LastLatency = latency
	a.MaxLatency = max(a.MaxLatency, latency)
	u.agents[agent] = a
}

// Agent returns one agent's totals (zero if it never called).
func (u *Usage) Agent(name string) AgentUsage {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.agents[name]
}

// Snapshot copies every agent's totals.
func (u *Usage) Snapshot() map[string]AgentUsage {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.agents == nil {
		return map[string]AgentUsage{}
	}
	return maps.Clone(u.agents)
}
