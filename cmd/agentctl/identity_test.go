package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// identityDevnet is a devnet served on loopback whose manifest is in a
// fresh home, as `agentctl devnet` leaves it.
func identityDevnet(t *testing.T) (string, *devnet.Devnet, *wallet.Client) {
	t.Helper()
	home := t.TempDir()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Manifest().Save(home); err != nil {
		t.Fatal(err)
	}
	ec, err := ethclient.Dial(d.Manifest().RPC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ec.Close)
	return home, d, wallet.New(ec, wallet.Options{ChainID: devnet.ChainID})
}

// funded is a new key with ETH on d.
func funded(t *testing.T, d *devnet.Devnet) *wallet.Signer {
	t.Helper()
	key, _ := crypto.GenerateKey()
	s := wallet.NewSigner(key)
	if err := d.Fund(context.Background(), s.Address(), big.NewInt(1e18), nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// A spec-format registration file another tool set survives `agent
// register` unchanged, and `agent show` shows all of it; --force merges.
func TestAgentRegisterLeavesAnotherToolsFile(t *testing.T) {
	t.Parallel()
	home, d, c := identityDevnet(t)
	var first identityJSON
	json.Unmarshal([]byte(stdoutOf(t, home, "agent", "register", "arbitrage", "--json")), &first)
	if first.AgentID == nil || !first.Created {
		t.Fatalf("register: %+v", first)
	}
	// The other tool holds the owner's key: the keystore's, unlocked with
	// the devnet passphrase agentctl generated.
	pass, err := os.ReadFile(filepath.Join(home, "devnet.pass"))
	if err != nil {
		t.Fatal(err)
	}
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	owner, err := ks.Unlock("arbitrage", strings.TrimSpace(string(pass)))
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"type":"https://eips.ethereum.org/EIPS/eip-8004#registration-v1","name":"arbitrage","description":"By another tool.",` +
		`"image":"https://example.com/a.png","services":[{"name":"MCP","endpoint":"https://mcp.example.org/","version":"2025-06-18","capabilities":{"tools":{}}}],` +
		`"x402Support":true,"active":true,"registrations":[],"supportedTrust":["reputation","tee-attestation"],"x-vendor":{"tier":"gold"}}`
	foreign := "data:application/json;base64," + base64.StdEncoding.EncodeToString([]byte(doc))
	registry := d.Manifest().Contracts[devnet.ContractIdentity]
	tx := c.Transactor(owner.Address(), owner.SignerFn(big.NewInt(devnet.ChainID)))
	if _, err := tx.Send(context.Background(), wallet.Intent{To: &registry, Data: contracts.NewIdentityRegistry().PackSetAgentURI(first.AgentID, foreign)}); err != nil {
		t.Fatal(err)
	}

	out := cli(t, home, 0, "agent", "register", "arbitrage")
	if !strings.Contains(out, "set by another tool and is left as it is (--force replaces it") {
		t.Fatalf("register over a foreign file: %s", out)
	}
	raw := stdoutOf(t, home, "agent", "show", "arbitrage", "--json")
	var shown struct {
		AgentURI     string          `json:"agentURI"`
		Registration json.RawMessage `json:"registration"`
	}
	if err := json.Unmarshal([]byte(raw), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.AgentURI != foreign {
		t.Fatalf("agentURI after register: %.90s, want the other tool's", shown.AgentURI)
	}
	var got, want any
	json.Unmarshal(shown.Registration, &got)
	json.Unmarshal([]byte(doc), &want)
	if b1, _ := json.Marshal(got); string(b1) != func() string { b2, _ := json.Marshal(want); return string(b2) }() {
		t.Fatalf("agent show's registration:\n%s\nwant the whole file:\n%s", shown.Registration, doc)
	}

	var forced identityJSON
	json.Unmarshal([]byte(stdoutOf(t, home, "agent", "register", "arbitrage", "--force", "--json")), &forced)
	if !forced.Updated || forced.Registration == nil || forced.Registration.Image != "https://example.com/a.png" ||
		!strings.Contains(string(forced.Registration.Extra["x-vendor"]), `"gold"`) || len(forced.Registration.Services) != 2 {
		t.Fatalf("register --force: %+v", forced)
	}
}

// With agents[].owner, `agent register` registers from the owner and the
// agent's key signs setAgentWallet; `agent show` finds it from the owner.
func TestAgentRegisterWithASeparateOwner(t *testing.T) {
	t.Parallel()
	home, _, _ := identityDevnet(t)
	cfg := `agents:
  - name: momentum
    strategy: dex.momentum
    owner: treasury
    mode: auto
    params: {dex: dex-a, base: WETH, quote: USDC}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      quote_token: USDC
`
	path := writeTestFile(t, "config.yaml", cfg)
	var reg identityJSON
	json.Unmarshal([]byte(stdoutOf(t, home, "--config", path, "agent", "register", "momentum", "--json")), &reg)
	if !reg.Created || !reg.WalletSet || reg.AgentWallet == nil || *reg.AgentWallet == reg.Owner {
		t.Fatalf("register with an owner: %+v", reg)
	}
	var shown identityJSON
	json.Unmarshal([]byte(stdoutOf(t, home, "--config", path, "agent", "show", "momentum", "--json")), &shown)
	if shown.AgentID.Cmp(reg.AgentID) != 0 || shown.Owner != reg.Owner || *shown.AgentWallet != *reg.AgentWallet {
		t.Fatalf("show: %+v, want %+v", shown, reg)
	}
	if out := cli(t, home, 0, "--config", path, "wallet", "list"); !strings.Contains(out, "treasury") || !strings.Contains(out, common.Address(reg.Owner).Hex()) {
		t.Fatalf("the owner account is not in the keystore: %s", out)
	}
}

// stdoutOf runs agentctl, which must succeed, and returns its stdout.
func stdoutOf(t *testing.T, home string, args ...string) string {
	t.Helper()
	code, out, errs := runCLI(t, home, args...)
	if code != 0 {
		t.Fatalf("agentctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// `agent show --json` lists trusted feedback in camelCase and sums it up
// per tag pair: a star rating and an uptime percentage are not averaged.
func TestAgentShowSummarizesReputationPerTag(t *testing.T) {
	t.Parallel()
	home, d, c := identityDevnet(t)
	var reg identityJSON
	json.Unmarshal([]byte(stdoutOf(t, home, "agent", "register", "arbitrage", "--json")), &reg)
	rep := d.Manifest().Contracts[devnet.ContractReputation]
	repABI := contracts.NewReputationRegistry()
	alice, bob := funded(t, d), funded(t, d)
	for _, f := range []struct {
		who   *wallet.Signer
		value int64
		dec   uint8
		tag   string
	}{{alice, 4, 0, "starred"}, {bob, 5, 0, "starred"}, {alice, 9977, 2, "uptime"}} {
		tx := c.Transactor(f.who.Address(), f.who.SignerFn(big.NewInt(devnet.ChainID)))
		if _, err := tx.Send(context.Background(), wallet.Intent{To: &rep, Data: repABI.PackGiveFeedback(reg.AgentID, big.NewInt(f.value), f.dec, f.tag, "", "", "", common.Hash{})}); err != nil {
			t.Fatal(err)
		}
	}
	path := writeTestFile(t, "config.yaml", "identity: {trusted_reviewers: ["+alice.Address().Hex()+", "+bob.Address().Hex()+"]}\n")
	raw := stdoutOf(t, home, "--config", path, "agent", "show", "arbitrage", "--json")
	var shown struct {
		Reputation struct {
			Feedback  []map[string]any `json:"feedback"`
			Summaries []map[string]any `json:"summaries"`
		} `json:"reputation"`
	}
	if err := json.Unmarshal([]byte(raw), &shown); err != nil {
		t.Fatal(err)
	}
	fb := shown.Reputation.Feedback
	if len(fb) != 3 || fb[0]["clientAddress"] == nil || fb[0]["feedbackIndex"] != 1.0 || fb[0]["value"] != "4" || fb[0]["tag1"] != "starred" {
		t.Fatalf("feedback %v, want camelCase fields", fb)
	}
	sums := shown.Reputation.Summaries
	if len(sums) != 2 || sums[0]["tag1"] != "starred" || sums[0]["mean"] != "4.5" || sums[0]["count"] != 2.0 ||
		sums[1]["tag1"] != "uptime" || sums[1]["mean"] != "99.77" {
		t.Fatalf("summaries %v, want starred 4.5 of 2 and uptime 99.77", sums)
	}
	text := stdoutOf(t, home, "--config", path, "agent", "show", "arbitrage")
	if !strings.Contains(text, "starred: mean 4.5 of 2") || !strings.Contains(text, "uptime: mean 99.77 of 1") {
		t.Fatalf("agent show: %s", text)
	}
}
