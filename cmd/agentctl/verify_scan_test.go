package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// cappedProxy forwards JSON-RPC to node but refuses an eth_getLogs over
// more than maxRange blocks the way hosted providers do.
func cappedProxy(t *testing.T, node string, maxRange uint64) (url string, refused *atomic.Int64) {
	t.Helper()
	refused = new(atomic.Int64)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params []struct {
				FromBlock, ToBlock string
			} `json:"params"`
		}
		if json.Unmarshal(body, &req) == nil && req.Method == "eth_getLogs" && len(req.Params) == 1 {
			from, err1 := strconv.ParseUint(strings.TrimPrefix(req.Params[0].FromBlock, "0x"), 16, 64)
			to, err2 := strconv.ParseUint(strings.TrimPrefix(req.Params[0].ToBlock, "0x"), 16, 64)
			if err1 != nil || err2 != nil || to-from+1 > maxRange {
				refused.Add(1)
				fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32600,"message":"query exceeds max block range %d"}}`, req.ID, maxRange)
				return
			}
		}
		resp, err := http.Post(node, "application/json", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", "application/json")
		io.Copy(w, resp.Body)
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, refused
}

// tamperDB is a raw connection to a home's database, the way an attacker
// holding the file edits it, with every table saved so each attack starts
// from the untouched log.
type tamperDB struct {
	t      *testing.T
	db     *sql.DB
	tables []string
}

func openTamper(t *testing.T, home string) *tamperDB {
	t.Helper()
	db, err := sql.Open("sqlite3", filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &tamperDB{t: t, db: db}
	// Every append-only trigger goes, the way an attacker drops them.
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
	if err != nil {
		t.Fatal(err)
	}
	var triggers []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		triggers = append(triggers, n)
	}
	rows.Close()
	for _, n := range triggers {
		d.exec("DROP TRIGGER " + n)
	}
	rows, err = db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'bak_%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		d.tables = append(d.tables, n)
	}
	rows.Close()
	for _, n := range d.tables {
		d.exec("CREATE TABLE bak_" + n + " AS SELECT * FROM " + n)
	}
	return d
}

func (d *tamperDB) exec(q string, args ...any) {
	d.t.Helper()
	if _, err := d.db.Exec(q, args...); err != nil {
		d.t.Fatalf("%s: %v", q, err)
	}
}

func (d *tamperDB) restore() {
	d.t.Helper()
	for _, n := range d.tables {
		d.exec("DELETE FROM " + n)
		d.exec("INSERT INTO " + n + " SELECT * FROM bak_" + n)
	}
}

// rewriteFrom changes agent's record seq and re-links every later record
// with hashes recomputed by the documented encoding (store.ComputeHash),
// then moves the chain head: the hash chain alone is intact again.
func (d *tamperDB) rewriteFrom(db *store.DB, agent string, seq uint64) {
	d.t.Helper()
	recs, err := db.Records(context.Background(), agent, seq, 0)
	if err != nil || len(recs) == 0 {
		d.t.Fatalf("records of %s from %d: %d, %v", agent, seq, len(recs), err)
	}
	prev := recs[0].PrevHash
	for i, r := range recs {
		if i == 0 {
			r.ObsSummary = "nothing happened here"
		}
		r.PrevHash = prev
		r.Hash = r.ComputeHash()
		d.exec("UPDATE records SET obs_summary = ?, prev_hash = ?, hash = ? WHERE agent = ? AND seq = ?",
			r.ObsSummary, r.PrevHash[:], r.Hash[:], agent, int64(r.Seq))
		prev = r.Hash
	}
	d.exec("UPDATE chain_heads SET hash = ? WHERE agent = ?", prev[:], agent)
}

// The database's anchor rows are not trusted to list the anchors: verify
// reads each agent's Anchored events from the chain, and every attack that
// removes the evidence from the database along with the records fails
// with a message naming the agent, the seqs, the anchor's transaction and
// what to do. After each, the restored log verifies again.
func TestVerifyFindsTheAnchorsOnChain(t *testing.T) {
	home, h := trustHome(t)
	out := cli(t, home, 0, "verify")
	if !strings.Contains(out, "all found on-chain and accounted for") || strings.Contains(out, "no records") {
		t.Fatalf("clean verify:\n%s", out)
	}
	d := openTamper(t, home)
	ctx := context.Background()
	anchors, err := h.DB.Anchors(ctx, "momentum")
	if err != nil || len(anchors) == 0 {
		t.Fatalf("momentum has no anchors: %v", err)
	}
	// The attacks start at the last record of momentum's first anchor.
	first, last := anchors[0].FirstSeq, anchors[0].LastSeq
	rng := "seq " + itoa(first) + ".." + itoa(last)
	// Behind a provider that caps eth_getLogs at 4 blocks the scan still
	// finds every anchor.
	m, err := devnet.LoadManifest(home)
	if err != nil {
		t.Fatal(err)
	}
	proxy, refused := cappedProxy(t, m.RPC, 4)
	if capped := cli(t, home, 0, "verify", "--rpc", proxy); !strings.Contains(capped, "all found on-chain and accounted for") || refused.Load() == 0 {
		t.Fatalf("verify behind a 4-block eth_getLogs cap (%d refusals):\n%s", refused.Load(), capped)
	}
	var trades int
	d.db.QueryRow("SELECT count(*) FROM trades").Scan(&trades)
	if trades == 0 {
		t.Fatal("the run booked no trades to tamper with")
	}
	if !strings.Contains(out, "trades match the records that list them") {
		t.Fatalf("clean verify does not say the trades match:\n%s", out)
	}
	for _, tc := range []struct {
		name   string
		attack func()
		want   []string
	}{
		{"rewrite from an anchored seq, anchor rows deleted", func() {
			d.rewriteFrom(h.DB, "momentum", last)
			d.exec("DELETE FROM anchors WHERE agent = 'momentum' AND last_seq >= ?", int64(last))
		}, []string{"agent momentum: " + rng + " anchored records rewritten: the anchor in tx 0x", "restore it from a backup"}},
		{"anchored records cut with their anchor rows", func() {
			d.exec("DELETE FROM records WHERE agent = 'momentum' AND seq >= ?", int64(last))
			d.exec("DELETE FROM anchors WHERE agent = 'momentum' AND last_seq >= ?", int64(last))
			d.exec(`UPDATE chain_heads SET seq = ?, hash = coalesce((SELECT hash FROM records WHERE agent = 'momentum' AND seq = ?), zeroblob(32))
				WHERE agent = 'momentum'`, int64(last-1), int64(last-1))
		}, []string{"agent momentum: " + rng + " anchored records missing", "the log ends at seq " + itoa(last-1), "restore it from a backup"}},
		{"a configured agent erased", func() {
			for _, table := range []string{"records", "chain_heads", "anchors", "trades", "positions", "forecasts", "pnl_baselines"} {
				d.exec("DELETE FROM " + table + " WHERE agent = 'arbitrage'")
			}
		}, []string{"agent arbitrage: no records, yet its wallet 0x", "its log was erased from the database"}},
		{"a trade edited", func() {
			d.exec("UPDATE trades SET amount_in = '1' WHERE id = (SELECT min(id) FROM trades)")
		}, []string{"trade edited: trade leg 0 has amount_in 1 in the trades table, record ", "the policy's caps read this table"}},
		{"a position edited", func() {
			d.exec(`UPDATE positions SET amount = '0' WHERE (agent, paper, token) =
				(SELECT agent, paper, token FROM positions WHERE amount <> '0' ORDER BY agent, paper, token LIMIT 1)`)
		}, []string{"position edited: the ", " in the positions table, its trades sum to "}},
		{"every table emptied", func() {
			// (Emptying schema_version as well makes the file unopenable:
			// exit 1 with the migration's error.)
			for _, table := range d.tables {
				if table != "schema_version" {
					d.exec("DELETE FROM " + table)
				}
			}
		}, []string{"holds no decision records at all", "agent momentum: no records, yet its wallet", "agent forecaster: no records"}},
	} {
		tc.attack()
		out := cli(t, home, 1, "verify")
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: verify says\n%s\nwant %q", tc.name, out, want)
			}
		}
		d.restore()
		cli(t, home, 0, "verify")
	}
	// Verifying one agent finds it erased just the same.
	d.exec("DELETE FROM records WHERE agent = 'arbitrage'")
	d.exec("DELETE FROM chain_heads WHERE agent = 'arbitrage'")
	if out := cli(t, home, 1, "verify", "--agent", "arbitrage"); !strings.Contains(out, "agent arbitrage: no records, yet its wallet") {
		t.Errorf("verify --agent arbitrage after erasing it:\n%s", out)
	}
	cli(t, home, 2, "verify", "--agent", "nobody")
}

// With no chain to ask, an emptied database and the configured agents it
// lacks still fail, and --agent fails a configured agent with no records.
func TestVerifyFailsAnEmptyLogOffline(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	db, err := store.Open(filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := cli(t, home, 1, "verify", "--offline")
	for _, want := range []string{"holds no decision records at all", "agent momentum: no records: it is configured but the database holds none",
		"agent auditor: no records", "decision log does not verify: 5 problems, the first: the database "} {
		if !strings.Contains(out, want) {
			t.Errorf("verify --offline of an empty log says\n%s\nwant %q", out, want)
		}
	}
	if out := cli(t, home, 1, "verify", "--offline", "--agent", "forecaster"); !strings.Contains(out, "agent forecaster: no records") ||
		strings.Contains(out, "momentum") || strings.Contains(out, "chain intact") {
		t.Errorf("verify --agent forecaster of an empty log:\n%s", out)
	}
	// Beside a runtime that has just started, agents that have not ticked
	// yet are not taken for erased ones.
	a := &app{home: home}
	lock, err := a.lockHome(runtimeLockFile, "the agents")
	if err != nil {
		t.Fatal(err)
	}
	out = cli(t, home, 0, "verify", "--offline")
	if !strings.Contains(out, "no decision records yet; the runtime running on this home (pid "+strconv.Itoa(os.Getpid())+")") ||
		!strings.Contains(out, "agent momentum: no records yet") {
		t.Errorf("verify beside a runtime that has recorded nothing yet:\n%s", out)
	}
	lock.Unlock()
	cli(t, home, 1, "verify", "--offline")
}
