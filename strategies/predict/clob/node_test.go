package clob_test

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
	"github.com/ethereum/go-ethereum/crypto"
)

// runOfficial runs tools/polymarket-clob.mjs (the official TypeScript
// client) on cases and returns one raw result per case.
func runOfficial(t *testing.T, cases []map[string]any) []json.RawMessage {
	t.Helper()
	node := tools.Node(t)
	tools.Require(t, "@polymarket/clob-client-v2")
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join(tools.Dir(), "polymarket-clob.mjs"))
	cmd.Dir = tools.Dir()
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("official client: %v\n%s", err, stderr.String())
	}
	var res []json.RawMessage
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(cases) {
		t.Fatalf("official client printed %d results for %d cases (%v): %s", len(res), len(cases), err, out)
	}
	return res
}

// testKey is a deterministic key for seed; keyHex is its hex for Node.
func testKey(t *testing.T, seed string) (*ecdsa.PrivateKey, string) {
	t.Helper()
	h := crypto.Keccak256([]byte("agentctl clob test key " + seed))
	k, err := crypto.ToECDSA(h)
	if err != nil {
		t.Fatal(err)
	}
	return k, "0x" + bytesHex(h)
}

func bytesHex(b []byte) string {
	const hexd = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexd[c>>4], hexd[c&15]
	}
	return string(out)
}

func testSigner(t *testing.T, seed string) (*wallet.Signer, string) {
	k, h := testKey(t, seed)
	return wallet.NewSigner(k), h
}
