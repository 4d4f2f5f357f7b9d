package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"net"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/wallet/devnet"
)

// chainHome is an AGENTCTL_HOME with a devnet serving JSON-RPC on loopback,
// its manifest, and an account "alice" holding 10 ETH and 100 USDC.
type chainHome struct {
	home, pwFile string
	m            *devnet.Manifest
	alice        common.Address
	eth          *ethclient.Client
}

func newChainHome(t *testing.T) *chainHome {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("devnet: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	h := &chainHome{home: t.TempDir(), m: d.Manifest(), pwFile: writeTestFile(t, "pw", testPass)}
	if err := h.m.Save(h.home); err != nil {
		t.Fatal(err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	h.alice = crypto.PubkeyToAddress(key.PublicKey)
	keyFile := writeTestFile(t, "key", hex.EncodeToString(crypto.FromECDSA(key)))
	if code, _, stderr := h.run(t, "wallet", "import", "--name", "alice", "--private-key-file", keyFile); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	usdc, _ := h.m.Token("USDC")
	if err := d.Fund(ctx, h.alice, new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)), map[string]*big.Int{usdc.Symbol: big.NewInt(100_000_000)}); err != nil {
		t.Fatal(err)
	}
	if h.eth, err = ethclient.Dial(h.m.RPC); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.eth.Close)
	return h
}

func (h *chainHome) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, h.home, append([]string{"--password-file", h.pwFile}, args...)...)
}

// nonce is alice's nonce including pending transactions.
func (h *chainHome) nonce(t *testing.T) uint64 {
	t.Helper()
	n, err := h.eth.PendingNonceAt(context.Background(), h.alice)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type balanceJSON struct {
	Account  common.Address `json:"account"`
	Balances []struct {
		Symbol  string `json:"symbol"`
		Balance string `json:"balance"`
	} `json:"balances"`
}

// balances runs `wallet balance ref --json` and returns balance by symbol.
func (h *chainHome) balances(t *testing.T, ref string, tokens ...string) map[string]string {
	t.Helper()
	args := []string{"wallet", "balance", ref, "--json"}
	for _, tok := range tokens {
		args = append(args, "--token", tok)
	}
	code, stdout, stderr := h.run(t, args...)
	if code != 0 {
		t.Fatalf("balance %s: exit %d: %s", ref, code, stderr)
	}
	var out balanceJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("balance JSON: %v\n%s", err, stdout)
	}
	m := map[string]string{}
	for _, b := range out.Balances {
		m[b.Symbol] = b.Balance
	}
	return m
}

func TestWalletBalanceAndSendOnDevnet(t *testing.T) {
	t.Parallel()
	h := newChainHome(t)
	dai, _ := h.m.Token("DAI")
	bob := common.HexToAddress("0x00000000000000000000000000000000000b0b0b")

	got := h.balances(t, "alice", "USDC", strings.ToLower(dai.Address.Hex()))
	if got["ETH"] != "10" || got["USDC"] != "100" || got["DAI"] != "0" {
		t.Fatalf("alice's balances %v, want 10 ETH, 100 USDC, 0 DAI", got)
	}
	code, stdout, stderr := h.run(t, "wallet", "balance", "alice", "--token", "usdc")
	if code != 0 || !strings.Contains(stdout, "alice ("+h.alice.Hex()+") on chain 1337") || !strings.Contains(stdout, "100") {
		t.Fatalf("text balance: %d\n%s%s", code, stdout, stderr)
	}

	// Token send: the summary shows the decoded transfer, then it is mined.
	code, stdout, stderr = h.run(t, "wallet", "send", "alice", "--to", bob.Hex(), "--amount", "1.5", "--token", "USDC", "--yes")
	if code != 0 {
		t.Fatalf("send USDC: exit %d: %s", code, stderr)
	}
	usdc, _ := h.m.Token("USDC")
	for _, want := range []string{"alice (" + h.alice.Hex() + ")", bob.Hex(), "1.5 USDC", usdc.Address.Hex(),
		"transfer(" + bob.Hex() + ", 1500000)", "+ 50%", "ETH now, at most", "Simulation", "Sent 0x", "mined in block"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("send output lacks %q:\n%s", want, stdout)
		}
	}
	// ETH send.
	if code, _, stderr = h.run(t, "wallet", "send", "alice", "--to", strings.ToLower(bob.Hex()), "--amount", "0.25", "--yes"); code != 0 {
		t.Fatalf("send ETH: exit %d: %s", code, stderr)
	}
	if got := h.balances(t, bob.Hex(), "USDC"); got["ETH"] != "0.25" || got["USDC"] != "1.5" {
		t.Errorf("bob's balances %v, want 0.25 ETH and 1.5 USDC", got)
	}
	sent := h.nonce(t)
	if sent != 2 {
		t.Fatalf("alice's nonce %d after two sends", sent)
	}

	// Refusals: nothing is signed or sent, the nonce stays.
	refusals := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"ETH above balance", []string{"--amount", "100"}, exitFailure,
			[]string{"insufficient balance: have 9.", "ETH, need 100 ETH", "nothing was sent"}},
		{"token above balance", []string{"--amount", "1000", "--token", "USDC"}, exitFailure,
			[]string{"simulation failed, nothing was sent", "ERC20: transfer amount exceeds balance", "balance 98.5 USDC, sending 1000 USDC"}},
		{"no terminal and no --yes", []string{"--amount", "1"}, exitUsage, []string{"refusing without confirmation", "--yes"}},
		{"wrong chain ID", []string{"--amount", "1", "--yes", "--chain-id", "1"}, exitUsage,
			[]string{"chain ID mismatch", "configured chain ID is 1", "chain 1337"}},
		{"fee cap below base fee", []string{"--amount", "1", "--yes", "--max-fee-gwei", "0.000000001"}, exitFailure,
			[]string{"fee cap exceeded", "cap of 1 wei"}},
		{"unknown token", []string{"--amount", "1", "--yes", "--token", "NOPE"}, exitUsage, []string{`unknown token "NOPE"`, "USDC"}},
		{"zero amount", []string{"--amount", "0", "--yes"}, exitUsage, []string{"--amount is zero"}},
		{"too many decimals", []string{"--amount", "0.0000001", "--token", "USDC", "--yes"}, exitUsage,
			[]string{"7 decimal places but the token has only 6"}},
		{"bad max fee", []string{"--amount", "1", "--yes", "--max-fee-gwei", "lots"}, exitUsage, []string{"--max-fee-gwei"}},
	}
	for _, tc := range refusals {
		args := append([]string{"wallet", "send", "alice", "--to", bob.Hex()}, tc.args...)
		code, stdout, stderr := h.run(t, args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, stdout, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q: %s", tc.name, w, stderr)
			}
		}
	}
	if n := h.nonce(t); n != sent {
		t.Errorf("nonce moved from %d to %d during refused sends", sent, n)
	}

	// A wrong passphrase is refused after the confirmation, before signing.
	badPW := writeTestFile(t, "bad", "wrong")
	code, _, stderr = runCLI(t, h.home, "--password-file", badPW, "wallet", "send", "alice", "--to", bob.Hex(), "--amount", "1", "--yes")
	if code != exitUsage || h.nonce(t) != sent {
		t.Errorf("wrong passphrase: exit %d, nonce %d: %s", code, h.nonce(t), stderr)
	}
}

