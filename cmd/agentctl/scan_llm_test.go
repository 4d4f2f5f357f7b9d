package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// llmVault has two high findings: tx-origin in sweep, unprotected
// selfdestruct in kill.
const llmVault = `pragma solidity ^0.8.0;
contract Vault {
    address public owner;
    constructor() { owner = msg.sender; }
    function sweep(address to) external {
        require(tx.origin == owner, "not owner");
        payable(to).transfer(address(this).balance);
    }
    function kill() external {
        selfdestruct(payable(msg.sender));
    }
}
`

// fakeOllama answers every /api/chat with reply and counts requests.
func fakeOllama(t *testing.T, reply string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/tags":
			io.WriteString(w, `{"models":[]}`)
		case "/api/chat":
			c, _ := json.Marshal(reply)
			fmt.Fprintf(w, `{"model":"auditor:7b","created_at":"2025-03-01T10:00:00Z","message":{"role":"assistant","content":%s},"done":true}`, c)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// llmHome is an agentctl home whose config points Ollama at url.
func llmHome(t *testing.T, url string) string {
	t.Helper()
	home := t.TempDir()
	cfg := fmt.Sprintf("models:\n  ollama:\n    host: %q\n  retries: 0\n", url)
	if err := os.WriteFile(filepath.Join(home, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

func runIn(home string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"--home", home}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const rejectAll = `{"reviews":[{"finding":1,"verdict":"reject","reason":"the check on the line before covers it"}],"added":[]}`

func TestScanLLMFailOn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSol(t, dir, "vault.sol", llmVault)
	tests := []struct {
		name  string
		reply string
		args  []string
		code  int
		err   []string
	}{
		{"rejected still fail by default", rejectAll, nil, exitFailure,
			[]string{"0 confirmed, 2 rejected, 0 unreviewed", "2 findings at or above high"}},
		{"rejected do not count with opt-in", rejectAll, []string{"--llm-can-suppress"}, exitOK,
			[]string{"2 findings at or above high were rejected by the model and not counted"}},
		{"unusable replies count even with opt-in", "I think it is fine.", []string{"--llm-can-suppress"}, exitFailure,
			[]string{"0 rejected, 2 unreviewed", "did not match the schema twice", "2 findings at or above high"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := fakeOllama(t, tt.reply)
			args := append([]string{"scan", dir, "--llm", "ollama:auditor:7b", "--format", "json"}, tt.args...)
			code, out, stderr := runIn(llmHome(t, srv.URL), args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, stderr)
			}
			for _, want := range tt.err {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			var doc struct {
				Findings []struct {
					Source string `json:"source"`
					Review *struct {
						Verdict string `json:"verdict"`
						Model   string `json:"model"`
					} `json:"review"`
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Findings) != 2 {
				t.Fatalf("report: %v, %d findings", err, len(doc.Findings))
			}
			for _, f := range doc.Findings {
				if f.Source != "static" || f.Review == nil || f.Review.Model != "ollama:auditor:7b" {
					t.Errorf("finding %+v", f)
				}
			}
		})
	}
}

// The second scan of unchanged code asks the model nothing.
func TestScanLLMCache(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSol(t, dir, "vault.sol", llmVault)
	srv, calls := fakeOllama(t, rejectAll)
	home := llmHome(t, srv.URL)
	code, _, stderr := runIn(home, "scan", dir, "--llm", "ollama:auditor:7b")
	if code != exitFailure || calls.Load() == 0 {
		t.Fatalf("first run: exit %d, %d requests; %s", code, calls.Load(), stderr)
	}
	first := calls.Load()
	entries, _ := filepath.Glob(filepath.Join(home, "cache", "scan-llm", "*.json"))
	if len(entries) != 2 {
		t.Errorf("cache holds %d replies, want 2", len(entries))
	}
	code, out, stderr := runIn(home, "scan", dir, "--llm", "ollama:auditor:7b")
	if code != exitFailure || calls.Load() != first || !strings.Contains(stderr, "2 of 2 functions answered from the cache") {
		t.Errorf("second run: exit %d, %d new requests; %s", code, calls.Load()-first, stderr)
	}
	if !strings.Contains(out, "review (ollama:auditor:7b): rejected: the check on the line before covers it") {
		t.Errorf("text report lacks the review:\n%s", out)
	}
}

func TestScanLLMUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSol(t, dir, "vault.sol", llmVault)
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"suppress without a model", []string{"--llm-can-suppress"}, "--llm-can-suppress needs --llm MODEL"},
		{"no provider prefix", []string{"--llm", "qwen"}, "missing provider prefix"},
		{"rules", []string{"--llm", "rules"}, "name a model to review with"},
	}
	for _, tt := range tests {
		code, _, stderr := runScan(t, append([]string{"scan", dir}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.err) {
			t.Errorf("%s: exit %d stderr %q, want exit 2 with %q", tt.name, code, stderr, tt.err)
		}
	}
}

// A model server that is down leaves the findings unreviewed; the report
// is still written and the exit code comes from the findings.
func TestScanLLMModelDown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSol(t, dir, "vault.sol", llmVault)
	srv, _ := fakeOllama(t, rejectAll)
	home := llmHome(t, srv.URL)
	srv.Close()
	code, out, stderr := runIn(home, "scan", dir, "--llm", "ollama:auditor:7b", "--llm-can-suppress")
	if code != exitFailure || !strings.Contains(stderr, "2 unreviewed") || !strings.Contains(stderr, "stopped asking") ||
		!strings.Contains(out, "unreviewed: not reviewed: the model could not be reached") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
}
