package mcp

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/agent"
)

const (
	aliceToken = "alice-token-0123456789abcdef"
	bobToken   = "bob-token-0123456789abcdef01"
)

// bearer adds a token to every request of the SDK's HTTP client.
type bearer struct {
	token string
	next  http.RoundTripper // nil: http.DefaultTransport
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	if b.next != nil {
		return b.next.RoundTrip(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func httpClient(ctx context.Context, url, token string) (*sdk.ClientSession, error) {
	cl := sdk.NewClient(&sdk.Implementation{Name: "http-test", Version: "1"}, nil)
	return cl.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: url, MaxRetries: -1,
		HTTPClient: &http.Client{Transport: bearer{token: token}}}, nil)
}

// ownClient connects like a separate client process would: its own
// connection pool (http.DefaultTransport keeps 2 idle connections per host
// for the whole process, so 100 sessions sharing it reconnect on most
// calls) and no standalone SSE stream (the tools answer in the response).
func ownClient(ctx context.Context, url, token string) (*sdk.ClientSession, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	cl := sdk.NewClient(&sdk.Implementation{Name: "http-bench", Version: "1"}, nil)
	return cl.Connect(ctx, &sdk.StreamableClientTransport{Endpoint: url, MaxRetries: -1, DisableStandaloneSSE: true,
		HTTPClient: &http.Client{Transport: bearer{token: token, next: tr}}}, nil)
}

// Over streamable HTTP on 127.0.0.1, each token is one client acting as its
// own agent only; no token or a wrong one is refused; a swap goes through
// the runtime's path; the token is never logged.
func TestMcpHTTPClientsByToken(t *testing.T) {
	t.Parallel()
	h := boot(t)
	var logs bytes.Buffer
	s := newServer(t, h, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.ListenHTTP(ctx, HTTPOptions{Addr: "127.0.0.1:0", Clients: []Client{
		{Name: "alice", Agent: "wallet", Token: aliceToken},
		{Name: "bob", Agent: "asker", Token: bobToken},
	}})
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + addr.String() + "/mcp"

	wallets := map[string]string{}
	for _, sn := range h.Runtime.Snapshots() {
		wallets[sn.Name] = sn.Wallet.Hex()
	}
	for _, c := range []struct{ token, agent string }{{aliceToken, "wallet"}, {bobToken, "asker"}} {
		cs, err := httpClient(ctx, url, c.token)
		if err != nil {
			t.Fatal(err)
		}
		var bal agent.Holdings
		if err := call(ctx, cs, "balances", map[string]any{}, &bal); err != nil {
			t.Fatal(err)
		}
		if bal.Agent != c.agent || bal.Wallet != wallets[c.agent] {
			t.Fatalf("token of %s sees agent %s wallet %s", c.agent, bal.Agent, bal.Wallet)
		}
		cs.Close()
	}
	for _, tok := range []string{"", "wrong-token-0123456789abcdef"} {
		if cs, err := httpClient(ctx, url, tok); err == nil {
			cs.Close()
			t.Fatalf("token %q was let in", tok)
		}
	}
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: status %d, want 401", resp.StatusCode)
	}

	cs, err := httpClient(ctx, url, aliceToken)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	// Bob's token with Alice's session ID is refused: a session belongs
	// to the client that opened it.
	hijack, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(
		`{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"balances","arguments":{}}}`))
	hijack.Header.Set("Authorization", "Bearer "+bobToken)
	hijack.Header.Set("Content-Type", "application/json")
	hijack.Header.Set("Accept", "application/json, text/event-stream")
	hijack.Header.Set("Mcp-Session-Id", cs.ID())
	resp, err = http.DefaultClient.Do(hijack)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cs.ID() == "" || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another client's session (%q): status %d, want 404", cs.ID(), resp.StatusCode)
	}
	var out proposalOutput
	if err := call(ctx, cs, "propose_swap", map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "25"}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Verdict != "allowed" || out.Outcome != "confirmed" {
		t.Fatalf("swap over HTTP: %+v", out)
	}
	rec, err := h.DB.Record(ctx, "wallet", out.Seq)
	if err != nil || rec.Model != "mcp:alice" {
		t.Fatalf("record %+v %v", rec, err)
	}
	if strings.Contains(logs.String(), aliceToken) || strings.Contains(logs.String(), bobToken) {
		t.Fatal("a bearer token reached the log")
	}
}

// Off loopback every client needs a token; one tokenless client may serve
// loopback requests without a header; clients must name a hosted agent.
func TestMcpHTTPBindingRules(t *testing.T) {
	t.Parallel()
	h := boot(t)
	s := newServer(t, h, Options{})
	cases := []struct {
		name     string
		clients  []Client
		loopback bool
		want     string // "" for accepted
	}{
		{"open on loopback", []Client{{Name: "local", Agent: "wallet"}}, true, ""},
		{"open off loopback", []Client{{Name: "local", Agent: "wallet"}}, false, "token is required"},
		{"short token", []Client{{Name: "a", Agent: "wallet", Token: "short"}}, false, "too short"},
		{"unknown agent", []Client{{Name: "a", Agent: "ghost", Token: aliceToken}}, true, "no agent"},
		{"two open", []Client{{Name: "a", Agent: "wallet"}, {Name: "b", Agent: "asker"}}, true, "only one"},
		{"duplicate", []Client{{Name: "a", Agent: "wallet", Token: aliceToken}, {Name: "a", Agent: "asker", Token: bobToken}}, true, "twice"},
	}
	for _, c := range cases {
		_, err := s.Handler(c.clients, c.loopback)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.want)
		}
	}
}
