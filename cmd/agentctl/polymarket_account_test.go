package main

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// pmAcctConfig is a devnet config with one predict.polymarket agent, poly,
// on the test CLOB at url, with no params.credentials: its API
// credentials live beside the keystore.
func pmAcctConfig(url, home string, heartbeat bool, interval string) string {
	hb := ""
	if heartbeat {
		hb = "\n      heartbeat: true"
	}
	return `models:
  default: rules
chain:
  polymarket:
    pm-market: {condition_id: "` + pmRunCond + `", tokens: ["7001", "7002"]}
agents:
  - name: poly
    strategy: predict.polymarket
    mode: auto
    interval: ` + interval + `
    fund: {ETH: "1"}
    params:
      clob: ` + url + `
      journal: ` + filepath.Join(home, "poly-journal") + `
      kelly: "0.5"
      post_only: true` + hb + `
      markets: [{name: yes, token_id: "7001", fair: "0.70", condition_id: "` + pmRunCond + `"}]
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market, ` + mustExchange().Hex() + `]
      quote_token: PUSD
      max_trade: {PUSD: "12"}
      max_daily_quote: "50"
      max_trades_per_hour: 100
`
}

// pmAcctHome is a home with the config, a password file and no passphrase
// in the environment, and a test CLOB with house liquidity (two orders).
func pmAcctHome(t *testing.T, o clobtest.Options, heartbeat bool, interval string) (home, cfg, pwFile string, srv *clobtest.Server) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("AGENTCTL_PASSWORD", "")
	os.Unsetenv("AGENTCTL_PASSWORD")
	t.Setenv("AGENTCTL_MODEL", "rules")
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")
	o.Markets = []clobtest.Market{{ConditionID: pmRunCond, Tokens: [2]*big.Int{pmRunYes, pmRunNo}, Tick: "0.01", MinSize: "1"}}
	srv = clobtest.New(t, o)
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.40", "100")
	cfg = filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmAcctConfig(srv.URL, home, heartbeat, interval)), 0o600); err != nil {
		t.Fatal(err)
	}
	pwFile = filepath.Join(home, "pass.txt")
	if err := os.WriteFile(pwFile, []byte("pm-acct-passphrase\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return home, cfg, pwFile, srv
}

// pmCredentials makes poly's credentials through the binary and returns
// its wallet address and the credentials the CLOB holds for it.
func pmCredentials(t *testing.T, home, cfg, pwFile string, srv *clobtest.Server) (common.Address, clob.Credentials, string) {
	t.Helper()
	code, out, errs := runCLI(t, home, "--config", cfg, "--password-file", pwFile, "polymarket", "credentials", "--agent", "poly")
	if code != 0 {
		t.Fatalf("credentials: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	s, err := ks.Unlock("poly", "pm-acct-passphrase")
	if err != nil {
		t.Fatalf("the wallet credentials made: %v", err)
	}
	srv.Fund(s.Address(), big.NewInt(1_000_000_000))
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: s})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.DeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatalf("the CLOB has no API key for poly after credentials: %v", err)
	}
	return s.Address(), creds, out + errs
}

