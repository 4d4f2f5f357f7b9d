package adapter

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/agentctl/agentctl/strategies/audit"
)

// TestScanUnitCorpus scans the scanner's unit corpus through the adapter:
// the same findings as audit.Scan (what agentctl scan reports), most severe
// first, each with the real source lines around it.
func TestScanUnitCorpus(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "strategies", "audit", "testdata", "unit")
	var mu sync.Mutex
	var calls, lastDone, total int
	res, err := Scanner{Jobs: 2}.Scan(context.Background(), dir, func(done, n int) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		lastDone, total = max(lastDone, done), n
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := audit.Scan(context.Background(), []string{dir}, audit.Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != len(want.Files) || calls != res.Files || lastDone != res.Files || total != res.Files {
		t.Fatalf("%d files, progress called %d times up to %d/%d; audit.Scan read %d", res.Files, calls, lastDone, total, len(want.Files))
	}
	if len(res.Findings) == 0 || len(res.Findings) != len(want.Findings) || res.Suppressed != want.Suppressed {
		t.Fatalf("%d findings (%d suppressed), audit.Scan has %d (%d)", len(res.Findings), res.Suppressed, len(want.Findings), want.Suppressed)
	}
	if !filepath.IsAbs(res.Root) || !strings.HasSuffix(filepath.ToSlash(res.Root), "testdata/unit") {
		t.Fatalf("root %q", res.Root)
	}
	key := func(det, file string, line, col int) string {
		return det + " " + file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
	}
	expected := map[string]int{}
	for _, f := range want.Findings {
		expected[key(f.Detector, f.File, f.Line, f.Column)]++
	}
	rank := map[string]int{"info": 0, "low": 1, "medium": 2, "high": 3}
	for i, f := range res.Findings {
		k := key(f.Detector, f.File, f.Line, f.Column)
		if expected[k] == 0 {
			t.Fatalf("finding %s is not one audit.Scan reports", k)
		}
		expected[k]--
		if i > 0 && rank[res.Findings[i-1].Severity] < rank[f.Severity] {
			t.Fatalf("%s (%s) listed after a %s finding", k, f.Severity, res.Findings[i-1].Severity)
		}
		if f.Title == "" || f.Message == "" || f.Confidence == "" || f.Category == "" {
			t.Fatalf("finding %s lacks its title, message, confidence or category: %+v", k, f)
		}
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.File)))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		if f.From < 1 || f.Line < f.From || f.Line >= f.From+len(f.Excerpt) || len(f.Excerpt) > 2*excerptContext+1 {
			t.Fatalf("finding %s: excerpt from line %d, %d lines", k, f.From, len(f.Excerpt))
		}
		for j, l := range f.Excerpt {
			if got := strings.TrimRight(lines[f.From+j-1], "\r"); l != got {
				t.Fatalf("finding %s: excerpt line %d is %q, the file has %q", k, f.From+j, l, got)
			}
		}
	}
}

// TestScanTempDir: a small project with a reentrant withdraw and a file
// that does not parse; a path that does not exist is an error naming it.
func TestScanTempDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Bank.sol", bankSol)
	write("broken.sol", "pragma solidity ^0.8.0;\ncontract Broken {\n\tfunction f( public {\n")
	write("notes.txt", "not Solidity")
	res, err := Scanner{}.Scan(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 2 {
		t.Fatalf("%d files scanned, want the two .sol files", res.Files)
	}
	var found bool
	for _, f := range res.Findings {
		if f.Detector == "reentrancy" && f.File == "Bank.sol" && f.Line == 6 {
			found = true
			if f.Severity != "high" || f.From != 3 || !strings.Contains(f.Excerpt[f.Line-f.From], "msg.sender.call{value: amount}") {
				t.Fatalf("reentrancy finding %+v", f)
			}
		}
	}
	if !found {
		t.Fatalf("no reentrancy finding at Bank.sol:6 in %+v", res.Findings)
	}
	if len(res.Problems) == 0 || !strings.HasPrefix(res.Problems[0], "broken.sol:") {
		t.Fatalf("parse problems %q", res.Problems)
	}
	_, err = Scanner{}.Scan(context.Background(), filepath.Join(dir, "missing"), nil)
	if err == nil || !strings.Contains(err.Error(), "cannot read") || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("scanning a missing path: %v", err)
	}
}

const bankSol = `pragma solidity ^0.8.0;
contract Bank {
	mapping(address => uint256) credit;
	function deposit() public payable { credit[msg.sender] += msg.value; }
	function withdraw(uint256 amount) public {
		(bool ok, ) = msg.sender.call{value: amount}("");
		require(ok);
		credit[msg.sender] -= amount;
	}
}
`
