package main

import (
	"strings"
	"testing"

	"github.com/agentctl/agentctl/configs"
)

// Without a terminal, agentctl with no subcommand says where to go instead
// of drawing into a pipe; unknown subcommands stay usage errors.
func TestTUINeedsATerminal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "run --headless"},
		{[]string{"frobnicate"}, "unknown command"},
	} {
		code, _, stderr := runCLI(t, t.TempDir(), c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("agentctl %v: exit %d, stderr %q; want exit %d naming %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
}

func TestTUIPreviewListsConfiguredAgents(t *testing.T) {
	t.Parallel()
	cfg, err := configs.Load(configs.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	p := preview(cfg)
	if len(p) != len(cfg.Agents) || len(p) == 0 {
		t.Fatalf("preview has %d agents, config %d", len(p), len(cfg.Agents))
	}
	for i, a := range p {
		if a.Name != cfg.Agents[i].Name || a.Status != "starting" || a.Model == "" || string(a.Mode) != string(cfg.Agents[i].Mode) {
			t.Errorf("preview %d = %+v", i, a)
		}
	}
}