func TestWalletChainUsageErrors(t *testing.T) {
	t.Parallel()
	emptyHome := t.TempDir()
	pw := writeTestFile(t, "pw", testPass)
	key := writeTestFile(t, "key", devKeyHex)
	if code, _, stderr := runCLI(t, emptyHome, "--password-file", pw, "wallet", "import", "--name", "dev", "--private-key-file", key); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	good := "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
	badSum := "0x70997970c51812dc3A010C7d01b50e0d17dc79C8"

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"balance without rpc or manifest", []string{"wallet", "balance", "dev"}, exitUsage, "no devnet manifest"},
		{"send without rpc or manifest", []string{"wallet", "send", "dev", "--to", good, "--amount", "1", "--yes"}, exitUsage, "no devnet manifest"},
		{"unreachable node", []string{"wallet", "balance", "dev", "--rpc", dead}, exitFailure, "unreachable"},
		{"bad scheme", []string{"wallet", "balance", "dev", "--rpc", "127.0.0.1:8545"}, exitUsage, "has no scheme"},
		{"bad checksum", []string{"wallet", "send", "dev", "--to", badSum, "--amount", "1", "--yes"}, exitUsage, "bad EIP-55 checksum"},
		{"not an address", []string{"wallet", "send", "dev", "--to", "0x1234", "--amount", "1", "--yes"}, exitUsage, "is not an address"},
		{"missing --to", []string{"wallet", "send", "dev", "--amount", "1"}, exitUsage, "required flag"},
		{"unknown account", []string{"wallet", "send", "nobody", "--to", good, "--amount", "1", "--yes"}, exitUsage, "nobody"},
		{"symbol without manifest", []string{"wallet", "balance", "dev", "--rpc", dead, "--token", "USDC"}, exitFailure, "unreachable"},
	}
	for _, tc := range tests {
		code, _, stderr := runCLI(t, emptyHome, append([]string{"--password-file", pw}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.name, code, stderr, tc.code, tc.want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"0x70997970C51812dc3A010C7d01b50e0d17dc79C8": true,  // valid checksum
		"0x70997970c51812dc3a010c7d01b50e0d17dc79c8": true,  // all lower case
		"0x70997970C51812DC3A010C7D01B50E0D17DC79C8": true,  // all upper case
		"0x70997970c51812dc3A010C7d01b50e0d17dc79C8": false, // mixed case, bad checksum
		"70997970C51812dc3A010C7d01b50e0d17dc79C8":   false, // no 0x
		"0x70997970C51812dc3A010C7d01b50e0d17dc79":   false, // short
		"0xg0997970C51812dc3A010C7d01b50e0d17dc79C8": false, // not hex
	} {
		_, err := parseAddress("--to", s)
		if (err == nil) != ok {
			t.Errorf("parseAddress(%q): %v, want ok=%v", s, err, ok)
		}
	}
}