// TestPolymarketCredentialsOrdersCancelAll: a trader makes the agent's API
// credentials with one command and a password file (no AGENTCTL_PASSWORD):
// they are sealed 0600 beside the keystore, the output names the key and
// the file and shows no secret; running it again keeps the file; a run
// with the same password file trades with them; `polymarket orders` lists
// the resting bid and `cancel-all` pulls it (the CLOB confirms nothing is
// open), recorded as an operator record that verify accepts.
func TestPolymarketCredentialsOrdersCancelAll(t *testing.T) {
	home, cfg, pwFile, srv := pmAcctHome(t, clobtest.Options{}, false, "1s")
	// Before the credentials step a run says what to do (exit 2).
	code, _, errs := runCLI(t, home, "--config", cfg, "--password-file", pwFile, "run", "--headless", "--for", "2s")
	if code != exitUsage || !strings.Contains(errs, "params.credentials") || !strings.Contains(errs, "agentctl polymarket credentials --agent poly") {
		t.Fatalf("a run without credentials: exit %d, stderr %s", code, errs)
	}
	addr, creds, out := pmCredentials(t, home, cfg, pwFile, srv)

	path := clob.CredentialsPath(filepath.Join(home, "keystore"), addr)
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file %s: %v %v, want mode 0600", path, fi, err)
	}
	if !strings.Contains(out, creds.Key) || !strings.Contains(out, path) {
		t.Fatalf("the output does not name the API key %s and the file %s:\n%s", creds.Key, path, out)
	}
	noSecrets := func(what, s string) {
		t.Helper()
		for _, secret := range []string{creds.Secret, creds.Passphrase, "pm-acct-passphrase"} {
			if strings.Contains(s, secret) {
				t.Fatalf("%s shows a secret:\n%s", what, s)
			}
		}
	}
	noSecrets("credentials", out)
	if got, err := clob.LoadCredentials(path, addr, "pm-acct-passphrase"); err != nil || got.Key != creds.Key || got.Secret != creds.Secret {
		t.Fatalf("the file does not open to the CLOB's credentials: %v", err)
	}
	before, _ := os.ReadFile(path)

	// Again: the same key, the file kept. Another nonce is another key: refused without --force.
	again := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "credentials", "--agent", "poly")
	if !strings.Contains(again, "unchanged") || !strings.Contains(again, creds.Key) {
		t.Fatalf("second credentials: %s", again)
	}
	other := cli(t, home, 2, "--config", cfg, "--password-file", pwFile, "polymarket", "credentials", "--agent", "poly", "--nonce", "1")
	if !strings.Contains(other, "--force") {
		t.Fatalf("another key over the file is refused without saying --force: %s", other)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("the credentials file changed without --force")
	}
	wrong := filepath.Join(home, "wrong.txt")
	os.WriteFile(wrong, []byte("not-it\n"), 0o600)
	cli(t, home, 2, "--config", cfg, "--password-file", wrong, "polymarket", "orders", "--agent", "poly")
	if msg := cli(t, home, 2, "--config", cfg, "polymarket", "orders", "--agent", "poly"); !strings.Contains(msg, "--password-file") {
		t.Fatalf("no passphrase does not say what to do: %s", msg)
	}

	// A run with the password file trades with them.
	code, runOut, errs := runCLI(t, home, "--config", cfg, "--password-file", pwFile, "run", "--headless", "--for", "4s")
	if code != 0 {
		t.Fatalf("run: exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(runOut, 3000))
	}
	noSecrets("run", runOut+errs)
	open := srv.Open(addr)
	if len(open) != 1 {
		t.Fatalf("after the run poly has %d open orders on the CLOB, want its one bid", len(open))
	}

	// orders lists it.
	var rows []orderRow
	for _, line := range strings.Split(strings.TrimSpace(cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "orders", "--agent", "poly", "--json")), "\n") {
		var r orderRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("orders --json line: %v: %s", err, line)
		}
		rows = append(rows, r)
	}
	if len(rows) != 1 || !strings.EqualFold(rows[0].ID, open[0]) || rows[0].Side != "BUY" || rows[0].Token != pmRunYes.String() ||
		rows[0].Market != pmRunCond || rows[0].Price == "" || rows[0].Size == "" || rows[0].Matched != "0" {
		t.Fatalf("orders --json: %+v, want the one resting bid %s", rows, open[0])
	}
	if table := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "orders", "--agent", "poly"); !strings.Contains(table, "BUY") || !strings.Contains(table, rows[0].Price) || !strings.Contains(table, rows[0].ID) {
		t.Fatalf("orders table lacks the bid:\n%s", table)
	}

	// cancel-all pulls it and says so; the log records who did.
	pulled := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "cancel-all", "--agent", "poly")
	if !strings.Contains(pulled, "cancelled 1 open orders") || !strings.Contains(strings.ToLower(pulled), strings.ToLower(open[0])) {
		t.Fatalf("cancel-all output: %s", pulled)
	}
	noSecrets("cancel-all", pulled)
	if left := srv.Open(addr); len(left) != 0 {
		t.Fatalf("after cancel-all the CLOB still has %v open", left)
	}
	if none := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "orders", "--agent", "poly"); !strings.Contains(none, "no open orders") {
		t.Fatalf("orders after cancel-all: %s", none)
	}
	var recorded bool
	for _, line := range strings.Split(strings.TrimSpace(cli(t, home, 0, "--config", cfg, "log", "--json", "--agent", "poly")), "\n") {
		var r struct {
			Model, Outcome string
			Action         json.RawMessage
			Receipt        json.RawMessage
		}
		json.Unmarshal([]byte(line), &r)
		if r.Model == "operator" && strings.Contains(string(r.Action), "cancel-all") && r.Outcome == "confirmed" &&
			strings.Contains(strings.ToLower(string(r.Receipt)), strings.ToLower(open[0])) {
			recorded = true
		}
	}
	if !recorded {
		t.Fatal("the cancel-all is not in poly's log as an operator record naming the order")
	}
	cli(t, home, 0, "--config", cfg, "verify")
}

