package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/report"
	"github.com/agentctl/agentctl/strategies/audit/triage"
)

// reviewer is the model behind `scan --llm`.
type reviewer struct {
	opts triage.Options
}

// newReviewer parses --llm and builds its provider from the config's
// model servers (models.ollama.host, models.openai...), as agents do.
func (a *app) newReviewer(name string) (*reviewer, error) {
	m, err := llm.ParseModel(name)
	if err != nil {
		return nil, usagef("--llm: %v", err)
	}
	if m.IsRules() {
		return nil, usagef("--llm rules: name a model to review with, e.g. ollama:qwen2.5-coder:7b")
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return nil, err
	}
	p, err := agent.NewProviders(cfg.Models, new(llm.Usage)).For(m)
	if err != nil {
		return nil, usagef("--llm %s: %v", m, err)
	}
	seed := int(cfg.Models.Seed)
	return &reviewer{opts: triage.Options{Provider: p, Model: m, Seed: &seed,
		CacheDir: filepath.Join(a.home, "cache", "scan-llm")}}, nil
}

// review runs the model review over the source findings and reports what
// it did on stderr; only an interrupted scan is an error.
func (a *app) review(ctx context.Context, rev *reviewer, res *audit.Result, in *report.Input) error {
	findings, st := triage.Review(ctx, res, in.Findings, rev.opts)
	if err := ctx.Err(); err != nil {
		return err
	}
	in.Findings = findings
	for _, n := range st.Notes {
		fmt.Fprintf(a.stderr, "llm review: %s\n", n)
	}
	fmt.Fprintf(a.stderr, "llm review (%s): %s\n", rev.opts.Model, st)
	return nil
}
