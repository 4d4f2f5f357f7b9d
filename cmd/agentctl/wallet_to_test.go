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

// `wallet balance ACCOUNT` on the home's devnet shows every token of the
// devnet, not ETH alone.
func TestWalletBalanceShowsTheDevnetTokens(t *testing.T) {
	t.Parallel()
	h := newChainHome(t)
	got := h.balances(t, "alice")
	if got["ETH"] != "10" || got["USDC"] != "100" || got["WETH"] != "0" || got["DAI"] != "0" || len(got) != 1+len(h.m.Tokens) {
		t.Fatalf("alice's balances %v, want ETH and every devnet token", got)
	}
}
