package audit_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
)

// Runtime code of the test contracts.
var (
	// If the selector is kill() (0x41c0e1b5), selfdestruct to the caller:
	// evm-selfdestruct (high) at pc 0x13.
	killCode = common.FromHex("0x60003560e01c6341c0e1b51461001157005b33ff")
	// CALL the caller and drop the success flag: evm-unchecked-call (medium).
	uncheckedCode = common.FromHex("0x60006000600060006000335af15000")
	// STOP: nothing to find.
	plainCode = common.FromHex("0x00")
)

// chain is a simulated EVM with one funded deployer.
type chain struct {
	t       *testing.T
	backend *simulated.Backend
	key     *ecdsa.PrivateKey
	from    common.Address
	nonce   uint64
}

func newChain(t *testing.T) *chain {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	b := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))}})
	t.Cleanup(func() { _ = b.Close() })
	return &chain{t: t, backend: b, key: key, from: from}
}

// send signs and submits a transaction; to nil deploys data as init code.
func (c *chain) send(to *common.Address, data []byte) common.Address {
	c.t.Helper()
	chainID, err := c.backend.Client().ChainID(context.Background())
	if err != nil {
		c.t.Fatal(err)
	}
	tx, err := types.SignNewTx(c.key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: c.nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 200_000,
		To: to, Value: big.NewInt(1), Data: data,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.backend.Client().SendTransaction(context.Background(), tx); err != nil {
		c.t.Fatal(err)
	}
	addr := crypto.CreateAddress(c.from, c.nonce)
	c.nonce++
	return addr
}

// deploy sends init code that returns runtime as the contract's code.
func (c *chain) deploy(runtime []byte) common.Address {
	c.t.Helper()
	n := fmt.Sprintf("%02x", len(runtime))
	init := append(common.FromHex("0x60"+n+"600c60003960"+n+"6000f3"), runtime...)
	return c.send(nil, init)
}

func (c *chain) watch(p audit.WatchParams) *audit.Watch {
	c.t.Helper()
	client := c.backend.Client()
	scan := func(ctx context.Context, addr common.Address, block *big.Int) ([]audit.Finding, error) {
		_, fs, err := evm.ScanAddress(ctx, client, addr, block)
		return fs, err
	}
	w, err := audit.NewWatch(client, scan, p)
	if err != nil {
		c.t.Fatal(err)
	}
	return w
}

type facts struct {
	Head, FromBlock, ToBlock uint64
	Contracts                []struct {
		Address  common.Address
		Findings int
		Error    string
	}
	Findings []struct {
		Contract common.Address
		Detector string
		Severity string
		PC       *int
	}
	Pending int
}

func observe(t *testing.T, w *audit.Watch) (*strategies.Observation, facts) {
	t.Helper()
	obs, err := w.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var f facts
	if err := json.Unmarshal(obs.Facts, &f); err != nil {
		t.Fatal(err)
	}
	if obs.Digest != crypto.Keccak256Hash(obs.Facts) || len(obs.Untrusted) != 0 {
		t.Errorf("digest or untrusted text: %+v", obs)
	}
	return obs, f
}

func TestWatchReportsNewContracts(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	c.deploy(killCode) // before the first observation: not seen without lookback
	c.backend.Commit()
	w := c.watch(audit.DefaultWatchParams())
	obs, f := observe(t, w)
	if len(f.Contracts) != 0 || w.Propose(obs).Action != audit.ActionHold {
		t.Fatalf("first observation: %+v", f)
	}

	kill := c.deploy(killCode)
	unchecked := c.deploy(uncheckedCode)
	c.deploy(plainCode)
	c.send(&c.from, nil) // a plain transfer is no creation
	c.backend.Commit()
	obs, f = observe(t, w)
	if len(f.Contracts) != 3 || len(f.Findings) != 2 || f.FromBlock != f.ToBlock || f.Pending != 0 {
		t.Fatalf("facts %+v", f)
	}
	got := map[string]common.Address{}
	for _, x := range f.Findings {
		got[x.Detector] = x.Contract
	}
	if got["evm-selfdestruct"] != kill || got["evm-unchecked-call"] != unchecked {
		t.Errorf("findings %+v, want selfdestruct in %s and unchecked call in %s", f.Findings, kill.Hex(), unchecked.Hex())
	}
	for _, want := range []string{"high evm-selfdestruct ACCESS_CONTROL " + kill.Hex() + " at pc 0x13", "Scanned 3 new contracts; 2 findings at or above medium"} {
		if !strings.Contains(obs.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, obs.Summary)
		}
	}
	d := w.Propose(obs)
	var params audit.ReportParams
	if d.Action != audit.ActionReport || json.Unmarshal(d.Params, &params) != nil || len(params.Findings) != 2 ||
		!strings.Contains(d.Rationale, "1 evm-selfdestruct") {
		t.Errorf("decision %+v", d)
	}
	if plan, err := w.Plan(context.Background(), obs, d); plan != nil || err != nil {
		t.Errorf("plan %+v, %v: audit.watch never transacts", plan, err)
	}

	obs, f = observe(t, w)
	if len(f.Contracts) != 0 || f.ToBlock >= f.FromBlock || w.Propose(obs).Action != audit.ActionHold ||
		!strings.Contains(obs.Summary, "No new blocks") {
		t.Errorf("nothing new: %+v, %s", f, obs.Summary)
	}
}

