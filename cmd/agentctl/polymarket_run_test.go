package main

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

var (
	pmRunYes  = big.NewInt(7001)
	pmRunNo   = big.NewInt(7002)
	pmRunCond = "0x" + strings.Repeat("ab", 32)
)

// pmRunConfig is a devnet config with two predict.polymarket agents on the
// test CLOB at url: poly rests bids within its caps; greedy's daily cap is
// below the cheapest order, so its every order is a recorded denial.
func pmRunConfig(url, home string) string {
	agent := func(name, daily string) string {
		return `
  - name: ` + name + `
    strategy: predict.polymarket
    mode: auto
    interval: 1s
    fund: {ETH: "1"}
    params:
      clob: ` + url + `
      credentials: ` + filepath.Join(home, name+"-clob.json") + `
      journal: ` + filepath.Join(home, name+"-journal") + `
      kelly: "0.5"
      post_only: true
      markets: [{name: yes, token_id: "7001", fair: "0.70", condition_id: "` + pmRunCond + `"}]
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market, ` + mustExchange().Hex() + `]
      quote_token: PUSD
      max_trade: {PUSD: "12"}
      max_daily_quote: "` + daily + `"
      max_trades_per_hour: 100
`
	}
	return `models:
  default: rules
chain:
  polymarket:
    pm-market: {condition_id: "` + pmRunCond + `", tokens: ["7001", "7002"]}
agents:` + agent("poly", "50") + agent("greedy", "0.2")
}

func mustExchange() common.Address {
	ex, err := clob.ExchangeFor(clob.Polygon, 2, false)
	if err != nil {
		panic(err)
	}
	return ex.Address
}

// pmRunRecords are an agent's records as `agentctl log --json` prints them.
type pmRunRecord struct {
	Agent, Kind, Verdict, Outcome, Intent string
	Reasons                               []string
	Receipt                               json.RawMessage
}

func pmRunLog(t *testing.T, home, cfg, agent string) []pmRunRecord {
	t.Helper()
	out := cli(t, home, 0, "--config", cfg, "log", "--json", "--agent", agent)
	var recs []pmRunRecord
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var r pmRunRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// TestPolymarketHeadlessRunPostsAmendsAndSurvivesRestart: `agentctl run
// --headless` from a config file trades on the test CLOB (which checks
// every order's EIP-712 signature and L2 HMAC): poly's bid rests within
// policy; greedy's orders, over its daily cap, are recorded denials the
// CLOB never sees; a second run on the same home posts no duplicate; once
// the book moves, a third run cancels the stale bid and rests a new one;
// `agentctl verify` passes.
func TestPolymarketHeadlessRunPostsAmendsAndSurvivesRestart(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-run-passphrase"
	srv := pmRunCLOB(t, pass)

	// The agents' wallets, and their API keys derived once with them (as
	// setup does), saved encrypted beside the keystore.
	pmAccounts(t, srv, home, pass, 1_000_000_000, "poly", "greedy")
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmRunConfig(srv.URL, home)), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(what string) {
		t.Helper()
		code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "4s")
		if code != 0 {
			t.Fatalf("%s: run exit %d\nstderr: %s\nstdout tail: %s", what, code, errs, tail(out, 3000))
		}
		t.Logf("%s:\n%s", what, grepLines(out, `"level":"WARN"`, `"level":"ERROR"`))
	}
	const house = 2 // the test's own liquidity

	run("first run")
	if n := srv.Accepted() - house; n != 1 {
		t.Fatalf("after the first run the CLOB accepted %d of the agents' orders, want poly's one bid", n)
	}
	recs := pmRunLog(t, home, cfg, "poly")
	var first string
	for _, r := range recs {
		if r.Kind == "decision" && r.Verdict == "allowed" {
			first = strings.TrimPrefix(r.Intent, "sign/")
		}
	}
	if first == "" || srv.Posts(first) != 1 {
		t.Fatalf("poly's order %q posted %d times; log %+v", first, srv.Posts(first), recs)
	}
	denied := false
	for _, r := range pmRunLog(t, home, cfg, "greedy") {
		if r.Verdict == "allowed" {
			t.Fatalf("greedy's order over its daily cap was allowed: %+v", r)
		}
		denied = denied || (r.Verdict == "denied" && strings.Contains(strings.Join(r.Reasons, "; "), "daily"))
	}
	if !denied {
		t.Fatal("greedy's order over its daily cap is not a recorded denial")
	}

	// A restart with the book unchanged: the resting bid is still right,
	// and nothing is posted twice.
	run("second run")
	if n := srv.Accepted() - house; n != 1 || srv.Posts(first) != 1 {
		t.Fatalf("after a restart the CLOB has %d agent orders, the first posted %d times; want one, once", n, srv.Posts(first))
	}

	// The book moves past the bid: the next run cancels it and rests a new one.
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.50", "50")
	run("third run")
	open := pmOpen(t, srv, ks, pass)
	if open[strings.ToLower(first)] || len(open) != 1 {
		t.Fatalf("after the book moved the open orders are %v; want the stale %s cancelled and one new bid", open, first)
	}
	// The log holds the replace as one decision whose completion names the
	// cancelled bid and the new one.
	var second string
	for id := range open {
		second = id
	}
	replaced := false
	for _, r := range pmRunLog(t, home, cfg, "poly") {
		rc := strings.ToLower(string(r.Receipt))
		replaced = replaced || (r.Kind == "completion" && r.Outcome == "confirmed" && strings.Contains(rc, strings.ToLower(first)) && strings.Contains(rc, second))
	}
	if !replaced {
		t.Fatalf("no confirmed completion names the cancelled %s and the new %s", first, second)
	}
	cli(t, home, 0, "--config", cfg, "verify")
}

