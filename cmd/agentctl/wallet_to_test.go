package main

import (
	"strings"
	"testing"
)

// `wallet send --to` takes a keystore account's name as ACCOUNT does; a
// name the keystore does not hold is a usage error saying what --to takes.
func TestWalletSendToAnAccountName(t *testing.T) {
	t.Parallel()
	h := newChainHome(t)
	if code, _, stderr := h.run(t, "wallet", "new", "--name", "carol"); code != 0 {
		t.Fatalf("wallet new: %d %s", code, stderr)
	}
	code, stdout, stderr := h.run(t, "wallet", "send", "alice", "--to", "carol", "--amount", "2", "--token", "USDC", "--yes")
	if code != 0 || !strings.Contains(stdout, "mined in block") {
		t.Fatalf("send to carol: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := h.balances(t, "carol", "USDC"); got["USDC"] != "2" {
		t.Fatalf("carol's balances %v, want 2 USDC", got)
	}
	code, _, stderr = h.run(t, "wallet", "send", "alice", "--to", "nobody", "--amount", "1", "--yes")
	if code != exitUsage || !strings.Contains(stderr, `--to "nobody" is neither an address`) || !strings.Contains(stderr, "agentctl wallet list") {
		t.Fatalf("unknown name: exit %d: %s", code, stderr)
	}
}
