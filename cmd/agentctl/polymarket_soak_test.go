package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
)

// The Polymarket soak: `agentctl run --headless` trades a
// predict.polymarket agent on the test CLOB for a while (60 s of driving
// by default; AGENTCTL_PM_SOAK=10m for `make soak`) while a driver makes
// the session messy (soakDriver), kills the run with SIGKILL half way and
// starts it again, and resolves the market near the end. Then the log must
// agree with the CLOB to the base unit.

const (
	pmSoakStart = 100_000_000 // the agent's pUSD on the CLOB, base units
)

// pmSoakCap is the daily cap (pUSD): low enough that the session reaches
// it (and the signed collateral is tested against it), high enough that
// the agent trades for most of the session: 20 plus 5 a minute.
func pmSoakCap(d time.Duration) string { return strconv.Itoa(20 + 5*int(d/time.Minute)) }

func pmSoakConfig(url, home, daily string) string {
	return `models:
  default: rules
chain:
  polymarket:
    pm-market: {condition_id: "` + pmRunCond + `", tokens: ["7001", "7002"]}
agents:
  - name: poly
    strategy: predict.polymarket
    mode: auto
    interval: 1s
    fund: {ETH: "1"}
    params:
      clob: ` + url + `
      credentials: ` + filepath.Join(home, "poly-clob.json") + `
      journal: ` + filepath.Join(home, "poly-journal") + `
      kelly: "0.5"
      max_order: "8"
      post_only: true
      markets: [{name: yes, token_id: "7001", fair: "0.70", condition_id: "` + pmRunCond + `"}]
    policy:
      allowed_tokens: [PUSD]
      allowed_contracts: [pm-market, ` + mustExchange().Hex() + `]
      quote_token: PUSD
      max_trade: {PUSD: "10"}
      max_daily_quote: "` + daily + `"
      max_trades_per_hour: 1000
  - name: momentum
    strategy: dex.momentum
    params: {dex: dex-a, base: WETH, quote: USDC, lookback: 5, threshold_bps: 30, max_trade: "1000", slippage_bps: 50}
    mode: auto
    interval: 2s
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      max_daily_quote: "100000"
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 60
`
}

func pmSoakDuration(t *testing.T) time.Duration {
	d := 60 * time.Second
	if v := os.Getenv("AGENTCTL_PM_SOAK"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil || d < 20*time.Second {
			t.Fatalf("AGENTCTL_PM_SOAK=%q: want a duration of at least 20s", v)
		}
	}
	return d
}

// TestPolymarketSoak: a long, messy session of the real binary against the
// test CLOB ends with no order posted twice, every settled fill booked
// once and no failed one booked, positions and PnL equal to what the
// CLOB's balances say (the market charges a fee on every fill), the signed
// collateral within the daily cap at every moment, and the log verified
// and replayed identically.
func TestPolymarketSoak(t *testing.T) {
	dur := pmSoakDuration(t)
	seed := time.Now().UnixNano()
	if v := os.Getenv("AGENTCTL_PM_SOAK_SEED"); v != "" {
		seed, _ = strconv.ParseInt(v, 10, 64)
	}
	t.Logf("soak for %s, seed %d (AGENTCTL_PM_SOAK_SEED repeats it)", dur, seed)
	home := t.TempDir()
	const pass = "pm-soak-passphrase"
	t.Setenv("AGENTCTL_PASSWORD", pass)
	t.Setenv("AGENTCTL_MODEL", "rules")
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")

	// A 2% platform fee that makers pay too, so every fill of the agent's
	// post-only orders is booked net of a fee.
	srv := clobtest.New(t, clobtest.Options{HoldSettlement: true, Markets: []clobtest.Market{{ConditionID: pmRunCond,
		Tokens: [2]*big.Int{pmRunYes, pmRunNo}, Tick: "0.01", MinSize: "1", Fee: clob.FeeSchedule{Rate: big.NewRat(2, 100), Exponent: 1, MakersPay: true}}}})
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.80", "50")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.50", "50")
	proxy := newFlakyProxy(t, srv.URL)

	addr := pmAccounts(t, srv, home, pass, pmSoakStart, "poly")["poly"].Address()
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmSoakConfig(proxy.URL, home, pmSoakCap(dur))), 0o600); err != nil {
		t.Fatal(err)
	}
	capUnits, _ := new(big.Int).SetString(pmSoakCap(dur)+"000000", 10)
	d := &soakDriver{t: t, srv: srv, proxy: proxy, addr: addr, cap: capUnits, rnd: rand.New(rand.NewSource(seed)), faults: map[string]int{}}

	var outs []string
	args := []string{"--home", home, "--config", cfg, "run", "--headless"}
	cmd, out := startAgentctl(t, nil, args...)
	d.drive(time.Now().Add(dur * 45 / 100))
	// SIGKILL mid-session: whatever was in flight is recovered on restart.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	outs = append(outs, out.String())
	d.faults["SIGKILL and restart"]++
	cmd, out = startAgentctl(t, nil, args...)
	d.drive(time.Now().Add(dur * 45 / 100))
	// The market resolves (YES pays), every match settles, and the run gets
	// a few ticks to book and value it before it stops.
	decided := func() int {
		n := 0
		for _, r := range pmRunLog(t, home, cfg, "poly") {
			if r.Kind == "decision" && !strings.HasPrefix(r.Intent, "fill/") {
				n++
			}
		}
		return n
	}
	seen := decided()
	srv.Resolve(pmRunCond, 0)
	d.settleAll()
	// Three more decisions: the last of them observed, booked and valued
	// after the resolution and the settlements (a tick records its
	// decision after it values the agent; ticks do not overlap).
	waitFor(t, "three decisions after the resolution", func() bool { return decided() >= seen+3 })
	d.checkSpend("at the end")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := waitExit(t, cmd)
	outs = append(outs, out.String())
	if dir := os.Getenv("AGENTCTL_PM_SOAK_OUT"); dir != "" {
		for i, o := range outs {
			_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("run%d.log", i+1)), []byte(o), 0o600)
		}
	}
	if code != 0 {
		t.Fatalf("the second run exited %d:\n%s", code, tail(out.String(), 4000))
	}
	pmSoakCheck(t, home, cfg, d, outs)
}