// pmAccounts makes each named agent's wallet in home's keystore, funds it
// on srv with fund pUSD base units (0: none), and saves the API credentials
// it derives from srv where pmRunConfig's agents read them
// (<home>/<name>-clob.json).
// pmRunCLOB is the binary tests' test CLOB: the pm-market YES/NO market
// with the house bidding 0.40 and offering 0.60 (100 each), and the
// environment a run needs (the keystore passphrase, rules, its own
// metrics port).
func pmRunCLOB(t *testing.T, pass string) *clobtest.Server {
	t.Helper()
	t.Setenv("AGENTCTL_PASSWORD", pass)
	t.Setenv("AGENTCTL_MODEL", "rules")
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: pmRunCond,
		Tokens: [2]*big.Int{pmRunYes, pmRunNo}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.40", "100")
	return srv
}

func pmAccounts(t *testing.T, srv *clobtest.Server, home, pass string, fund int64, names ...string) map[string]*wallet.Signer {
	t.Helper()
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*wallet.Signer{}
	for _, name := range names {
		if _, err := ks.New(name, pass); err != nil {
			t.Fatal(err)
		}
		s, err := ks.Unlock(name, pass)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = s
		if fund > 0 {
			srv.Fund(s.Address(), big.NewInt(fund))
		}
		c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: s})
		if err != nil {
			t.Fatal(err)
		}
		creds, err := c.CreateOrDeriveAPIKey(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := clob.SaveCredentials(filepath.Join(home, name+"-clob.json"), s.Address(), creds, pass, clob.LightScryptN); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// pmOpen are poly's orders resting on the CLOB.
func pmOpen(t *testing.T, srv *clobtest.Server, ks *wallet.Keystore, pass string) map[string]bool {
	t.Helper()
	s, err := ks.Unlock("poly", pass)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: s})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.CreateOrDeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ = clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: s, Creds: &creds})
	orders, err := c.OpenOrders(context.Background(), "", "", pmRunYes.String())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, o := range orders {
		out[strings.ToLower(o.ID)] = true
	}
	return out
}

// grepLines are the lines of out holding any of subs.
func grepLines(out string, subs ...string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		for _, s := range subs {
			if strings.Contains(l, s) {
				keep = append(keep, l)
				break
			}
		}
	}
	return strings.Join(keep, "\n")
}
