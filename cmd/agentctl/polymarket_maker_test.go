package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
)

// pmMakerAgent is a predict.polymarket agent of the maker test: its
// signature_type and funder ("" for eoa) and the funder its policy names.
func pmMakerAgent(name, url, home, typ, funder, named string) string {
	maker := ""
	if typ != "" {
		maker = "\n      signature_type: " + typ + "\n      funder: \"" + funder + "\""
	}
	allowed := "pm-market, " + mustExchange().Hex()
	if named != "" {
		allowed += ", " + named
	}
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
      markets: [{name: yes, token_id: "7001", fair: "0.70"}]` + maker + `
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [` + allowed + `]
      quote_token: PUSD
      max_trade: {PUSD: "12"}
      max_daily_quote: "50"
      max_trades_per_hour: 100
`
}

// TestPolymarketWalletMakersHeadless: `agentctl run --headless` with an
// agent trading through its deposit wallet (POLY_1271) and one through
// its proxy: the test CLOB checks each order's signature against the
// wallet's owner and accepts them, and the wallets, not the agents' keys,
// hold what they bought. A new account the CLOB sends to the deposit
// wallet flow records the failure with what to set. A funder the agent's
// policy does not name stops the run before it starts: exit 2 naming the
// line.
func TestPolymarketWalletMakersHeadless(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-maker-passphrase"
	t.Setenv("AGENTCTL_PASSWORD", pass)
	t.Setenv("AGENTCTL_MODEL", "rules")
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")

	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: pmRunCond,
		Tokens: [2]*big.Int{pmRunYes, pmRunNo}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.60", "200")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.40", "100")

	keys := map[string]common.Address{}
	for name, s := range pmAccounts(t, srv, home, pass, 0, "depo", "prox", "fresh") {
		keys[name] = s.Address()
	}
	// The wallets stand at the addresses their owners' keys would deploy.
	deposit, proxy := crypto.CreateAddress(keys["depo"], 0), crypto.CreateAddress(keys["prox"], 0)
	srv.DepositWallet(deposit, keys["depo"])
	srv.Proxy(proxy, keys["prox"])
	srv.Fund(deposit, big.NewInt(100_000_000))
	srv.Fund(proxy, big.NewInt(100_000_000))
	srv.Fund(keys["fresh"], big.NewInt(100_000_000))
	srv.RequireDepositWallet(keys["fresh"])

	head := "models:\n  default: rules\nchain:\n  polymarket:\n    pm-market: {condition_id: \"" + pmRunCond + "\", tokens: [\"7001\", \"7002\"]}\nagents:"
	cfg := filepath.Join(home, "poly.yaml")
	write := func(body string) {
		if err := os.WriteFile(cfg, []byte(head+body), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// A funder the policy does not name: a config error, nothing runs.
	bad := pmMakerAgent("depo", srv.URL, home, "deposit_wallet", deposit.Hex(), "")
	write(bad)
	code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "4s")
	line := 1 + strings.Count((head + bad)[:strings.Index(head+bad, "funder:")], "\n")
	want := fmt.Sprintf("poly.yaml:%d: agents[0].params.funder: %s (POLY_1271 deposit wallet) is not named by this agent's policy: add it to policy.allowed_contracts", line, deposit.Hex())
	if code != 2 || !strings.Contains(errs+out, want) {
		t.Fatalf("unnamed funder: exit %d, want 2 naming %q\nstderr: %s", code, want, errs)
	}
	if srv.Accepted() != 2 {
		t.Fatalf("a run that should not start posted: the CLOB accepted %d orders", srv.Accepted())
	}

	write(pmMakerAgent("depo", srv.URL, home, "deposit_wallet", deposit.Hex(), strings.ToLower(deposit.Hex())) +
		pmMakerAgent("prox", srv.URL, home, "proxy", proxy.Hex(), proxy.Hex()) +
		pmMakerAgent("fresh", srv.URL, home, "", "", ""))
	code, out, errs = runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "4s")
	if code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 3000))
	}
	for name, w := range map[string]common.Address{"depo": deposit, "prox": proxy} {
		if got := srv.Tokens(w, pmRunYes); got.Sign() <= 0 {
			t.Errorf("%s's wallet %s holds %v YES after its run; log %+v", name, w.Hex(), got, pmRunLog(t, home, cfg, name))
		}
		if got := srv.Tokens(keys[name], pmRunYes); got.Sign() != 0 {
			t.Errorf("%s's own key holds %v YES: its orders were not made by its wallet", name, got)
		}
	}
	if got := srv.Tokens(keys["fresh"], pmRunYes); got.Sign() != 0 {
		t.Errorf("fresh bought %v YES outside the deposit wallet flow", got)
	}
	said := false
	for _, r := range pmMakerLog(t, home, cfg, "fresh") {
		said = said || (r.Kind == "completion" && r.Outcome == "failed" && strings.Contains(r.Error, clobtest.ErrDepositWallet) &&
			strings.Contains(r.Error, "set params signature_type: deposit_wallet and funder"))
	}
	if !said {
		t.Fatalf("fresh's refused order is not recorded with what to set; log %+v", pmMakerLog(t, home, cfg, "fresh"))
	}
	cli(t, home, 0, "--config", cfg, "verify")
}

// pmMakerLog are an agent's records with their error text.
func pmMakerLog(t *testing.T, home, cfg, agent string) []struct{ Kind, Outcome, Verdict, Error string } {
	t.Helper()
	var recs []struct{ Kind, Outcome, Verdict, Error string }
	for _, line := range strings.Split(strings.TrimSpace(cli(t, home, 0, "--config", cfg, "log", "--json", "--agent", agent)), "\n") {
		var r struct{ Kind, Outcome, Verdict, Error string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}
