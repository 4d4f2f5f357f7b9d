package adapter

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/tui"
)

// TestApprovalInScreenFormats: an approval's amounts use the screen's one
// format (WETH never with 18 decimals; the exact base units kept in
// parentheses), and a router deadline reads as local time, not Unix.
func TestApprovalInScreenFormats(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 14, 0, 0, 0, time.Local)
	r := &Runtime{labels: map[string]string{}, now: func() time.Time { return now }}
	usdc := strategies.Token{Symbol: "USDC", Decimals: 6}
	weth := strategies.Token{Symbol: "WETH", Decimals: 18}
	deadline := now.Add(5 * time.Minute)
	unix := big.NewInt(deadline.Unix()).String()
	req := agent.ApprovalRequest{ID: "x", Agent: "a", Summary: "swap 0.342591220054919666 WETH for >= 991.680897 USDC on dex-a",
		Calls: []strategies.Call{{Method: "swapExactTokensForTokens", Value: big.NewInt(1_234_567_890_123_456_789),
			Args: []strategies.Arg{
				{Name: "amountIn", Value: "100 USDC (100000000)"},
				{Name: "amountOutMin", Value: "0.033260000000000123 WETH (33260000000000123)"},
				{Name: "path", Value: "USDC -> WETH"},
				{Name: "deadline", Value: unix},
			}}},
		Trades: []strategies.Trade{{Venue: "dex-a", TokenIn: usdc, TokenOut: weth, AmountIn: big.NewInt(100_000_000),
			MinOut: big.NewInt(33_260_000_000_000_123), QuotedOut: big.NewInt(33_400_000_000_000_999)}},
		PlannedAt: now.Add(-3 * time.Second), TTL: 30 * time.Second, Expected: "+1.25 USDC",
		Legs: []string{"dex-a: 100 USDC -> >= 0.03326 WETH by 14:05:00"},
	}
	ap := r.approval(req)
	if !ap.PlannedAt.Equal(req.PlannedAt) || ap.TTL != req.TTL || ap.Expected != "+1.25 USDC" ||
		len(ap.Legs) != 1 || ap.Legs[0] != req.Legs[0] {
		t.Errorf("plan age, TTL, expected or legs lost: %+v", ap)
	}
	args := map[string]string{}
	for _, a := range ap.Calls[0].Args {
		args[a.Name] = a.Value
	}
	want := map[string]string{
		"amountIn":     "100 USDC (100000000)",
		"amountOutMin": "0.03326 WETH (33260000000000123)",
		"path":         "USDC -> WETH",
		"deadline":     "14:05:00 (unix " + unix + ")",
	}
	for k, v := range want {
		if args[k] != v {
			t.Errorf("arg %s = %q, want %q", k, args[k], v)
		}
	}
	if ap.Summary != "swap 0.342591 WETH for >= 991.680897 USDC on dex-a" {
		t.Errorf("summary %q", ap.Summary)
	}
	if ap.Calls[0].Value != "1.234567" {
		t.Errorf("call value %q, want 1.234567", ap.Calls[0].Value)
	}
	if got := ap.Trades[0]; got != "dex-a: 100 USDC -> >= 0.03326 WETH (quoted 0.0334 WETH)" {
		t.Errorf("trade %q", got)
	}
	for _, s := range append(ap.Trades, args["amountOutMin"]) {
		if strings.Contains(s, "0.0332600000") {
			t.Errorf("18 decimals on screen: %q", s)
		}
	}
	// A deadline on another day says the date too.
	later := now.Add(72 * time.Hour)
	if got := argValue("deadline", big.NewInt(later.Unix()).String(), now); !strings.HasPrefix(got, "2026-12-09 14:00:00 ") {
		t.Errorf("deadline in three days shown as %q", got)
	}
	if got := argValue("deadline", "soon", now); got != "soon" {
		t.Errorf("a deadline that is not a number changed: %q", got)
	}
}

// TestStuckAgentAndItsValue: a stuck agent's status, reason and streak,
// its PnL parts, holdings and a failure to value reach the TUI as they are.
func TestStuckAgentAndItsValue(t *testing.T) {
	t.Parallel()
	s := agent.Snapshot{Name: "arb", Status: agent.StatusStuck, Reason: "every plan denied: over max_trade", Streak: 71,
		Quote: "USDC", Equity: "20000", PnL: "-3.2", Realized: "1.5", Unrealized: "-4.7", Flows: "-1000",
		Holdings: []agent.Holding{{Symbol: "WETH", Amount: "1.5", Value: "4500"}, {Symbol: "ETH", Amount: "0.01"}},
		ValueErr: "no price for ETH"}
	a := agentOf(s)
	if a.Status != "stuck" || a.Reason != s.Reason || a.Streak != 71 || a.Realized != "1.5" || a.Unrealized != "-4.7" || a.Flows != "-1000" ||
		a.ValueErr != "no price for ETH" || a.PnL != "-3.2" {
		t.Fatalf("snapshot shown as %+v", a)
	}
	if len(a.Holdings) != 2 || a.Holdings[0] != (tui.Holding{Symbol: "WETH", Amount: "1.5", Value: "4500"}) ||
		a.Holdings[1] != (tui.Holding{Symbol: "ETH", Amount: "0.01"}) {
		t.Fatalf("holdings %+v", a.Holdings)
	}
}

// TestLogTextInScreenFormats: the log's lines about plans use the amount
// format too.
func TestLogTextInScreenFormats(t *testing.T) {
	t.Parallel()
	r := &Runtime{labels: map[string]string{}}
	base := agent.Base{Agent: "a", At: time.Unix(0, 0)}
	plan := "swap 0.342591220054919666 WETH for >= 991.680897 USDC on dex-a"
	for _, e := range []agent.Event{
		agent.PolicyDenied{Base: base, Plan: plan, Reasons: []string{"over the cap"}},
		agent.PaperTraded{Base: base, Plan: plan},
		agent.ApprovalRequested{Base: base, Request: agent.ApprovalRequest{ID: "i", Summary: plan}},
		agent.EquityUpdated{Base: base, Quote: "USDC", Equity: "34691.170000", PnL: "-1.5000001"},
	} {
		ev, _ := r.Convert(e)
		if strings.Contains(ev.Text, "0.342591220054919666") || strings.Contains(ev.Text, "34691.170000") || strings.Contains(ev.Text, "-1.5000001") {
			t.Errorf("%T: %q", e, ev.Text)
		}
		if !strings.Contains(ev.Text, "0.342591 WETH") && !strings.Contains(ev.Text, "equity 34691.17 USDC, PnL -1.5") {
			t.Errorf("%T: %q", e, ev.Text)
		}
	}
}
