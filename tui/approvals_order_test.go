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