// pmSoakCheck asserts the invariants and prints the session's figures.
func pmSoakCheck(t *testing.T, home, cfg string, d *soakDriver, outs []string) {
	t.Helper()
	srv, addr := d.srv, d.addr
	// No order reached the CLOB twice: a post after a lost reply comes only
	// after a lookup found nothing.
	orders := srv.Orders(addr)
	retried := 0
	for _, o := range orders {
		if n := srv.Reposts(o.ID); n != 0 {
			t.Errorf("order %s was posted %d more time(s) after the CLOB had it", o.ID, n)
		}
		if srv.Posts(o.ID) > 1 {
			retried++
		}
	}

	// Every settled fill of the agent's orders is booked once; no failed
	// one is booked.
	mine := map[string]bool{}
	for _, o := range orders {
		mine[strings.ToLower(o.ID)] = true
	}
	settled, failed := map[string]bool{}, map[string]bool{}
	for _, tr := range srv.Trades() {
		ours := mine[strings.ToLower(tr.TakerOrderID)]
		for _, m := range tr.MakerOrders {
			ours = ours || mine[strings.ToLower(m.OrderID)]
		}
		switch {
		case !ours:
		case tr.Status == clobtest.StatusMined || tr.Status == clobtest.StatusConfirmed:
			settled[tr.ID] = true
		case tr.Status == clobtest.StatusFailed:
			failed[tr.ID] = true
		default:
			t.Errorf("trade %s of the agent is still %s at the end", tr.ID, tr.Status)
		}
	}
	booked := map[string]int{}
	recs := pmRunLog(t, home, cfg, "poly")
	decisions, signs, denied := 0, 0, 0
	for _, r := range recs {
		if id, ok := strings.CutPrefix(r.Intent, "fill/"); ok {
			id, _, _ = strings.Cut(id, "/") // trade/maker order
			booked[id]++
			continue
		}
		if r.Kind == "decision" {
			decisions++
			if r.Verdict == "denied" {
				denied++
			}
			if strings.HasPrefix(r.Intent, "sign/") {
				signs++
			}
		}
	}
	for id := range settled {
		if booked[id] != 1 {
			t.Errorf("settled trade %s is booked %d times, want once", id, booked[id])
		}
	}
	for id, n := range booked {
		if !settled[id] {
			t.Errorf("trade %s is booked %d time(s) but is not a settled fill of the agent (failed: %v)", id, n, failed[id])
		}
	}

	// The booked trades explain the CLOB's balances to the base unit.
	db, err := store.Open(filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	trades, err := db.TradesAfter(context.Background(), "poly", false, 0)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := clob.ContractsFor(clob.Polygon)
	yes, no := predict.PositionToken(ct.CTF, pmRunYes), predict.PositionToken(ct.CTF, pmRunNo)
	delta := map[common.Address]*big.Int{}
	add := func(a common.Address, v *big.Int) {
		if delta[a] == nil {
			delta[a] = new(big.Int)
		}
		delta[a].Add(delta[a], v)
	}
	for _, tr := range trades {
		add(tr.TokenIn, new(big.Int).Neg(tr.AmountIn))
		add(tr.TokenOut, tr.AmountOut)
	}
	collEnd, yesEnd, noEnd := srv.Collateral(addr), srv.Tokens(addr, pmRunYes), srv.Tokens(addr, pmRunNo)
	want := map[common.Address]*big.Int{ct.Collateral: new(big.Int).Sub(collEnd, big.NewInt(pmSoakStart)), yes: yesEnd, no: noEnd}
	for a, w := range want {
		got := delta[a]
		if got == nil {
			got = new(big.Int)
		}
		if got.Cmp(w) != 0 {
			t.Errorf("booked trades move %s by %s base units; the CLOB's balance moved %s", a.Hex(), got, w)
		}
	}

	// PnL: the last summary's against the CLOB's balances at the payout.
	independent := new(big.Rat).SetFrac(new(big.Int).Sub(new(big.Int).Add(collEnd, yesEnd), big.NewInt(pmSoakStart)), big.NewInt(1_000_000))
	reported := pmSoakSummary(t, outs[len(outs)-1], "poly")
	momentum := pmSoakSummary(t, outs[len(outs)-1], "momentum") // the DEX agent beside it is valued too
	if r, ok := new(big.Rat).SetString(reported); !ok || r.Cmp(independent) != 0 {
		t.Errorf("the run reported PnL %q; the CLOB's balances say %s", reported, independent.FloatString(6))
	}
	d.checkSpend("after the run")

	cli(t, home, 0, "--config", cfg, "verify")
	cli(t, home, 0, "--config", cfg, "replay", "--agent", "momentum")
	r1 := cli(t, home, 0, "--config", cfg, "replay", "--agent", "poly")
	r2 := cli(t, home, 0, "--config", cfg, "replay", "--agent", "poly")
	if r1 != r2 || !strings.Contains(r1, "replayed identically") {
		t.Errorf("replay is not identical twice over:\n%s\n---\n%s", tail(r1, 2000), tail(r2, 2000))
	}

	// A session that never traded proves nothing.
	if len(orders) < 2 || len(settled) == 0 || signs == 0 {
		t.Errorf("the session was not messy enough: %d orders accepted, %d settled fills, %d signing decisions", len(orders), len(settled), signs)
	}

	// The figures, and what the log warned a trader about.
	var faults []string
	for k, n := range d.faults {
		faults = append(faults, fmt.Sprintf("%s x%d", k, n))
	}
	sort.Strings(faults)
	t.Logf("decisions %d (signing %d, denied %d), orders accepted %d (%d needed a second post), settled fills %d, failed settlements %d, booked fills %d",
		decisions, signs, denied, len(orders), retried, len(settled), len(failed), len(booked))
	t.Logf("faults: %s", strings.Join(faults, ", "))
	t.Logf("final: %s pUSD, %s YES, %s NO; PnL reported %s, independent %s; peak signed collateral %s of cap %s; momentum's PnL %s USDC",
		dec6(collEnd), dec6(yesEnd), dec6(noEnd), reported, independent.FloatString(6), dec6(d.peak), dec6(d.cap), momentum)
	t.Logf("warnings:\n%s", pmSoakWarnings(outs))
}

// pmSoakSummary is an agent's PnL in the run's last "agent summary" line.
func pmSoakSummary(t *testing.T, out, agent string) string {
	t.Helper()
	pnl := ""
	for _, l := range strings.Split(out, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) != nil || m["msg"] != "agent summary" || m["agent"] != agent {
			continue
		}
		pnl, _ = m["pnl"].(string)
	}
	if pnl == "" {
		t.Errorf("the run printed no PnL in %s's agent summary:\n%s", agent, tail(out, 3000))
	}
	return pnl
}

// pmSoakWarnings counts the distinct WARN and ERROR messages of the runs.
func pmSoakWarnings(outs []string) string {
	n := map[string]int{}
	first := map[string]string{}
	for _, out := range outs {
		for _, l := range strings.Split(out, "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) != nil || (m["level"] != "WARN" && m["level"] != "ERROR") {
				continue
			}
			k := fmt.Sprint(m["level"], " ", m["msg"])
			if n[k] == 0 {
				first[k] = l
			}
			n[k]++
		}
	}
	var lines []string
	for k, c := range n {
		lines = append(lines, fmt.Sprintf("  %4d x %s\n         e.g. %s", c, k, tail(first[k], 400)))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func dec6(v *big.Int) string {
	if v == nil {
		return "0"
	}
	return new(big.Rat).SetFrac(v, big.NewInt(1_000_000)).FloatString(6)
}
