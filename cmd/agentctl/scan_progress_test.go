package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	bar := newProgressBar(&buf, 20)
	bar.update(5, 20) // 20 files: no bar
	bar.clear()
	if buf.Len() != 0 {
		t.Fatalf("bar drawn for 20 files: %q", buf.String())
	}
	bar.update(21, 21)
	if got := buf.String(); !strings.Contains(got, "["+strings.Repeat("=", barWidth)+"] 21/21 files") {
		t.Errorf("bar %q", got)
	}
	buf.Reset()
	bar.clear()
	if buf.String() != "\r\x1b[2K" {
		t.Errorf("clear wrote %q", buf.String())
	}
}

func TestScanRoot(t *testing.T) {
	t.Parallel()
	code, out, stderr := runScan(t, "scan", filepath.Join(corpusDir, "unit", "access.sol"), "--root", corpusDir, "--format", "json", "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			File string `json:"file"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Findings) == 0 {
		t.Fatalf("%v %s", err, out)
	}
	for _, f := range doc.Findings {
		if f.File != "unit/access.sol" {
			t.Errorf("file %q, want unit/access.sol relative to --root", f.File)
		}
	}
}
