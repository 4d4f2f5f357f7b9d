package evm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCode(t *testing.T) {
	t.Parallel()
	kill := []byte{0x33, 0xff} // CALLER SELFDESTRUCT
	tests := []struct {
		name string
		in   string
		want []byte
		err  string
	}{
		{"hex", "33ff", kill, ""},
		{"0x and line breaks", "0x33\n  ff\r\n", kill, ""},
		{"binary", "\x33\xff", kill, ""},
		{"odd digits", "0x33f", nil, "odd number of hex digits"},
		{"empty", " \n", nil, "is empty"},
		{"solidity", "pragma solidity ^0.8.0;\ncontract C {}", nil, "looks like Solidity source"},
		{"prose", "hello world", nil, "text but not hex"},
	}
	for _, tt := range tests {
		got, err := ParseCode([]byte(tt.in), "code")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, tt.want) {
			t.Errorf("%s: %x, %v; want %x", tt.name, got, err, tt.want)
		}
	}
}

func TestScanFileFindsWhatAnalyzeFinds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// Selector kill() -> selfdestruct to the caller, with no caller check.
	path := filepath.Join(dir, "kill.hex")
	if err := os.WriteFile(path, []byte("0x60003560e01c6341c0e1b51461001157005b33ff"), 0o644); err != nil {
		t.Fatal(err)
	}
	target, findings, err := ScanFile(path, "kill.hex")
	if err != nil {
		t.Fatal(err)
	}
	if target.Kind != "contract" || target.CodeSize != 20 || len(findings) != 1 || findings[0].Detector != "evm-selfdestruct" || findings[0].File != "kill.hex" || *findings[0].PC != 0x13 {
		t.Errorf("target %+v findings %+v", target, findings)
	}
	if _, _, err := ScanFile(dir, "dir"); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
}
