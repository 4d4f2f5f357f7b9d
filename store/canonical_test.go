package store

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestCanonicalBytesByHand pins the encoding field by field, written out
// independently of the encoder, as the package doc specifies it.
func TestCanonicalBytesByHand(t *testing.T) {
	t.Parallel()
	r := &Record{
		Agent: "a", Seq: 1, Kind: KindDecision, Time: time.Unix(0, 1),
		Verdict: VerdictNone, Reasons: []string{"x", ""}, Approval: ApprovalNone, Outcome: OutcomeSkipped,
	}
	field := func(s string) string { // length-prefixed ASCII, spelled out in hex
		return strings.Repeat("0", 8-len(hexLen(len(s)))) + hexLen(len(s)) + hex.EncodeToString([]byte(s))
	}
	want := strings.Join([]string{
		field("agentctl.record.v1"),
		"00000001" + "61",               // agent "a"
		"00000008" + "0000000000000001", // seq 1
		field("decision"),
		"00000008" + "0000000000000001", // time: 1 ns after the epoch
		"00000008" + "0000000000000000", // completes
		"00000000", "00000000",          // intent, strategy
		"00000000", "00000000", // obs_digest, obs_summary
		"00000000", "00000000", "00000000", // prompt_hash, model, model_digest
		"00000000", "00000000", // reply, action
		"00000004" + "6e6f6e65",                     // verdict "none"
		"00000009" + "00000001" + "78" + "00000000", // reasons ["x", ""]
		"00000004" + "6e6f6e65",                     // approval "none"
		"00000000", "00000000",                      // simulation, tx_hash
		"00000007" + hex.EncodeToString([]byte("skipped")),
		"00000000", "00000000", // error, receipt
	}, "")
	got := hex.EncodeToString(r.CanonicalBytes())
	if got != want {
		t.Fatalf("canonical bytes\n got %s\nwant %s", got, want)
	}
	wantBytes, _ := hex.DecodeString(want)
	if h := r.ComputeHash(); h != crypto.Keccak256Hash(wantBytes, make([]byte, 32)) {
		t.Fatalf("hash %s is not keccak256(canonical || 32 zero bytes)", h.Hex())
	}
	if r.canonicalSize() < len(r.CanonicalBytes()) {
		t.Fatalf("canonicalSize %d underestimates the %d-byte encoding", r.canonicalSize(), len(r.CanonicalBytes()))
	}
}

func hexLen(n int) string {
	return strings.TrimLeft(hex.EncodeToString([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), "0")
}

// TestGoldenHash fixes the hash of a fully populated record: if this test
// fails, the encoding changed and every stored chain would stop verifying.
func TestGoldenHash(t *testing.T) {
	t.Parallel()
	r := &Record{
		Seq: 7, Kind: KindDecision, Time: time.Date(2026, 5, 1, 12, 0, 7, 123456789, time.UTC),
		Agent: "alice", Intent: "alice-intent-7", Strategy: "dex.momentum",
		ObsDigest:   common.HexToHash("0x1111111111111111111111111111111111111111111111111111111111111111"),
		ObsSummary:  "WETH/USDC reserves 100/300000 \xff", // invalid UTF-8 is hashed as is
		PromptHash:  common.HexToHash("0x2222222222222222222222222222222222222222222222222222222222222222"),
		Model:       "ollama:qwen2.5:3b",
		ModelDigest: "sha256:845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e",
		Reply:       []byte("{\"action\":\"swap\"}\x00"),
		Action:      []byte(`{"swap":{"pair":"WETH/USDC","side":"buy","amount":"7"}}`),
		Verdict:     VerdictAllowed,
		Reasons:     []string{"within per-trade cap", "slippage 30 bps <= 50 bps"},
		Approval:    ApprovalAuto,
		Simulation:  []byte(`{"ok":true,"gas":142000}`),
		TxHash:      common.HexToHash("0x3333333333333333333333333333333333333333333333333333333333333333"),
		Outcome:     OutcomePending,
		Error:       "nonce too low",
		Receipt:     []byte(`{"block":9}`),
		PrevHash:    common.HexToHash("0x0102030405060708091011121314151617181920212223242526272829303132"),
	}
	const golden = "0x072f337640b9c9b7fe85d0dd0f63bfb69686d12b69450bc9afb053d47e705718"
	if got := r.ComputeHash().Hex(); got != golden {
		t.Fatalf("golden hash changed:\n got %s\nwant %s", got, golden)
	}
}

// TestCanonicalDistinguishesFields: moving bytes between fields, or
// changing any one field, changes the encoding.
func TestCanonicalDistinguishesFields(t *testing.T) {
	t.Parallel()
	base := decision("alice", 1)
	base.Seq = 1
	variants := map[string]func(r *Record){
		"agent":       func(r *Record) { r.Agent = "alicf" },
		"seq":         func(r *Record) { r.Seq = 2 },
		"kind":        func(r *Record) { r.Kind = KindCompletion },
		"time":        func(r *Record) { r.Time = r.Time.Add(time.Nanosecond) },
		"completes":   func(r *Record) { r.Completes = 1 },
		"intent":      func(r *Record) { r.Intent += "x" },
		"strategy":    func(r *Record) { r.Strategy = "" },
		"obs_digest":  func(r *Record) { r.ObsDigest = common.Hash{} },
		"obs_summary": func(r *Record) { r.ObsSummary += " " },
		"prompt_hash": func(r *Record) { r.PromptHash[0] ^= 1 },
		"model":       func(r *Record) { r.Model = "rules" },
		"model_dig":   func(r *Record) { r.ModelDigest = "" },
		"reply":       func(r *Record) { r.Reply = append(r.Reply, 0) },
		"action":      func(r *Record) { r.Action = nil },
		"verdict":     func(r *Record) { r.Verdict = VerdictDenied },
		"reasons":     func(r *Record) { r.Reasons = []string{"within per-trade capslippage 30 bps <= 50 bps"} },
		"reasons2":    func(r *Record) { r.Reasons = append(r.Reasons, "") },
		"approval":    func(r *Record) { r.Approval = ApprovalApproved },
		"simulation":  func(r *Record) { r.Simulation = nil },
		"tx_hash":     func(r *Record) { r.TxHash = common.Hash{} },
		"outcome":     func(r *Record) { r.Outcome = OutcomeConfirmed },
		"error":       func(r *Record) { r.Error = "x" },
		"receipt":     func(r *Record) { r.Receipt = []byte(`{}`) },
		"shift":       func(r *Record) { r.Strategy, r.ObsSummary = r.Strategy+"W", r.ObsSummary[1:] },
	}
	for name, mutate := range variants {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := *base
			c.Reasons = append([]string(nil), base.Reasons...)
			c.Reply = append([]byte(nil), base.Reply...)
			mutate(&c)
			if bytes.Equal(c.CanonicalBytes(), base.CanonicalBytes()) {
				t.Fatal("encoding did not change")
			}
		})
	}
}
