package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// fakeOllamaServer speaks enough of Ollama's wire format for a status
// probe; /api/chat waits for chatDelay or until the client gives up.
func fakeOllamaServer(t *testing.T, chatDelay time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/version":
			io.WriteString(w, `{"version":"0.17.4"}`)
		case "/api/tags":
			io.WriteString(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b","digest":"abc"}]}`)
		case "/api/chat":
			// Read the request so the server notices the client hanging up.
			io.Copy(io.Discard, r.Body)
			select {
			case <-time.After(chatDelay):
			case <-r.Context().Done():
				return
			}
			io.WriteString(w, `{"model":"qwen2.5:3b","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"{}"},"done":true}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func getHealth(t *testing.T, url string) (int, healthReport) {
	t.Helper()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r healthReport
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, r
}

// /healthz reports the chain (reachable, last block, error rate), each
// model server with the configured models it serves, and the agents; it
// answers 503 with ok:false when nothing can trade (every agent paused) or
// the chain does not answer, where it always said ok:true.
func TestHealthzReportsComponents(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Manifest().Save(home); err != nil {
		t.Fatal(err)
	}
	ollama := fakeOllamaServer(t, time.Minute)
	env := map[string]string{"AGENTCTL_MODEL": "ollama:qwen2.5:3b", "AGENTCTL_OLLAMA_HOST": ollama.URL}
	cfg, err := configs.Load(configs.LoadOptions{
		Flags:     map[string]string{"anchoring.enabled": "false", "identity.mode": "off"},
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rpc := d.Manifest().RPC
	hm := newHealth(h, rpc, usedModels(cfg))
	hm.probe(context.Background())
	srv := httptest.NewServer(hm)
	defer srv.Close()

	code, r := getHealth(t, srv.URL)
	if code != http.StatusOK || !r.OK || !r.Chain.Reachable || r.Chain.LastBlock == 0 || r.Chain.RPC != rpc || r.Chain.ErrorRate != 0 {
		t.Fatalf("healthy runtime: %d %+v", code, r)
	}
	if len(r.Models) != 1 || r.Models[0].Provider != "ollama" || !r.Models[0].Up || !strings.Contains(strings.Join(r.Models[0].Models, ","), "ollama:qwen2.5:3b") {
		t.Fatalf("models: %+v", r.Models)
	}
	if len(r.Agents) != len(cfg.Agents) {
		t.Fatalf("agents: %+v", r.Agents)
	}

	// The model server goes away: reported down; agents with a rules
	// fallback still trade, so the runtime is still ok.
	ollama.Close()
	hm.probe(context.Background())
	code, r = getHealth(t, srv.URL)
	if code != http.StatusOK || len(r.Models) != 1 || r.Models[0].Up || r.Models[0].Reason == "" {
		t.Fatalf("model down: %d %+v", code, r.Models)
	}
	if !strings.Contains(strings.Join(r.Warnings, " "), "model server ollama is down") {
		t.Fatalf("model down: warnings %v", r.Warnings)
	}

	// Every agent paused: nothing can trade.
	for _, a := range r.Agents {
		h.Runtime.Pause(a.Name, "drawdown kill switch")
	}
	code, r = getHealth(t, srv.URL)
	if code != http.StatusServiceUnavailable || r.OK || !strings.Contains(strings.Join(r.Reasons, " "), "no agent can trade") {
		t.Fatalf("every agent paused: %d %+v", code, r)
	}
	for _, a := range r.Agents {
		h.Runtime.Resume(a.Name)
	}

	// A flaky path to the node (every other request 502): still ok, with
	// the error rate and a warning.
	var n atomic.Int64
	target, _ := url.Parse(rpc)
	proxy := httputil.NewSingleHostReverseProxy(target)
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	ec, err := ethclient.Dial(flaky.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	fm := newHealth(h, flaky.URL, nil)
	fm.chain = ec
	for range 3 {
		fm.probe(context.Background())
	}
	fr := fm.report()
	if !fr.OK || fr.Chain.Probes != 3 || fr.Chain.ErrorRate < 0.33 || fr.Chain.ErrorRate > 0.34 || !strings.Contains(strings.Join(fr.Warnings, " "), "33% of the chain probes failed") {
		t.Fatalf("flaky chain: %+v", fr)
	}

	// The chain goes away.
	d.Close()
	hm.probe(context.Background())
	code, r = getHealth(t, srv.URL)
	if code != http.StatusServiceUnavailable || r.OK || r.Chain.Reachable || r.Chain.Error == "" || r.Chain.Probes != 3 || r.Chain.ErrorRate < 0.33 {
		t.Fatalf("chain down: %d %+v", code, r)
	}
	if !strings.Contains(strings.Join(r.Reasons, " "), rpc) {
		t.Fatalf("reasons do not name the RPC: %v", r.Reasons)
	}
}

// A stuck agent is listed with its reason; the runtime is unhealthy only
// when no agent can trade.
func TestAssessAgentsStuck(t *testing.T) {
	t.Parallel()
	stuck := agent.Snapshot{Name: "momentum", Status: agent.StatusStuck, Reason: "40 denials in a row: max_trade"}
	running := agent.Snapshot{Name: "arbitrage", Status: agent.StatusRunning}
	paused := agent.Snapshot{Name: "arbitrage", Status: agent.StatusPaused, Reason: "by the operator"}

	out, reasons, ok := assessAgents([]agent.Snapshot{stuck, running}, nil, true)
	if !ok || len(reasons) != 0 || out[0].Status != "stuck" || out[0].Reason != stuck.Reason {
		t.Fatalf("one stuck, one running: ok %v, %v, %+v", ok, reasons, out)
	}
	_, reasons, ok = assessAgents([]agent.Snapshot{stuck, paused}, nil, true)
	if ok || len(reasons) != 1 || !strings.Contains(reasons[0], "momentum is stuck (40 denials") || !strings.Contains(reasons[0], "arbitrage is paused") {
		t.Fatalf("stuck and paused: ok %v, %v", ok, reasons)
	}
}

// A model that is still thinking when the run ends does not hold the drain
// to its deadline: the call is cancelled at drain start and the run exits
// 0 (it exited 1 after waiting the whole deadline).
func TestSlowModelDoesNotHoldTheDrain(t *testing.T) {
	ollama := fakeOllamaServer(t, time.Minute)
	t.Setenv("AGENTCTL_MODEL", "ollama:qwen2.5:3b")
	t.Setenv("AGENTCTL_OLLAMA_HOST", ollama.URL)
	start := time.Now()
	code, out, errs := runCLI(t, t.TempDir(), "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s")
	t.Logf("run took %v", time.Since(start))
	if code != exitOK || !strings.Contains(out, `"msg":"stopped cleanly"`) {
		t.Fatalf("run with a slow model: exit %d\nstderr: %s\nstdout: %s", code, errs, tail(out, 1500))
	}
	if strings.Contains(out, "drain deadline passed") {
		t.Fatalf("the drain waited for the model:\n%s", tail(out, 1500))
	}
}
