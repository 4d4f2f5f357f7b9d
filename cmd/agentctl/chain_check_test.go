package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// fakeNode answers JSON-RPC the way a broken node or proxy does.
func fakeNode(t *testing.T, kind string) string {
	t.Helper()
	switch kind {
	case "down":
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		url := "http://" + l.Addr().String()
		l.Close() // nothing listens there any more
		return url
	case "502":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "bad gateway", http.StatusBadGateway)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	case "wrong chain":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/json")
			if strings.Contains(string(body), "eth_chainId") {
				io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":"0x5"}`)
				return
			}
			io.WriteString(w, `{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"method not found"}}`)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	t.Fatalf("unknown fake node %q", kind)
	return ""
}

// servedManifest writes the manifest `agentctl devnet` leaves in a home,
// naming url as the served devnet, and returns its bytes.
func servedManifest(t *testing.T, home, url string) []byte {
	t.Helper()
	m := &devnet.Manifest{ChainID: devnet.ChainID, RPC: url, WETH: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	if err := m.Save(home); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(home, devnet.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A served devnet that is down, failing or another chain is refused with
// exit 1 naming the endpoint and what to do; no in-process chain starts,
// nothing is recorded and the manifest stays as it was. --reset starts a
// new chain and keeps the old manifest aside.
func TestServedDevnetUnreachableIsRefused(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"down", "502", "wrong chain"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			url := fakeNode(t, kind)
			before := servedManifest(t, home, url)
			code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "2s")
			if code != exitFailure {
				t.Fatalf("exit %d, want 1\nstderr: %s\nstdout: %s", code, errs, tail(out, 500))
			}
			for _, want := range []string{url, "agentctl devnet", "--reset"} {
				if !strings.Contains(errs, want) {
					t.Errorf("stderr lacks %q: %s", want, errs)
				}
			}
			if strings.Contains(errs+out, "in-process") || strings.Contains(out, "agent started") {
				t.Errorf("a chain was started anyway:\n%s\n%s", errs, tail(out, 500))
			}
			after, _ := os.ReadFile(filepath.Join(home, devnet.ManifestFile))
			if string(after) != string(before) {
				t.Errorf("the manifest was rewritten:\n%s", after)
			}
			if _, err := os.Stat(filepath.Join(home, "agentctl.db")); !os.IsNotExist(err) {
				t.Errorf("a database was opened on the wrong chain (%v)", err)
			}
		})
	}
	t.Run("reset", func(t *testing.T) {
		t.Parallel()
		home := t.TempDir()
		before := servedManifest(t, home, fakeNode(t, "down"))
		// While a devnet is served for the home, --reset refuses.
		served, err := (&app{home: home}).lockHome(devnetLockFile, "a devnet")
		if err != nil {
			t.Fatal(err)
		}
		code, _, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--reset", "--for", "1s")
		if code != exitFailure || !strings.Contains(errs, "already runs a devnet") {
			t.Fatalf("--reset beside a served devnet: exit %d: %s", code, errs)
		}
		served.Unlock()
		code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--reset", "--for", "1s")
		if code != exitOK {
			t.Fatalf("run --reset: exit %d\n%s\n%s", code, errs, tail(out, 500))
		}
		old, _ := os.ReadFile(filepath.Join(home, devnet.ManifestFile+".old"))
		if string(old) != string(before) {
			t.Errorf("the old manifest was not kept aside: %q", old)
		}
		m, err := devnet.LoadManifest(home)
		if err != nil || m.RPC != "" || len(m.Tokens) == 0 {
			t.Errorf("new manifest: %+v, %v", m, err)
		}
	})
}

// A configured chain that is down, answers 502 or is another chain is
// refused with exit 1 naming the RPC, before anything is opened.
func TestConfiguredChainFailingIsRefused(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"down", "502", "wrong chain"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			url := fakeNode(t, kind)
			cfg := writeTestFile(t, "chain.yaml", "chain: {rpc: \""+url+"\", chain_id: 1}\nanchoring: {enabled: false}\nidentity: {mode: \"off\"}\nagents: []\n")
			code, out, errs := runCLI(t, home, "--config", cfg, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s")
			if code != exitFailure || !strings.Contains(errs, url) || !strings.Contains(errs, "chain.rpc") {
				t.Fatalf("exit %d, want 1 naming chain.rpc %s\nstderr: %s\nstdout: %s", code, url, errs, tail(out, 500))
			}
			if _, err := os.Stat(filepath.Join(home, "agentctl.db")); !os.IsNotExist(err) {
				t.Errorf("a database was opened for a chain that cannot be used (%v)", err)
			}
		})
	}
}

// On a devnet served by another process the wallet's errors name its URL,
// not "(in-process)".
func TestAttachedDevnetErrorsNameTheRPC(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Manifest().Save(home); err != nil {
		t.Fatal(err)
	}
	cfg, err := configs.Load(configs.LoadOptions{Flags: map[string]string{"anchoring.enabled": "false"}, LookupEnv: func(k string) (string, bool) {
		if k == "AGENTCTL_MODEL" {
			return "rules", true
		}
		return "", false
	}})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Agents = nil
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	defer h.Close()
	if devnetOf(h) == nil || !devnetOf(h).Attached() {
		t.Fatal("boot did not attach to the served devnet")
	}
	rpc := d.Manifest().RPC
	if got := hostRPC(cfg, h); got != rpc {
		t.Errorf("the TUI and /healthz would show %q for the served devnet at %s", got, rpc)
	}
	d.Close() // the served devnet goes away
	_, err = h.Client.BalanceAt(context.Background(), common.Address{}, nil)
	if err == nil || !strings.Contains(err.Error(), rpc) || strings.Contains(err.Error(), "in-process") {
		t.Fatalf("error %v: want it to name %s", err, rpc)
	}
}
