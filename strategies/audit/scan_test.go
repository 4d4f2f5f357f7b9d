package audit

import (
	"bytes"
	"context"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHostileFiles: random bytes, an empty file, a file of comments only
// and a 5 MB file each give a clear result and never crash the scan.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewSource(7))
	binary := make([]byte, 4096)
	rnd.Read(binary)
	binary[10] = 0 // random data nearly always has NULs; make sure
	printable := make([]byte, 8192)
	for i := range printable {
		printable[i] = byte(32 + rnd.Intn(95))
	}
	vuln, err := os.ReadFile(filepath.Join("testdata", "unit", "reentrancy.sol"))
	if err != nil {
		t.Fatal(err)
	}
	var big bytes.Buffer
	for big.Len() < 5<<20 {
		big.Write(vuln)
	}
	tests := []struct {
		name     string
		data     []byte
		note     string // expected FileReport.Note substring
		diags    bool   // expects parse diagnostics
		findings bool   // expects findings
	}{
		{"random.sol", binary, "binary data", false, false},
		{"garbage.sol", printable, "", true, false},
		{"empty.sol", nil, "empty file", false, false},
		{"comments.sol", []byte("// nothing here\n/* still nothing */\n/// doc\n"), "no contracts", false, false},
		{"big.sol", big.Bytes(), "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, dir, tt.name, tt.data)
			res, err := Scan(context.Background(), []string{dir}, Options{})
			if err != nil {
				t.Fatalf("scan failed: %v", err)
			}
			if len(res.Files) != 1 {
				t.Fatalf("%d files reported", len(res.Files))
			}
			fr := res.Files[0]
			if tt.note != "" && !strings.Contains(fr.Note, tt.note) {
				t.Errorf("note %q, want %q", fr.Note, tt.note)
			}
			if got := len(fr.Diagnostics) > 0; got != tt.diags {
				t.Errorf("diagnostics %v, want %v", fr.Diagnostics, tt.diags)
			}
			if got := len(res.Findings) > 0; got != tt.findings {
				t.Errorf("%d findings, want some: %v", len(res.Findings), tt.findings)
			}
		})
	}
}

func TestScanErrors(t *testing.T) {
	t.Parallel()
	_, err := Scan(context.Background(), []string{filepath.Join(t.TempDir(), "missing.sol")}, Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot read") || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path error = %v", err)
	}
	if _, err := Scan(context.Background(), nil, Options{}); err == nil {
		t.Errorf("scanning nothing succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Scan(ctx, []string{filepath.Join("testdata", "unit")}, Options{}); err == nil {
		t.Errorf("cancelled scan succeeded")
	}
}

func TestExcludeAndJobs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "unit")
	all, err := Scan(context.Background(), []string{dir}, Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	par, err := Scan(context.Background(), []string{dir}, Options{Jobs: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Findings) != len(par.Findings) {
		t.Errorf("jobs change the result: %d vs %d findings", len(all.Findings), len(par.Findings))
	}
	ex, err := Scan(context.Background(), []string{dir}, Options{Exclude: []string{"reentrancy", "integer-overflow"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ex.Findings {
		if f.Detector == "reentrancy" || f.Detector == "integer-overflow" {
			t.Errorf("excluded detector %s reported", f.Detector)
		}
	}
	if len(ex.Findings) >= len(all.Findings) {
		t.Errorf("exclusion removed nothing")
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "unit", "access.sol"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "access.sol", src)
	res, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil || len(res.Findings) == 0 {
		t.Fatalf("scan: %v, %d findings", err, len(res.Findings))
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := NewBaseline(res.Findings).Write(path); err != nil {
		t.Fatal(err)
	}
	// Lines moved by an edit above: the fingerprints still match.
	writeFile(t, dir, "access.sol", append([]byte("// a new header comment\n\n"), src...))
	moved, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	left, accepted := b.Filter(moved.Findings)
	if len(left) != 0 || accepted != len(res.Findings) {
		t.Errorf("after moving lines: %d left, %d accepted of %d", len(left), accepted, len(res.Findings))
	}
	// A new finding is not covered by the baseline.
	writeFile(t, dir, "extra.sol", []byte("pragma solidity ^0.8.0;\ncontract X { function boom() external { selfdestruct(payable(msg.sender)); } }\n"))
	more, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := b.Filter(more.Findings); len(left) != 1 || left[0].File != "extra.sol" {
		t.Errorf("new finding not reported past the baseline: %v", left)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	writeFile(t, filepath.Dir(bad), "bad.json", []byte("{not json"))
	if _, err := LoadBaseline(bad); err == nil || !strings.Contains(err.Error(), "--write-baseline") {
		t.Errorf("bad baseline error = %v", err)
	}
}
