package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestPolymarketReplayAfterHeadlessRun: after headless runs of
// predict.polymarket agents against the test CLOB, in which poly rests a
// bid, replaces it as the book moves, then pulls it when the Kelly size
// falls below the market's minimum, and greedy's orders are denied by its
// daily cap, `agentctl replay` makes every decision again from the log
// alone (no CLOB to ask) with reply, plan (the exact order typed data and
// cancels) and verdict identical, exit 0. Facts served edited to a
// validator's replay (another order salt) plan different orders; a fact
// edited in the log fails replay, exit 1.
func TestPolymarketReplayAfterHeadlessRun(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-replay-passphrase"
	t.Setenv("AGENTCTL_PASSWORD", pass)
	t.Setenv("AGENTCTL_MODEL", "rules")
	t.Setenv("AGENTCTL_METRICS_ADDR", "127.0.0.1:0")

	// A minimum order of 20 tokens: a 10 pUSD order fits at 0.41 and 0.46,
	// not at 0.51, so the last move leaves nothing to quote and the bid is
	// pulled (a plan of cancels only).
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: pmRunCond,
		Tokens: [2]*big.Int{pmRunYes, pmRunNo}, Tick: "0.01", MinSize: "20"}}})
	srv.AddLiquidity(pmRunYes, clob.Sell, "0.80", "100")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.40", "100")
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	polyAddr := pmAccounts(t, srv, home, pass, 1_000_000_000, "poly", "greedy")["poly"].Address()
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmRunConfig(srv.URL, home)), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(what string) {
		t.Helper()
		if code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--for", "4s"); code != 0 {
			t.Fatalf("%s: run exit %d\nstderr: %s\nstdout tail: %s", what, code, errs, tail(out, 3000))
		}
	}
	run("a bid")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.45", "50")
	run("a replace")
	srv.AddLiquidity(pmRunYes, clob.Buy, "0.50", "50")
	run("a cancel")
	if open := pmOpen(t, srv, ks, pass); len(open) != 0 {
		t.Fatalf("after the last move poly still rests %v; want its bid pulled", open)
	}

	// What each poly decision planned, as the log keeps it.
	ctx := context.Background()
	dbPath := filepath.Join(home, "agentctl.db")
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := db.Records(ctx, "poly", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	kind := map[uint64]string{}
	for _, r := range recs {
		var doc struct{ Signs, Cancels []json.RawMessage }
		if r.Kind != store.KindDecision || json.Unmarshal(r.Simulation, &doc) != nil {
			continue
		}
		switch {
		case len(doc.Signs) > 0 && len(doc.Cancels) > 0:
			kind[r.Seq] = "replace"
		case len(doc.Signs) > 0:
			kind[r.Seq] = "order"
		case len(doc.Cancels) > 0:
			kind[r.Seq] = "cancel"
		}
	}

	replayed := func(name string) []agent.ReplayResult {
		t.Helper()
		code, out, errs := runCLI(t, home, "--config", cfg, "replay", "--agent", name, "--json")
		if code != 0 {
			t.Fatalf("replay --agent %s: exit %d\n%s\n%s", name, code, out, errs)
		}
		var rs []agent.ReplayResult
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r agent.ReplayResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s: %q: %v", name, line, err)
			}
			if !r.Unsupported {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			t.Fatalf("%s: no decision replayed:\n%s", name, out)
		}
		for _, r := range rs {
			if r.Reply != agent.MatchIdentical || r.Plan != agent.MatchIdentical || r.Verdict != agent.MatchIdentical || !r.OK() {
				t.Errorf("%s seq %d (%s): %+v", name, r.Seq, kind[r.Seq], r)
			}
		}
		return rs
	}
	seen := map[string]int{}
	for _, r := range replayed("poly") {
		seen[kind[r.Seq]]++
	}
	if seen["order"] == 0 || seen["replace"] == 0 || seen["cancel"] == 0 {
		t.Errorf("poly's replayed decisions by plan: %v; want an order, a replace and a cancel", seen)
	}
	denials := replayed("greedy")
	t.Logf("poly: %v replayed identically; greedy: %d", seen, len(denials))
	if code, out, errs := runCLI(t, home, "--config", cfg, "replay", "--agent", "poly"); code != 0 || !strings.Contains(out, "replayed identically") {
		t.Fatalf("replay: exit %d\n%s\n%s", code, out, errs)
	}

	// A validator served facts with another salt: each order is planned
	// with another hash, so every decision that signed one differs.
	salt := regexp.MustCompile(`"salt":"[0-9]+"`)
	edited := editedBlobs{DB: db, edit: func(b []byte) []byte {
		if !strings.HasPrefix(string(b), `{"strategy":"predict.polymarket"`) {
			return b
		}
		return salt.ReplaceAll(b, []byte(`"salt":"7"`))
	}}
	res, err := agent.Replay(ctx, agent.ReplayOptions{DB: db, Blobs: edited}, "poly", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		switch k := kind[r.Seq]; {
		case (k == "order" || k == "replace") && (r.Plan != agent.MatchDiffers || r.OK()):
			t.Errorf("seq %d (%s) with another salt: %+v; want its plan to differ", r.Seq, k, r)
		case k == "cancel" && !r.OK():
			t.Errorf("seq %d (cancel) uses no salt, yet: %+v", r.Seq, r)
		}
	}
	db.Close()

	// The same edit in the log itself (its guard dropped): replay fails.
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	acct := `%"account":"` + strings.ToLower(polyAddr.Hex()) + `"%`
	for _, q := range []string{"DROP TRIGGER IF EXISTS blobs_no_update",
		`UPDATE blobs SET data = replace(data, '"salt":"', '"salt":"1') WHERE data LIKE '{"strategy":"predict.polymarket"%' AND data LIKE ?`} {
		var args []any
		if strings.Contains(q, "?") {
			args = append(args, acct)
		}
		if r, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		} else if n, _ := r.RowsAffected(); args != nil && n == 0 {
			t.Fatal("no poly facts to edit")
		}
	}
	raw.Close()
	code, out, errs := runCLI(t, home, "--config", cfg, "replay", "--agent", "poly")
	if code != 1 || !strings.Contains(out, "MISMATCH") || !strings.Contains(out, "altered") {
		t.Errorf("replay after the edit: exit %d\n%s\n%s", code, out, errs)
	}
}

// editedBlobs serves the log's replay inputs with edit applied to each blob.
type editedBlobs struct {
	*store.DB
	edit func([]byte) []byte
}

func (e editedBlobs) Blob(ctx context.Context, h common.Hash) ([]byte, error) {
	b, err := e.DB.Blob(ctx, h)
	if err != nil {
		return nil, err
	}
	return e.edit(b), nil
}
