package main

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// TestPolymarketFilledBidShowsInPnL: a headless predict.polymarket agent
// whose resting bid is hit between two runs books the fill and reports
// PnL exactly: the tokens at the others' mid less the pUSD the CLOB took.
// Its pUSD lives in the CLOB's books (no pool prices the devnet's ETH in
// pUSD), and it is still valued.
func TestPolymarketFilledBidShowsInPnL(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-pnl-passphrase"
	srv := pmRunCLOB(t, pass)
	poly := pmAccounts(t, srv, home, pass, 1_000_000_000, "poly", "greedy")["poly"]
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmRunConfig(srv.URL, home)), 0o600); err != nil {
		t.Fatal(err)
	}
	// summary is poly's run summary: its PnL and what the run logged.
	summary := func(what string) string {
		t.Helper()
		code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "4s")
		if code != 0 {
			t.Fatalf("%s: run exit %d\nstderr: %s\nstdout tail: %s", what, code, errs, tail(out, 3000))
		}
		for _, line := range strings.Split(out, "\n") {
			var l struct{ Msg, Agent, PnL string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "agent summary" && l.Agent == "poly" {
				var raw map[string]any
				_ = json.Unmarshal([]byte(line), &raw)
				if p, ok := raw["pnl"].(string); ok {
					return p
				}
				t.Fatalf("%s: poly's summary has no PnL: %s", what, line)
			}
		}
		t.Fatalf("%s: no summary for poly:\n%s", what, tail(out, 3000))
		return ""
	}
	if p := summary("first run"); p != "0" && p != "0.00" && p != "0.000000" {
		if r, ok := new(big.Rat).SetString(p); !ok || r.Sign() != 0 {
			t.Fatalf("first run: PnL %q before any fill, want 0", p)
		}
	}
	// The house sells 10 into the agent's bid (the best one).
	before := srv.Collateral(poly.Address())
	srv.Take(pmRunYes, clob.Sell, "0.01", "10")
	cost := new(big.Int).Sub(before, srv.Collateral(poly.Address()))
	if got := srv.Tokens(poly.Address(), pmRunYes); got.Cmp(big.NewInt(10_000_000)) != 0 || cost.Sign() <= 0 {
		t.Fatalf("the house's sale left poly %v tokens for %v pUSD units", got, cost)
	}
	// Marked at the mid of the others' book, (0.40 + 0.60) / 2.
	want := new(big.Rat).SetFrac(new(big.Int).Sub(big.NewInt(5_000_000), cost), big.NewInt(1_000_000))
	p := summary("second run")
	got, ok := new(big.Rat).SetString(p)
	if !ok || got.Cmp(want) != 0 {
		t.Fatalf("PnL after the fill %q, want %s (10 tokens at 0.50 less %s pUSD units paid)", p, want.FloatString(6), cost)
	}
	cli(t, home, 0, "--config", cfg, "verify")
}
