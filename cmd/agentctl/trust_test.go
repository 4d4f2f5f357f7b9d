package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// trustHome runs the demo agents as `agentctl run` does, with anchoring
// every 5 records or 2 s, on a devnet that serves JSON-RPC and outlives
// the run (as `agentctl devnet` does), so the CLI can check the anchors.
func trustHome(t *testing.T) (home string, host *agent.Host) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	cfgPath := filepath.Join(home, "config.yaml")
	yaml := "anchoring: {enabled: true, every_records: 5, every: 2s, confirmations: 1}\n"
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := configs.Load(configs.LoadOptions{Path: cfgPath})
	if err != nil {
		t.Fatal(err)
	}
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, DevnetRPC: "127.0.0.1:0",
		NoiseTraders: 1, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	h.Runtime.Run(ctx)
	time.Sleep(7 * time.Second)
	cancel()
	if !h.Runtime.Shutdown(10 * time.Second) {
		t.Fatal("drain timed out")
	}
	fctx, fcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer fcancel()
	if err := h.Trust.Anchorer.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	if err := h.Trust.WaitIdentities(fctx); err != nil {
		t.Fatal(err)
	}
	return home, h
}

func cli(t *testing.T, home string, wantCode int, args ...string) string {
	t.Helper()
	code, out, errs := runCLI(t, home, args...)
	if code != wantCode {
		t.Fatalf("agentctl %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out, errs)
	}
	return out + errs
}

func TestAnchoredLogVerifiesAndProvesOnChain(t *testing.T) {
	home, h := trustHome(t)
	m, err := devnet.LoadManifest(home)
	if err != nil || m.RPC == "" {
		t.Fatalf("manifest: %+v %v", m, err)
	}
	ctx := context.Background()

	out := cli(t, home, 0, "verify")
	for _, name := range []string{"momentum", "arbitrage"} {
		head, _ := h.DB.Head(ctx, name)
		want := "agent " + name + ": " + itoa(head.Seq) + " of " + itoa(head.Seq) + " records anchored on chain 1337"
		if !strings.Contains(out, want) {
			t.Fatalf("verify output lacks %q:\n%s", want, out)
		}
	}

	// One decision, proven with nothing but the RPC node: verify-proof and
	// the contract's own verify view.
	proofFile := filepath.Join(t.TempDir(), "proof.json")
	if err := os.WriteFile(proofFile, []byte(cli(t, home, 0, "proof", "--agent", "momentum", "--seq", "2", "--json")), 0o600); err != nil {
		t.Fatal(err)
	}
	// A seq past the log's end is named as such, with where the log ends.
	if code, _, errs := runCLI(t, home, "proof", "--agent", "momentum", "--seq", "999999"); code != exitUsage ||
		!strings.Contains(errs, "has no record #999999: its log ends at #") {
		t.Fatalf("proof of a missing record: exit %d: %s", code, errs)
	}
	other := t.TempDir() // no database, no manifest: only the file and the RPC
	if out := cli(t, other, 0, "verify-proof", proofFile, "--rpc", m.RPC); !strings.Contains(out, "contract verify() = true") ||
		!strings.Contains(out, "ok: 1 records proven on-chain") {
		t.Fatalf("verify-proof: %s", out)
	}
	var entry proofEntry
	raw, _ := os.ReadFile(proofFile)
	if err := json.Unmarshal(raw, &entry); err != nil || entry.Proof.Anchor == nil || entry.Record.Seq != 2 {
		t.Fatalf("proof file: %v %+v", err, entry)
	}
	if entry.Proof.Identity == nil || entry.Proof.Identity.AgentRegistry != "eip155:1337:"+m.Contracts[devnet.ContractIdentity].Hex() {
		t.Fatalf("proof names no identity: %+v", entry.Proof.Identity)
	}
	ec, err := ethclient.Dial(m.RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	ok, err := agent.VerifyProofOnChain(ctx, ec, entry.Proof.Anchor.Contract, entry.Proof.Proof, entry.Proof.Root, entry.Proof.Leaf)
	if err != nil || !ok {
		t.Fatalf("DecisionAnchor.verify(proof, root, leaf) = %v, %v", ok, err)
	}
	// A proof whose record was altered fails.
	bad := strings.Replace(string(raw), `"seq": 2`, `"seq": 3`, 1)
	badFile := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(badFile, []byte(bad), 0o600)
	if out := cli(t, other, 1, "verify-proof", badFile, "--rpc", m.RPC); !strings.Contains(out, "differs from the record its canonical bytes hold") {
		t.Fatalf("altered proof: %s", out)
	}

	// The whole log for an auditor, checked the same way.
	export := filepath.Join(t.TempDir(), "arbitrage.jsonl")
	cli(t, home, 0, "log", "export", "--agent", "arbitrage", "--out", export)
	out = cli(t, other, 0, "verify-proof", export, "--rpc", m.RPC)
	head, _ := h.DB.Head(ctx, "arbitrage")
	if !strings.Contains(out, "ok: "+itoa(head.Seq)+" records proven on-chain, 0 not anchored yet") {
		t.Fatalf("verify-proof of the export: %s", out)
	}

	// Identity: registering again keeps the agentId; show prints the
	// registration file naming the devnet's registry.
	var first, second identityJSON
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "register", "momentum", "--json")), &first)
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "register", "momentum", "--json")), &second)
	if first.AgentID == nil || first.AgentID.Cmp(second.AgentID) != 0 || first.Created || second.Created {
		t.Fatalf("register twice: %+v then %+v (Boot registered it already)", first, second)
	}
	var shown identityJSON
	if err := json.Unmarshal([]byte(cli(t, home, 0, "agent", "show", "momentum", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	wantRegistry := "eip155:1337:" + m.Contracts[devnet.ContractIdentity].Hex()
	if shown.Registration == nil || len(shown.Registration.Registrations) != 1 || shown.Registration.Registrations[0].AgentRegistry != wantRegistry ||
		shown.Registration.Registrations[0].AgentID.Cmp(first.AgentID) != 0 || shown.Anchors == nil || shown.Anchors.Confirmed == 0 {
		t.Fatalf("agent show: %+v, want registration in %s and anchors", shown, wantRegistry)
	}
	if text := cli(t, home, 0, "agent", "show", "momentum"); !strings.Contains(text, `"agentRegistry": "`+wantRegistry+`"`) {
		t.Fatalf("agent show text: %s", text)
	}
}

func TestVerifyNamesTheTamperedSeq(t *testing.T) {
	home, _ := trustHome(t)
	cli(t, home, 0, "verify")
	db, err := sql.Open("sqlite3", filepath.Join(home, "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("DROP TRIGGER records_no_update")
	exec("DROP TRIGGER records_no_delete")
	exec("CREATE TABLE bak AS SELECT * FROM records WHERE agent = 'momentum'")
	restore := func() {
		exec("DELETE FROM records WHERE agent = 'momentum'")
		exec("INSERT INTO records SELECT * FROM bak")
		cli(t, home, 0, "verify")
	}
	for _, tc := range []struct {
		name string
		sql  []string
		want string
	}{
		{"edited", []string{"UPDATE records SET obs_summary = 'nothing to see' WHERE agent = 'momentum' AND seq = 2"}, "momentum: seq 2 edited"},
		{"deleted", []string{"DELETE FROM records WHERE agent = 'momentum' AND seq = 3"}, "momentum: seq 3 deleted"},
		{"reordered", []string{
			"UPDATE records SET seq = -1 WHERE agent = 'momentum' AND seq = 3",
			"UPDATE records SET seq = 3 WHERE agent = 'momentum' AND seq = 4",
			"UPDATE records SET seq = 4 WHERE agent = 'momentum' AND seq = -1",
		}, "momentum: seq 3 reordered"},
	} {
		for _, q := range tc.sql {
			exec(q)
		}
		if out := cli(t, home, 1, "verify"); !strings.Contains(out, tc.want) {
			t.Fatalf("%s: verify says\n%s\nwant %q", tc.name, out, tc.want)
		}
		restore()
	}
}

// A fresh devnet under the same database has none of the anchors' events.
func TestVerifyOnAFreshDevnetFindsNoRoots(t *testing.T) {
	home, h := trustHome(t)
	if err := h.Close(); err != nil {
		t.Logf("close: %v", err)
	}
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Manifest().Save(home); err != nil {
		t.Fatal(err)
	}
	out := cli(t, home, 1, "verify")
	if !strings.Contains(out, "seq 1 root not found on-chain") {
		t.Fatalf("verify on a fresh devnet:\n%s", out)
	}
	if out := cli(t, home, 0, "verify", "--offline"); !strings.Contains(out, "whose roots recompute; on-chain check skipped: --offline") {
		t.Fatalf("verify --offline:\n%s", out)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// On a devnet served by `agentctl devnet`, `agent register` creates the
// agent's wallet, pays its gas from a dev account and registers it; again,
// it keeps the agentId and sends nothing.
func TestAgentRegisterTwiceOnADevnet(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Manifest().Save(home); err != nil {
		t.Fatal(err)
	}
	out := cli(t, home, 0, "agent", "register", "arbitrage")
	if !strings.Contains(out, "registered now") || !strings.Contains(out, "gave the agent 1 ETH for gas") {
		t.Fatalf("first register: %s", out)
	}
	var first, second identityJSON
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "register", "arbitrage", "--json")), &first)
	nonce, _ := d.Client().NonceAt(context.Background(), first.Owner, nil)
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "register", "arbitrage", "--json")), &second)
	if first.AgentID == nil || first.AgentID.Cmp(second.AgentID) != 0 || second.Created || second.Updated {
		t.Fatalf("register again: %+v then %+v", first, second)
	}
	if n, _ := d.Client().NonceAt(context.Background(), first.Owner, nil); n != nonce {
		t.Fatalf("registering again sent %d transactions", n-nonce)
	}
	var shown identityJSON
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "show", "arbitrage", "--json")), &shown)
	want := "eip155:1337:" + d.Manifest().Contracts[devnet.ContractIdentity].Hex()
	if shown.Registration == nil || shown.Registration.Registrations[0].AgentRegistry != want || shown.Owner != first.Owner ||
		shown.Registration.DecisionLog == nil || !strings.HasSuffix(shown.Registration.DecisionLog.AnchoringKey, first.Owner.Hex()) {
		t.Fatalf("agent show: %+v, want the registration in %s naming the anchoring key", shown, want)
	}
	if out := cli(t, home, 2, "agent", "register", "nobody"); !strings.Contains(out, `no agent "nobody" in the configuration`) {
		t.Fatalf("unknown agent: %s", out)
	}
	if out := cli(t, home, 2, "agent", "show", "momentum"); !strings.Contains(out, "`agentctl agent register momentum` first") {
		t.Fatalf("agent without a wallet: %s", out)
	}
}
