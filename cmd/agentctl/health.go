package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
)

// Health probing: how often, over what window, and how long one probe may take.
const (
	healthInterval = 5 * time.Second
	healthWindow   = time.Minute
	probeTimeout   = 5 * time.Second
	// A window with this share of failed probes, or a probe this slow, is
	// reported as a warning.
	degradedErrorRate = 0.3
	slowLatency       = 2 * time.Second
)

// chainReader is what the health monitor asks the node.
type chainReader interface {
	BlockNumber(ctx context.Context) (uint64, error)
}

// health watches what the runtime needs to trade: the chain (probed every
// healthInterval: reachable, last block, error rate and latency over
// healthWindow), the model servers, and the agents (paused, stuck). It
// answers /healthz from the last probe, so a request never waits on a node.
type health struct {
	rt     *agent.Runtime
	chain  chainReader
	rpc    string // shown in reports; "" for the in-process devnet
	models func(context.Context) []llm.Status
	used   []string // configured model names, to say which server each needs
	now    func() time.Time

	mu      sync.Mutex
	samples []probeSample
	block   uint64
	servers []llm.Status
}

type probeSample struct {
	at      time.Time
	latency time.Duration
	err     error
}

// usedModels lists the model names the configured agents decide with.
func usedModels(cfg *configs.Config) []string {
	var out []string
	for _, a := range cfg.Agents {
		for _, m := range []string{cmp.Or(a.Model, cfg.Models.Default), a.FallbackModel} {
			if m != "" && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// newHealth builds the monitor; probe fills it, run keeps it fresh.
func newHealth(h *agent.Host, rpc string, models []string) *health {
	return &health{
		rt: h.Runtime, chain: h.Client.Backend(), rpc: rpc, models: h.ModelStatuses, used: models, now: time.Now,
	}
}

// probe asks the node for its head and the model servers whether they answer.
func (m *health) probe(ctx context.Context) {
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	start := m.now()
	n, err := m.chain.BlockNumber(pctx)
	lat := m.now().Sub(start)
	cancel()
	var servers []llm.Status
	if m.models != nil {
		servers = m.models(ctx)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.samples = append(m.samples, probeSample{at: now, latency: lat, err: err})
	m.samples = slices.DeleteFunc(m.samples, func(s probeSample) bool { return now.Sub(s.at) > healthWindow })
	if err == nil {
		m.block = n
	}
	m.servers = servers
}

// run probes every healthInterval until ctx ends.
func (m *health) run(ctx context.Context) {
	t := time.NewTicker(healthInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.probe(ctx)
		}
	}
}

// healthReport is the /healthz body.
type healthReport struct {
	OK      bool     `json:"ok"`
	Reasons []string `json:"reasons,omitempty"` // why the runtime cannot trade
	// Warnings say what slows or endangers trading without stopping it
	// (a flaky or slow node, a model server down).
	Warnings []string      `json:"warnings,omitempty"`
	Chain    chainHealth   `json:"chain"`
	Models   []modelHealth `json:"models"`
	Agents   []agentHealth `json:"agents"`
}

type chainHealth struct {
	RPC        string  `json:"rpc"`
	Reachable  bool    `json:"reachable"`
	LastBlock  uint64  `json:"last_block"`
	Error      string  `json:"error,omitempty"` // the last probe's
	Window     string  `json:"window"`
	Probes     int     `json:"probes"`
	ErrorRate  float64 `json:"error_rate"` // failed probes / probes in the window
	LatencyAvg float64 `json:"latency_avg_ms"`
	LatencyMax float64 `json:"latency_max_ms"`
}

type modelHealth struct {
	Provider string   `json:"provider"`
	Up       bool     `json:"up"`
	Reason   string   `json:"reason,omitempty"`
	Models   []string `json:"models,omitempty"` // configured models served by it
}

type agentHealth struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	Brain  string `json:"brain,omitempty"`
}

// report assesses the last probe and the agents now.
func (m *health) report() healthReport {
	m.mu.Lock()
	samples := slices.Clone(m.samples)
	block, servers := m.block, slices.Clone(m.servers)
	m.mu.Unlock()

	r := healthReport{OK: true, Chain: chainHealth{RPC: m.rpc, LastBlock: block, Window: healthWindow.String(), Probes: len(samples)}, Models: []modelHealth{}, Agents: []agentHealth{}}
	if r.Chain.RPC == "" {
		r.Chain.RPC = "(in-process devnet)"
	}
	if len(samples) == 0 {
		r.OK = false
		r.Reasons = append(r.Reasons, "the chain has not been probed yet")
	} else {
		last := samples[len(samples)-1]
		r.Chain.Reachable = last.err == nil
		var failed int
		var sum, worst time.Duration
		for _, s := range samples {
			if s.err != nil {
				failed++
			}
			sum += s.latency
			worst = max(worst, s.latency)
		}
		r.Chain.ErrorRate = float64(failed) / float64(len(samples))
		r.Chain.LatencyAvg = ms(sum / time.Duration(len(samples)))
		r.Chain.LatencyMax = ms(worst)
		if r.Chain.ErrorRate >= degradedErrorRate && last.err == nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%.0f%% of the chain probes failed over the last %s: trades may fail and back off", 100*r.Chain.ErrorRate, healthWindow))
		}
		if worst >= slowLatency {
			r.Warnings = append(r.Warnings, fmt.Sprintf("the chain answered in up to %s over the last %s: receipts and quotes are slow", worst.Round(time.Millisecond), healthWindow))
		}
		if last.err != nil {
			r.Chain.Error = last.err.Error()
			r.OK = false
			r.Reasons = append(r.Reasons, fmt.Sprintf("the chain at %s does not answer: %v", r.Chain.RPC, last.err))
		}
	}
	for _, s := range servers {
		mh := modelHealth{Provider: s.Provider, Up: s.Up, Reason: s.Reason}
		for _, name := range m.used {
			if strings.HasPrefix(name, s.Provider+":") && !slices.Contains(mh.Models, name) {
				mh.Models = append(mh.Models, name)
			}
		}
		r.Models = append(r.Models, mh)
		if !s.Up {
			r.Warnings = append(r.Warnings, fmt.Sprintf("model server %s is down (%s): its agents decide with their fallback, if any", s.Provider, s.Reason))
		}
	}
	r.Agents, r.Reasons, r.OK = assessAgents(m.rt.Snapshots(), r.Reasons, r.OK)
	return r
}

// assessAgents lists every agent with why it is not trading, and fails the
// report when none of them can trade.
func assessAgents(snaps []agent.Snapshot, reasons []string, ok bool) ([]agentHealth, []string, bool) {
	out := []agentHealth{}
	var idle []string
	for _, s := range snaps {
		out = append(out, agentHealth{Name: s.Name, Status: string(s.Status), Reason: s.Reason, Brain: s.Brain})
		switch s.Status {
		case agent.StatusPaused, agent.StatusStuck, agent.StatusStopped:
			idle = append(idle, fmt.Sprintf("%s is %s (%s)", s.Name, s.Status, s.Reason))
		}
	}
	if len(snaps) > 0 && len(idle) == len(snaps) {
		ok = false
		reasons = append(reasons, "no agent can trade: "+strings.Join(idle, "; "))
	}
	return out, reasons, ok
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ServeHTTP answers /healthz: 200 when the runtime can trade, 503 when not.
func (m *health) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	r := m.report()
	w.Header().Set("Content-Type", "application/json")
	if !r.OK {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(r)
}
