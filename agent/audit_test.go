package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/audit"
)

// An audit.watch agent on the devnet scans each newly deployed contract
// and records its findings as decisions, in a log that verifies.
func TestAuditAgentRecordsFindingsOfNewContracts(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, `
agents:
  - name: auditor
    strategy: audit.watch
    params:
      max_contracts_per_tick: 5
      min_severity: medium
    model: rules
    mode: auto
    interval: 50ms
    policy:
      quote_token: USDC
anchoring: {enabled: false}
identity: {mode: "off"}
`, nil)
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	sub := h.Runtime.Bus().Subscribe(4096)
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h.Runtime.Run(ctx)

	// The first decision fixes where the agent starts reading blocks.
	next := func(what string, ok func(DecisionRecorded) bool) DecisionRecorded {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for {
			select {
			case e := <-sub.C:
				if r, isRec := e.(DecisionRecorded); isRec && r.Agent == "auditor" && ok(r) {
					return r
				}
				if ev, backoff := e.(AgentBackedOff); backoff && ev.AgentName() == "auditor" {
					t.Fatalf("agent backed off while waiting for %s: %s", what, ev.Reason)
				}
			case <-deadline:
				t.Fatalf("after 60s: no %s", what)
			}
		}
	}
	first := next("first decision", func(DecisionRecorded) bool { return true })
	if first.Action != audit.ActionHold {
		t.Fatalf("first decision %+v, want hold: nothing was deployed yet", first)
	}

	addr := deployKillable(t, h)
	rep := next("report", func(r DecisionRecorded) bool { return r.Action == audit.ActionReport })
	if rep.Outcome != store.OutcomeSkipped || rep.TxHash != (common.Hash{}) {
		t.Errorf("report %+v: audit.watch never transacts", rep)
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)

	rec, err := h.DB.Record(context.Background(), "auditor", rep.Seq)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Action string
		Params audit.ReportParams
	}
	if err := json.Unmarshal(rec.Action, &d); err != nil {
		t.Fatalf("action %s: %v", rec.Action, err)
	}
	if d.Action != audit.ActionReport || len(d.Params.Findings) != 1 || d.Params.Findings[0].Contract != addr ||
		d.Params.Findings[0].Detector != "evm-selfdestruct" || d.Params.Findings[0].PC == nil || *d.Params.Findings[0].PC != 0x13 {
		t.Errorf("recorded action %s", rec.Action)
	}
	if !strings.Contains(rec.ObsSummary, "high evm-selfdestruct ACCESS_CONTROL "+addr.Hex()) || rec.Strategy != audit.WatchName ||
		rec.Model != "rules" || rec.ObsDigest == (common.Hash{}) {
		t.Errorf("record %+v", rec)
	}
	res, err := h.DB.Verify(context.Background(), "auditor")
	if err != nil || !res.OK() {
		t.Fatalf("verify: %v %v", res, err)
	}
}

// deployKillable deploys a contract whose kill() selector selfdestructs
// to the caller and returns its address. It deploys from dev account #1
// (the public test mnemonic's), funded at genesis and left free for users
// by the devnet.
func deployKillable(t *testing.T, h *Host) common.Address {
	t.Helper()
	ctx := context.Background()
	key, err := crypto.HexToECDSA("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	client := devnetOf(h).Client()
	nonce, err := client.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	runtime := common.FromHex("0x60003560e01c6341c0e1b51461001157005b33ff")
	n := fmt.Sprintf("%02x", len(runtime))
	initCode := append(common.FromHex("0x60"+n+"600c60003960"+n+"6000f3"), runtime...)
	chainID, err := client.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(200e9), Gas: 200_000, Data: initCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := client.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful {
				t.Fatal("deployment reverted")
			}
			return r.ContractAddress
		}
		if time.Now().After(deadline) {
			t.Fatal("deployment not mined after 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
