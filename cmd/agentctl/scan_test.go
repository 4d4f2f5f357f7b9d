package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// corpusDir is the audit scanner's labelled corpus and fixtures.
var corpusDir = filepath.Join("..", "..", "strategies", "audit", "testdata")

// runScan runs agentctl with a throwaway home and no terminal.
func runScan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"--home", t.TempDir()}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeSol(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestScanJSONOnCorpus(t *testing.T) {
	t.Parallel()
	code, out, stderr := runScan(t, "scan", corpusDir, "--format", "json")
	if code != exitFailure {
		t.Fatalf("exit %d, want 1 (high findings in the vulnerable corpus); stderr %s", code, stderr)
	}
	var doc struct {
		Schema   string           `json:"schema"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v", err)
	}
	if doc.Schema != "agentctl-scan/1" || len(doc.Findings) < 200 {
		t.Fatalf("schema %q, %d findings", doc.Schema, len(doc.Findings))
	}
	for _, f := range doc.Findings {
		for _, k := range []string{"detector", "swc", "category", "severity", "confidence", "file", "line", "end_line", "contract", "function", "message", "source"} {
			if _, ok := f[k]; !ok {
				t.Fatalf("finding lacks %q: %v", k, f)
			}
		}
		if file := f["file"].(string); !strings.HasPrefix(file, "vulnerable/") && !strings.HasPrefix(file, "safe/") && !strings.HasPrefix(file, "unit/") {
			t.Fatalf("file %q not relative to the scanned root", file)
		}
	}
	if !strings.Contains(stderr, "at or above high") {
		t.Errorf("stderr does not say why it failed: %s", stderr)
	}
}

// TestScanJSONFlag: --json is the JSON report, like log --json.
func TestScanJSONFlag(t *testing.T) {
	t.Parallel()
	code, out, stderr := runScan(t, "scan", filepath.Join(corpusDir, "safe"), "--json", "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
	var doc struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Schema != "agentctl-scan/1" {
		t.Fatalf("--json stdout is not the JSON report (%v): %.300s", err, out)
	}
}

// TestScanOwnContractsFailOnHigh gates CI on the project's own contracts:
// none of them has a high finding (the ERC-721 approvals used to be taken
// for unprotected setters).
func TestScanOwnContractsFailOnHigh(t *testing.T) {
	t.Parallel()
	code, out, stderr := runScan(t, "scan", filepath.Join("..", "..", "contracts"), "--fail-on", "high")
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr %s\n%s", code, stderr, out)
	}
	if strings.Contains(out, "unprotected-setter") {
		t.Errorf("the project's contracts still give unprotected-setter findings:\n%s", out)
	}
}

// TestScanSeverityAndConfidence: style notes are info and only fail the
// scan when asked; every finding carries a confidence in JSON and SARIF,
// and --min-confidence drops the less sure ones.
func TestScanSeverityAndConfidence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSol(t, dir, "style.sol", `pragma solidity ^0.4.24;
contract Counter {
    uint256 public count;
    function bump() { count += 1; }
}`)
	takeover := t.TempDir()
	writeSol(t, takeover, "owned.sol", `pragma solidity ^0.8.0;
contract Owned {
    address public owner;
    constructor() { owner = msg.sender; }
    function setOwner(address next) external { owner = next; }
    function kill() external { require(msg.sender == owner, "owner"); selfdestruct(payable(owner)); }
}`)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"style note does not fail low", []string{"scan", dir, "--fail-on", "low"}, exitOK},
		{"style note fails info", []string{"scan", dir, "--fail-on", "info"}, exitFailure},
		{"medium-confidence takeover fails high", []string{"scan", takeover}, exitFailure},
		{"filtered by min-confidence", []string{"scan", takeover, "--min-confidence", "high"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if code, out, stderr := runScan(t, tt.args...); code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s\n%s", code, tt.code, stderr, out)
			}
		})
	}
	_, out, _ := runScan(t, "scan", takeover, "--format", "sarif", "--fail-on", "none")
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID     string         `json:"ruleId"`
				Rank       *float64       `json:"rank"`
				Properties map[string]any `json:"properties"`
				Locations  []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
							EndLine   int `json:"endLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Fatalf("SARIF without results (%v):\n%s", err, out)
	}
	r := sarif.Runs[0].Results[0]
	if r.RuleID != "unprotected-setter" || r.Rank == nil || *r.Rank <= 0 || r.Properties["precision"] != "medium" || r.Properties["confidence"] != "medium" {
		t.Errorf("result %s rank %v properties %v: want unprotected-setter with a rank and precision medium", r.RuleID, r.Rank, r.Properties)
	}
	// Located at the function header (line 5), the whole one-line function.
	if reg := r.Locations[0].PhysicalLocation.Region; reg.StartLine != 5 {
		t.Errorf("takeover reported at line %d, want the header of setOwner (5)", reg.StartLine)
	}
}

// TestScanList documents every detector: what it finds, its class, its
// known limits and an example.
func TestScanList(t *testing.T) {
	t.Parallel()
	code, out, stderr := runScan(t, "scan", "--list")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	blocks := strings.Split(strings.TrimSpace(out), "\n\n")[1:]
	metas := append(audit.Detectors(), evm.Detectors()...)
	if len(blocks) != len(metas) {
		t.Fatalf("%d detector blocks for %d detectors:\n%s", len(blocks), len(metas), out)
	}
	for i, m := range metas {
		b := blocks[i]
		if !strings.HasPrefix(b, m.ID+"  [") || !strings.Contains(b, string(m.Category)+" (DASP)") {
			t.Errorf("block %d does not describe %s:\n%s", i, m.ID, b)
		}
		for _, field := range []string{"finds:", "limits:", "example:", "fix:"} {
			line := ""
			for _, l := range strings.Split(b, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), field) {
					line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), field))
				}
			}
			if len(line) < 10 {
				t.Errorf("%s: %s missing or empty", m.ID, field)
			}
		}
	}
}

func TestScanExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Only a low finding: the approve race.
	writeSol(t, dir, "token.sol", `pragma solidity ^0.8.0;
contract T {
    mapping(address => mapping(address => uint256)) public allowance;
    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        return true;
    }
}`)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"low finding, default high", []string{"scan", dir}, exitOK, ""},
		{"fail on low", []string{"scan", dir, "--fail-on", "low"}, exitFailure, "at or above low"},
		{"fail on none", []string{"scan", dir, "--fail-on", "none"}, exitOK, ""},
		{"excluded", []string{"scan", dir, "--fail-on", "low", "--exclude", "erc20-approve-race"}, exitOK, ""},
		{"missing path", []string{"scan", filepath.Join(dir, "nope")}, exitUsage, "no such file"},
		{"bad format", []string{"scan", dir, "--format", "xml"}, exitUsage, "use text, json, sarif or markdown"},
		{"json and another format", []string{"scan", dir, "--json", "--format", "sarif"}, exitUsage, "--json and --format sarif ask for two formats"},
		{"bad fail-on", []string{"scan", dir, "--fail-on", "critical"}, exitUsage, "use high, medium, low, info or none"},
		{"bad min-confidence", []string{"scan", dir, "--min-confidence", "sure"}, exitUsage, "use low, medium or high"},
		{"bad jobs", []string{"scan", dir, "--jobs", "0"}, exitUsage, "at least 1"},
		{"unknown detector", []string{"scan", dir, "--exclude", "nope"}, exitUsage, "known detectors"},
		{"nothing", []string{"scan"}, exitUsage, "nothing to scan"},
		{"address without node", []string{"scan", "0x5FbDB2315678afecb367f032d93F642f64180aa3"}, exitUsage, "--rpc"},
		{"unreachable node", []string{"scan", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--rpc", "http://127.0.0.1:1"}, exitUsage, "scan 0x5FbDB2315678afecb367f032d93F642f64180aa3"},
		{"bad baseline", []string{"scan", dir, "--baseline", filepath.Join(dir, "token.sol")}, exitUsage, "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runScan(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d stderr %q, want exit %d containing %q", code, stderr, tt.code, tt.err)
			}
		})
	}
}

func TestScanOutFileAndFormats(t *testing.T) {
	t.Parallel()
	unit := filepath.Join(corpusDir, "unit")
	out := filepath.Join(t.TempDir(), "r.sarif")
	code, stdout, _ := runScan(t, "scan", unit, "--format", "sarif", "--out", out)
	if code != exitFailure || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs[0].Results) == 0 {
		t.Fatalf("sarif: %v %+v", err, log)
	}
	_, text, _ := runScan(t, "scan", unit)
	if !strings.Contains(text, "HIGH (") || !strings.Contains(text, "^") || strings.Contains(text, "\x1b[") {
		t.Errorf("text report without severity groups, carets, or with colour off a terminal:\n%s", text)
	}
	_, md, _ := runScan(t, "scan", unit, "--format", "markdown")
	if !strings.HasPrefix(md, "# agentctl scan report") {
		t.Errorf("markdown: %s", md[:min(80, len(md))])
	}
	_, list, _ := runScan(t, "scan", "--list")
	if !strings.Contains(list, "reentrancy") || !strings.Contains(list, "evm-selfdestruct") {
		t.Errorf("--list misses detectors:\n%s", list)
	}
}

func TestScanBaseline(t *testing.T) {
	t.Parallel()
	unit := filepath.Join(corpusDir, "unit")
	base := filepath.Join(t.TempDir(), "baseline.json")
	code, _, stderr := runScan(t, "scan", unit, "--write-baseline", base)
	if code != exitOK || !strings.Contains(stderr, "accepted findings") {
		t.Fatalf("write baseline: exit %d %s", code, stderr)
	}
	code, out, stderr := runScan(t, "scan", unit, "--baseline", base, "--fail-on", "low")
	if code != exitOK || !strings.Contains(out, "0 findings") || !strings.Contains(out, "accepted in the baseline") {
		t.Errorf("with baseline: exit %d, out %s, err %s", code, out, stderr)
	}
}

