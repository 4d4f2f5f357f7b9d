package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// TestValidationRoundTrip: a run with a validator configured files an
// ERC-8004 validation request for an anchored batch (data: URI, request
// hash = keccak256 of the export); the validator finds it addressed to its
// key, checks the batch on the chain, replays every decision and answers
// 100; an altered export scores lower and says why.
func TestValidationRoundTrip(t *testing.T) {
	t.Parallel()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	signer := wallet.NewSigner(key)
	yaml := fmt.Sprintf("anchoring:\n  every_records: 4\n  confirmations: 0\n  validator: %q\n  batch_uri: data\n", signer.Address().Hex())
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: loadConfig(t, yaml, map[string]string{"AGENTCTL_MODEL": "rules"}),
		Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	sub := h.Runtime.Bus().Subscribe(8192)
	defer sub.Close()
	ctx := context.Background()
	if err := devnetOf(h).Fund(ctx, signer.Address(), new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)), nil); err != nil {
		t.Fatal(err)
	}
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if err := h.Trust.WaitIdentities(wctx); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	h.Runtime.Run(runCtx)
	var req ValidationRequested
	deadline := time.After(120 * time.Second)
	for req.Agent != "momentum" {
		select {
		case e := <-sub.C:
			switch e := e.(type) {
			case ValidationRequested:
				req = e
			case ValidationRequestFailed:
				t.Fatalf("validation request failed: %s", e.Reason)
			}
		case <-deadline:
			t.Fatal("no validation request for momentum within 120s")
		}
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)

	payload, err := FetchURI(ctx, req.URI)
	if err != nil {
		t.Fatal(err)
	}
	if crypto.Keccak256Hash(payload) != req.RequestHash || !strings.HasPrefix(req.URI, "data:") {
		t.Fatalf("request hash %s is not keccak256 of the export at %.40s", req.RequestHash.Hex(), req.URI)
	}

	registry := devnetOf(h).Manifest().Contracts[devnet.ContractValidation]
	v := &Validator{Chain: devnetOf(h).Client(), Backend: h.Client.Backend(), Registry: registry,
		Tx: h.Client.Transactor(signer.Address(), signer.SignerFn(big.NewInt(devnet.ChainID))), Publish: DataURIs}
	reqs, err := v.Requests(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var mine *ValidationRequestLog
	for i := range reqs {
		if reqs[i].RequestHash == req.RequestHash {
			mine = &reqs[i]
		}
	}
	id, _ := h.Trust.Identity("momentum")
	if mine == nil || mine.Answered || mine.AgentID.Cmp(id.AgentID) != 0 {
		t.Fatalf("requests addressed to the validator: %+v, want %s for agent %s unanswered", reqs, req.RequestHash.Hex(), id.AgentID)
	}
	rep, tx, err := v.Answer(ctx, *mine)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Score != 100 || rep.Problem != "" || rep.Decisions == 0 || rep.Identical != rep.Decisions || len(rep.Notes) != 0 {
		t.Fatalf("honest batch: %+v", rep)
	}
	abi := contracts.NewValidationRegistry()
	st, err := bind.Call(abi.Instance(h.Client.Backend(), registry), &bind.CallOpts{Context: ctx}, abi.PackGetValidationStatus(req.RequestHash), abi.UnpackGetValidationStatus)
	if err != nil || st.Response != 100 || st.Tag != ValidationTag || st.ValidatorAddress != signer.Address() || st.LastUpdate.Sign() == 0 {
		t.Fatalf("on-chain status after the response (tx %s): %+v %v", tx.Hex(), st, err)
	}
	reqs, err = v.Requests(ctx, 0)
	for _, r := range reqs {
		if r.RequestHash == req.RequestHash && !r.Answered {
			t.Errorf("request %s is answered but still listed as open (err %v)", r.RequestHash.Hex(), err)
		}
	}

	// A request naming a path on the validator's machine is not read unless
	// allowed, and nothing is posted.
	if _, tx, err := v.Answer(ctx, ValidationRequestLog{AgentID: id.AgentID, RequestURI: "file:///etc/hostname",
		RequestHash: req.RequestHash}); err == nil || !strings.Contains(err.Error(), "--allow-file") || tx != (common.Hash{}) {
		t.Errorf("file:// request without --allow-file: tx %s, %v", tx.Hex(), err)
	}

	// An export altered after filing: not what was filed, score 0.
	var b Batch
	if err := json.Unmarshal(payload, &b); err != nil {
		t.Fatal(err)
	}
	rep = ValidateBatch(ctx, append(payload, ' '), req.RequestHash, ValidateOptions{Chain: devnetOf(h).Client()})
	if rep.Score != 0 || !strings.Contains(rep.Problem, "not what was filed") {
		t.Errorf("changed bytes: %+v", rep)
	}
	// A decision's facts swapped for others in an export filed as such: the
	// chain and root still check out, the decision does not replay.
	for i, blob := range b.Blobs {
		if strings.Contains(string(blob), `"strategy":"dex.momentum"`) && strings.Contains(string(blob), `"history":`) {
			b.Blobs[i] = []byte(strings.Replace(string(blob), `"history":`, `"history":9`, 1))
			break
		}
	}
	altered, _ := json.Marshal(&b)
	rep = ValidateBatch(ctx, altered, crypto.Keccak256Hash(altered), ValidateOptions{Chain: devnetOf(h).Client()})
	if rep.Score >= 100 || rep.Problem != "" || rep.Identical >= rep.Decisions {
		t.Fatalf("altered facts: %+v", rep)
	}
	var why []string
	for _, r := range rep.Results {
		if !r.OK() {
			why = append(why, r.Problem)
		}
	}
	if len(why) == 0 || !strings.Contains(strings.Join(why, "; "), "not in the batch") {
		t.Errorf("altered facts, reasons: %q", why)
	}
	// Records edited in the export: the hash chain catches it.
	var rec store.Record
	if rec, err = store.DecodeCanonical(b.Records[0].Canonical); err != nil {
		t.Fatal(err)
	}
	rec.ObsSummary += " (edited)"
	b.Records[0].Canonical = rec.CanonicalBytes()
	edited, _ := json.Marshal(&b)
	rep = ValidateBatch(ctx, edited, crypto.Keccak256Hash(edited), ValidateOptions{Chain: devnetOf(h).Client()})
	if rep.Score != 0 || !strings.Contains(rep.Problem, "edited") {
		t.Errorf("edited record: %+v", rep)
	}
}
