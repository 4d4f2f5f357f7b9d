package tui

import (
	"strings"
	"testing"
	"time"
)

// TestApprovalShowsASignedOrder: an ask agent's order (a signature, not a
// call) is shown decoded: side, size, token, price, cost and exchange.
func TestApprovalShowsASignedOrder(t *testing.T) {
	t.Parallel()
	ap := Approval{Agent: "poly", Summary: "BUY 4.59 yes at 0.6800 on polymarket",
		Orders: []string{"BUY 4.59 of 7001 at 0.6800 for 3.12 pUSD on exchange 0xE111180000d2663C0091e4f400237545B87B996B (order 0xab)"}}
	out := strings.Join(approvalLines(ap, NewStyles(true), 200, time.Now()), "\n")
	for _, want := range []string{"order", "BUY 4.59 of 7001 at 0.6800 for 3.12 pUSD", "0xE111180000d2663C0091e4f400237545B87B996B"} {
		if !strings.Contains(out, want) {
			t.Errorf("approval does not show %q:\n%s", want, out)
		}
	}
}

// TestApproveAnOrderSaysItIsPosted: approving a plan of orders, the
// confirmation says the orders will be signed and posted, not calls sent.
func TestApproveAnOrderSaysItIsPosted(t *testing.T) {
	t.Parallel()
	m, f := scene(t, 120, 40)
	f.approvals = []Approval{{ID: "0rd3r", Agent: "asker", Summary: "SELL 5.28 yes at 0.7300 on polymarket", PlannedAt: t0, TTL: time.Minute,
		Orders: []string{"SELL 5.28 of token 7001 of pm-market at 0.7300 for 3.85 pUSD (less a fee of up to 0.03 pUSD) on exchange 0xE111180000d2663C0091e4f400237545B87B996B"}}}
	send(m, agentsMsg{f.Agents(), f.Approvals()})
	send(m, press("2", "a")...)
	if m.dialog == nil || !strings.Contains(text(m), "These exact orders will be signed and posted") || strings.Contains(text(m), "calls will be signed") {
		t.Fatalf("the confirmation of an order:\n%s", text(m))
	}
}