// TestScanDeployedContract deploys a contract with an unprotected
// selfdestruct path on the devnet and scans it through JSON-RPC.
func TestScanDeployedContract(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("devnet: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	// Runtime: if the selector is kill() (0x41c0e1b5), selfdestruct to the caller.
	runtime := common.FromHex("0x60003560e01c6341c0e1b51461001157005b33ff")
	initCode := append(common.FromHex("0x60"+hexByte(len(runtime))+"600c60003960"+hexByte(len(runtime))+"6000f3"), runtime...)
	// Hardhat dev account #1: a public test key.
	key, err := crypto.HexToECDSA("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
	if err != nil {
		t.Fatal(err)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	client := d.Client()
	nonce, err := client.PendingNonceAt(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	chainID := new(big.Int).SetUint64(d.Manifest().ChainID)
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(200e9), Gas: 200000, Data: initCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if r, err := client.TransactionReceipt(ctx, tx.Hash()); err == nil && r.Status == types.ReceiptStatusSuccessful {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deployment not mined")
		}
		time.Sleep(50 * time.Millisecond)
	}
	addr := crypto.CreateAddress(from, nonce)
	code, out, stderr := runScan(t, "scan", addr.Hex(), "--rpc", d.Manifest().RPC, "--format", "json")
	if code != exitFailure {
		t.Fatalf("exit %d, want 1; stderr %s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			Detector string `json:"detector"`
			Address  string `json:"address"`
			PC       *int   `json:"pc"`
		} `json:"findings"`
		Targets []struct {
			Kind string `json:"kind"`
		} `json:"targets"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Detector != "evm-selfdestruct" || doc.Findings[0].Address != addr.Hex() || doc.Findings[0].PC == nil || *doc.Findings[0].PC != 0x13 {
		t.Errorf("findings %+v", doc.Findings)
	}
	if len(doc.Targets) != 1 || doc.Targets[0].Kind != "contract" {
		t.Errorf("targets %+v", doc.Targets)
	}

	// The same runtime code read back from the chain and saved as a file,
	// hex or binary, gives the same finding as the address mode.
	deployed, err := client.CodeAt(ctx, addr, nil)
	if err != nil || len(deployed) == 0 {
		t.Fatalf("code at %s: %v", addr.Hex(), err)
	}
	dir := t.TempDir()
	hexFile, binFile, srcLike := filepath.Join(dir, "kill.hex"), filepath.Join(dir, "kill.bin"), filepath.Join(dir, "code.txt")
	writeSol(t, dir, "kill.hex", "0x"+common.Bytes2Hex(deployed)+"\n")
	writeSol(t, dir, "kill.bin", string(deployed))
	writeSol(t, dir, "code.txt", "pragma solidity ^0.8.0;\ncontract C {}\n")
	for _, args := range [][]string{{"--bytecode", hexFile}, {"--bytecode", binFile}, {hexFile}} {
		code, out, stderr := runScan(t, append([]string{"scan", "--format", "json"}, args...)...)
		if code != exitFailure {
			t.Fatalf("%v: exit %d, want 1; stderr %s", args, code, stderr)
		}
		var got struct {
			Findings []struct {
				Detector string `json:"detector"`
				File     string `json:"file"`
				PC       *int   `json:"pc"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Findings) != 1 || got.Findings[0].Detector != "evm-selfdestruct" || got.Findings[0].PC == nil || *got.Findings[0].PC != 0x13 || !strings.HasSuffix(got.Findings[0].File, "kill."+filepath.Ext(args[len(args)-1])[1:]) {
			t.Errorf("%v: findings %+v, want the address mode's evm-selfdestruct at pc 0x13", args, got.Findings)
		}
	}
	for _, tt := range []struct{ file, want string }{
		{srcLike, "looks like Solidity source"},
		{filepath.Join(dir, "missing.hex"), "no such file"},
	} {
		if code, _, stderr := runScan(t, "scan", "--bytecode", tt.file); code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("--bytecode %s: exit %d stderr %q, want 2 and %q", tt.file, code, stderr, tt.want)
		}
	}
}

func hexByte(n int) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[n>>4&15], digits[n&15]})
}

// TestScanHostileFiles: random bytes, an empty file, comments only and a
// 5 MB file each get a clear line in the report; the scan itself succeeds.
func TestScanHostileFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 131)
	}
	writeSol(t, dir, "random.sol", string(junk))
	writeSol(t, dir, "empty.sol", "")
	writeSol(t, dir, "comments.sol", "// only a comment\n/* and another */\n")
	unit, err := os.ReadFile(filepath.Join(corpusDir, "unit", "access.sol"))
	if err != nil {
		t.Fatal(err)
	}
	writeSol(t, dir, "big.sol", strings.Repeat(string(unit), 5<<20/len(unit)+1))
	code, out, stderr := runScan(t, "scan", dir, "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"random.sol: skipped: binary data", "empty.sol: empty file", "comments.sol: no contracts", "big.sol:43:5", "in 4 files"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