func TestWatchLimitsAndSeverity(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	p := audit.DefaultWatchParams()
	p.MaxContractsPerTick, p.MinSeverity, p.LookbackBlocks = 1, "high", 5
	c.deploy(uncheckedCode) // medium only: below min_severity
	c.deploy(killCode)
	c.send(nil, common.FromHex("0x33ff")) // selfdestructs in its constructor: no code left
	c.backend.Commit()
	w := c.watch(p)
	var total []string
	for i, wantPending := range []int{2, 1, 0} {
		obs, f := observe(t, w)
		if len(f.Contracts) != 1 || f.Pending != wantPending {
			t.Fatalf("observation %d: %+v", i, f)
		}
		for _, x := range f.Findings {
			total = append(total, x.Detector)
		}
		if f.Contracts[0].Error != "" && !strings.Contains(obs.Summary, "not analysed") {
			t.Errorf("unreadable contract not in the summary: %s", obs.Summary)
		}
		if i == 2 && !strings.Contains(f.Contracts[0].Error, "no contract code") {
			t.Errorf("self-destroyed contract: %+v", f.Contracts[0])
		}
	}
	if strings.Join(total, ",") != "evm-selfdestruct" {
		t.Errorf("findings %v, want only the high one", total)
	}
}

func TestWatchParse(t *testing.T) {
	t.Parallel()
	w := newChain(t).watch(audit.DefaultWatchParams())
	tests := []struct {
		name, reply, err string
	}{
		{"report", `{"action":"report","confidence":0.9,"rationale":"evm-selfdestruct in 0x1"}`, ""},
		{"hold", ` {"rationale":"none","action":"hold","confidence":1} `, ""},
		{"unknown action", `{"action":"sell","confidence":1,"rationale":"r"}`, "not one of report, hold"},
		{"extra field", `{"action":"report","confidence":1,"rationale":"r","findings":[]}`, `"findings" is not allowed`},
		{"duplicate", `{"action":"report","action":"hold","confidence":1,"rationale":"r"}`, "appears twice"},
		{"missing", `{"action":"report","confidence":1}`, "send all of"},
		{"confidence range", `{"action":"report","confidence":2,"rationale":"r"}`, "from 0 to 1"},
		{"confidence string", `{"action":"report","confidence":"high","rationale":"r"}`, "does not fit"},
		{"trailing", `{"action":"report","confidence":1,"rationale":"r"} {}`, "more after"},
		{"not an object", `["report"]`, "not a JSON object"},
	}
	for _, tt := range tests {
		d, err := w.Parse(json.RawMessage(tt.reply))
		switch {
		case tt.err == "" && (err != nil || string(d.Params) != "{}"):
			t.Errorf("%s: %+v, %v", tt.name, d, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
	// The schema is strict: every property required, no others.
	var s struct {
		Properties           map[string]any `json:"properties"`
		Required             []string       `json:"required"`
		AdditionalProperties bool           `json:"additionalProperties"`
	}
	if err := json.Unmarshal(w.Schema(), &s); err != nil || len(s.Required) != len(s.Properties) || s.AdditionalProperties {
		t.Errorf("schema %s", w.Schema())
	}
}

func TestWatchParamsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*audit.WatchParams)
		err  string
	}{
		{"defaults", func(*audit.WatchParams) {}, ""},
		{"no contracts", func(p *audit.WatchParams) { p.MaxContractsPerTick = 0 }, "max_contracts_per_tick"},
		{"too many blocks", func(p *audit.WatchParams) { p.MaxBlocksPerTick = audit.MaxWatchBlocks + 1 }, "max_blocks_per_tick"},
		{"bad severity", func(p *audit.WatchParams) { p.MinSeverity = "critical" }, "min_severity"},
	}
	for _, tt := range tests {
		p := audit.DefaultWatchParams()
		tt.edit(&p)
		_, err := audit.NewWatch(newChain(t).backend.Client(), func(context.Context, common.Address, *big.Int) ([]audit.Finding, error) { return nil, nil }, p)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}
