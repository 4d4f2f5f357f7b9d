package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// TestPolymarketPaperRunFillsOnTheLiveBook: `agentctl run --headless`
// with a paper predict.polymarket agent rests its bid as a virtual order
// (the CLOB never sees it); once the house's ask comes down through the
// bid, the next run books exactly one paper fill at the bid's price for
// the ask's size, listing a paper trade; a third run books nothing twice;
// `agentctl verify` passes.
func TestPolymarketPaperRunFillsOnTheLiveBook(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-paper-passphrase"
	srv := pmRunCLOB(t, pass)

	pmAccounts(t, srv, home, pass, 1_000_000_000, "poly")
	conf := strings.Replace(pmRunConfig(srv.URL, home), "mode: auto", "mode: paper", 1)
	conf = conf[:strings.Index(conf, "\n  - name: greedy")] + "\n" // poly alone
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(what string) {
		t.Helper()
		code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "3s")
		if code != 0 {
			t.Fatalf("%s: run exit %d\nstderr: %s\nstdout tail: %s", what, code, errs, tail(out, 3000))
		}
	}
	fills := func() []pmRunRecord {
		t.Helper()
		var out []pmRunRecord
		for _, r := range pmRunLog(t, home, cfg, "poly") {
			if strings.HasPrefix(r.Intent, "fill/") {
				out = append(out, r)
			}
		}
		return out
	}
	const house = 2

	run("first run")
	if n := srv.Accepted() - house; n != 0 {
		t.Fatalf("a paper agent's orders reached the CLOB: %d", n)
	}
	if f := fills(); len(f) != 0 {
		t.Fatalf("paper fills before any ask crossed the bid: %+v", f)
	}

	srv.Take(pmRunYes, clob.Sell, "0.40", "100")
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.40", "8")
	run("second run")
	f := fills()
	if len(f) != 1 || f[0].Outcome != "paper" {
		t.Fatalf("after the ask crossed the bid: paper fills %+v, want one", f)
	}
	rc := string(f[0].Receipt)
	if !strings.Contains(rc, `"paper":true`) || !strings.Contains(rc, `"amountIn":"3280000"`) || !strings.Contains(rc, `"amountOut":"8000000"`) {
		t.Fatalf("the paper fill lists %s, want a paper trade of 8 YES for 3.28 pUSD (the bid's 0.41)", rc)
	}
	run("third run")
	if f := fills(); len(f) != 1 {
		t.Fatalf("a restart booked paper fills again: %+v", f)
	}
	if n := srv.Accepted() - house; n != 2 { // the house's take and ask
		t.Fatalf("the CLOB has %d orders besides the house's first two, want only its take and ask", n)
	}
	cli(t, home, 0, "--config", cfg, "verify")
}
