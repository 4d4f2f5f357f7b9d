package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
)

// A headless run says at start that an ask-mode agent's plans will all be
// denied (nobody can approve them), naming the agent and what to do; an
// auto agent gets no such line.
func TestHeadlessWarnsAskModeHasNoApprover(t *testing.T) {
	t.Parallel()
	cfgText := strings.Replace(mcpTestConfig, "mode: auto", "mode: ask", 1)
	cfg, err := configs.Load(configs.LoadOptions{Data: []byte(cfgText), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	host, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	var b bytes.Buffer
	warnAskWithoutApprover(host.Runtime, slog.New(slog.NewJSONHandler(&b, nil)))
	out := b.String()
	if !strings.Contains(out, `"agent":"wallet"`) || !strings.Contains(out, "ask mode without an approver") ||
		!strings.Contains(out, "set its mode to auto or paper") {
		t.Fatalf("start warning for an ask agent: %q", out)
	}
	if err := host.Runtime.SetMode("wallet", agent.ModeAuto); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	warnAskWithoutApprover(host.Runtime, slog.New(slog.NewJSONHandler(&b, nil)))
	if b.Len() != 0 {
		t.Fatalf("an auto agent is warned about: %s", b.String())
	}
}