// TestPolymarketCancelAllBesideARunningAgent: the panic button works while
// a run holds the home: cancel-all pulls the running agent's bid and
// appends its operator record between the runtime's own, and the log
// still verifies after the run stops.
func TestPolymarketCancelAllBesideARunningAgent(t *testing.T) {
	// One tick an hour: the agent does not quote again while the test looks.
	home, cfg, pwFile, srv := pmAcctHome(t, clobtest.Options{}, false, "1h")
	addr, _, _ := pmCredentials(t, home, cfg, pwFile, srv)
	child, out := startAgentctl(t, nil, "--home", home, "--config", cfg, "--password-file", pwFile, "run", "--headless")
	waitFor(t, "poly's bid resting", func() bool { return len(srv.Open(addr)) == 1 })
	bid := srv.Open(addr)[0]
	pulled := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "cancel-all", "--agent", "poly")
	if !strings.Contains(strings.ToLower(pulled), strings.ToLower(bid)) {
		t.Fatalf("cancel-all beside the run: %s", pulled)
	}
	if left := srv.Open(addr); len(left) != 0 {
		t.Fatalf("the CLOB still has %v open", left)
	}
	if err := child.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := waitExit(t, child); code != 0 {
		t.Fatalf("the run exited %d after cancel-all:\n%s", code, tail(out.String(), 3000))
	}
	models := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(cli(t, home, 0, "--config", cfg, "log", "--json", "--agent", "poly")), "\n") {
		var r struct{ Model string }
		json.Unmarshal([]byte(line), &r)
		models[r.Model]++
	}
	if models["operator"] != 1 || len(models) < 2 {
		t.Fatalf("poly's log holds %v records by model; want the run's and one operator record", models)
	}
	cli(t, home, 0, "--config", cfg, "verify")
}

// fakeClock is the test CLOB's time, moved by the test only.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestPolymarketHeartbeatCancelsWhenAgentctlDies: with heartbeat: true a
// run keeps the CLOB's dead man's switch alive; killed (kill -9), its bid
// rests until the heartbeat times out on the CLOB's clock, then the CLOB
// has cancelled it. A clean stop cancels the orders itself at once.
func TestPolymarketHeartbeatCancelsWhenAgentctlDies(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	home, cfg, pwFile, srv := pmAcctHome(t, clobtest.Options{Now: clock.now, HeartbeatTimeout: 10 * time.Second}, true, "1s")
	addr, _, _ := pmCredentials(t, home, cfg, pwFile, srv)

	child, out := startAgentctl(t, nil, "--home", home, "--config", cfg, "--password-file", pwFile, "run", "--headless")
	waitFor(t, "poly's bid resting with heartbeats going", func() bool {
		return len(srv.Open(addr)) == 1 && srv.Heartbeating(addr)
	})
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	waitExit(t, child)
	t.Logf("killed run:\n%s", grepLines(out.String(), `"level":"WARN"`, `"level":"ERROR"`, "heartbeat"))
	bid := srv.Open(addr)
	if len(bid) != 1 {
		t.Fatalf("before the heartbeat timed out the bid should still rest; open: %v", bid)
	}
	clock.add(11 * time.Second)
	if none := cli(t, home, 0, "--config", cfg, "--password-file", pwFile, "polymarket", "orders", "--agent", "poly"); !strings.Contains(none, "no open orders") {
		t.Fatalf("after agentctl died and the heartbeat timed out, orders lists:\n%s", none)
	}
	if left := srv.Open(addr); len(left) != 0 {
		t.Fatalf("the CLOB kept %v open after the heartbeats stopped", left)
	}

	// A clean stop: the bid is posted again, and cancelled on the way out
	// without waiting for the CLOB's timeout (its clock does not move).
	code, runOut, errs := runCLI(t, home, "--config", cfg, "--password-file", pwFile, "run", "--headless", "--for", "4s")
	if code != 0 {
		t.Fatalf("run: exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(runOut, 3000))
	}
	if srv.Accepted()-2 != 2 {
		t.Fatalf("the second run did not post a new bid: %d agent orders accepted in all", srv.Accepted()-2)
	}
	if left := srv.Open(addr); len(left) != 0 {
		t.Fatalf("after a clean stop with heartbeat: true the CLOB still has %v open", left)
	}
	if !strings.Contains(runOut, "cancelled the open orders it kept alive") {
		t.Fatalf("the clean stop does not say it cancelled the orders:\n%s", grepLines(runOut, "heartbeat", `"level":"WARN"`))
	}
}
