package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/tui"
)

// teaLoop runs a Bubble Tea model the way a program does, without a
// terminal: commands run in goroutines, their messages come back to the
// test goroutine, which alone calls Update and View.
type teaLoop struct {
	t   *testing.T
	m   tea.Model
	msg chan tea.Msg
}

func newTeaLoop(t *testing.T, m tea.Model) *teaLoop {
	l := &teaLoop{t: t, m: m, msg: make(chan tea.Msg, 256)}
	l.spawn(m.Init())
	return l
}

func (l *teaLoop) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				l.spawn(c)
			}
			return
		}
		if msg != nil {
			l.msg <- msg
		}
	}()
}

func (l *teaLoop) send(msg tea.Msg) {
	var cmd tea.Cmd
	l.m, cmd = l.m.Update(msg)
	l.spawn(cmd)
}

func (l *teaLoop) press(keys ...string) {
	for _, k := range keys {
		r := []rune(k)[0]
		l.send(tea.KeyPressMsg{Code: r, Text: k})
	}
}

func (l *teaLoop) screen() string { return ansi.Strip(l.m.View().Content) }

// until feeds messages until cond holds on the rendered screen; the
// deadline only stops a hang.
func (l *teaLoop) until(what string, cond func(screen string) bool) string {
	l.t.Helper()
	deadline := time.After(90 * time.Second)
	for {
		if s := l.screen(); cond(s) {
			return s
		}
		select {
		case msg := <-l.msg:
			l.send(msg)
		case <-deadline:
			l.t.Fatalf("the screen never showed %s:\n%s", what, l.screen())
		}
	}
}

// The TUI's own wiring (tuiSession.boot: runtime, adapter, approver, MCP
// on mcp.listen) with the real Bubble Tea model: an ask-mode proposal of
// the SDK's HTTP client appears in Approvals with its decoded calls;
// approving it with the key binding completes the client's call with the
// receipt; denying the next one returns the denial to the client.
func TestMcpAskProposalApprovedAndDeniedInTUI(t *testing.T) {
	cfgText := strings.Replace(mcpTestConfig, "mode: auto", "mode: ask\n    approval_timeout: 5m", 1) + "  listen: 127.0.0.1:0\n"
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
	defer func() {
		if err := s.close(nil); err != nil {
			t.Error(err)
		}
	}()
	if s.mcpAddr == nil {
		t.Fatal("the TUI serves no MCP endpoint with mcp.listen set")
	}
	l := newTeaLoop(t, tui.New(ctx, tui.Options{Runtime: view, Mono: true}))
	l.send(tea.WindowSizeMsg{Width: 160, Height: 60})

	cl := sdk.NewClient(&sdk.Implementation{Name: "editor", Version: "1"}, nil)
	cs, err := cl.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: "http://" + s.mcpAddr.String() + "/mcp", MaxRetries: -1,
		HTTPClient: http.DefaultClient}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	propose := func(amount string) <-chan map[string]any {
		out := make(chan map[string]any, 1)
		go func() {
			r, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "propose_swap",
				Arguments: map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": amount}})
			if err != nil || r.IsError {
				t.Errorf("propose_swap %s: %v %+v", amount, err, r)
				out <- nil
				return
			}
			m, _ := r.StructuredContent.(map[string]any)
			out <- m
		}()
		return out
	}
	// decide opens the Approvals screen, selects the client's proposal,
	// checks its decoded calls on screen and answers it with key (a or d)
	// and the confirmation.
	decide := func(k, amount string) {
		t.Helper()
		l.press("2")
		screen := l.until("the client's proposal in Approvals", func(s string) bool { return strings.Contains(s, "wants to: [mcp:editor]") })
		for _, want := range []string{"awaiting approval", "[mcp:editor] swap " + amount + " USDC for >= ",
			"1. approve on", "2. swapExactTokensForTokens on", "amountIn=" + amount, "simulated", "policy"} {
			if !strings.Contains(screen, want) {
				t.Fatalf("Approvals lacks %q:\n%s", want, screen)
			}
		}
		l.press(k)
		l.until("the confirmation", func(s string) bool {
			return strings.Contains(s, "Nothing is sent") || strings.Contains(s, "exact calls will be signed")
		})
		// The dialog takes keys once armed (a tick later): y until it closes.
		l.until("the dialog answered", func(s string) bool {
			if strings.Contains(s, "keys are ignored for a moment") || strings.Contains(s, "y/enter") {
				l.press("y")
				return false
			}
			return true
		})
	}

	done := propose("25")
	decide("a", "25")
	var got map[string]any
	select {
	case got = <-done:
	case <-time.After(90 * time.Second):
		t.Fatal("the client's call did not return after the approval")
	}
	rc, _ := got["receipts"].([]any)
	if got["verdict"] != "allowed" || got["approval"] != "approved" || got["outcome"] != "confirmed" || got["tx_hash"] == "" || len(rc) != 2 {
		t.Fatalf("approved in the TUI: the client got %v, want confirmed with 2 receipts", got)
	}
	l.until("the queue empty", func(s string) bool { return strings.Contains(s, "Nothing waits for approval") })

	done = propose("30")
	decide("d", "30")
	select {
	case got = <-done:
	case <-time.After(90 * time.Second):
		t.Fatal("the client's call did not return after the denial")
	}
	if got["approval"] != "denied" || got["outcome"] != "skipped" || got["tx_hash"] != nil {
		t.Fatalf("denied in the TUI: the client got %v, want approval denied, nothing sent", got)
	}
}
