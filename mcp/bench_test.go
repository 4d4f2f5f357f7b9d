package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"golang.org/x/time/rate"
)

// latencies collects call durations from many goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) time(fn func() error) error {
	start := time.Now()
	err := fn()
	d := time.Since(start)
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
	return err
}

func (l *latencies) pct(p int) time.Duration {
	slices.Sort(l.d)
	if len(l.d) == 0 {
		return 0
	}
	return l.d[min(len(l.d)*p/100, len(l.d)-1)]
}

// report prints and reports p50/p99 of direct and over MCP, and what MCP
// adds to each.
func report(b *testing.B, what string, direct, viaMCP *latencies) {
	d50, d99, m50, m99 := direct.pct(50), direct.pct(99), viaMCP.pct(50), viaMCP.pct(99)
	b.ReportMetric(float64(d50.Microseconds()), "direct-p50-µs")
	b.ReportMetric(float64(d99.Microseconds()), "direct-p99-µs")
	b.ReportMetric(float64(m50.Microseconds()), "mcp-p50-µs")
	b.ReportMetric(float64(m99.Microseconds()), "mcp-p99-µs")
	b.ReportMetric(float64((m50 - d50).Microseconds()), "added-p50-µs")
	b.ReportMetric(float64((m99 - d99).Microseconds()), "added-p99-µs")
	b.Logf("%s, %d calls each: direct p50 %v p99 %v | MCP p50 %v p99 %v | added p50 %v p99 %v",
		what, len(direct.d), d50, d99, m50, m99, m50-d50, m99-d99)
}

// The read tool balances called straight on the runtime and through one
// MCP client, over stdio pipes and over streamable HTTP on loopback, one
// call after the other (so the machine's load falls on both alike): what
// the MCP layer adds to a call.
// `go test ./mcp -run '^$' -bench McpToolOverhead -benchtime 500x`
func BenchmarkMcpToolOverhead(b *testing.B) {
	h := boot(b)
	s := newServer(b, h, Options{Rate: rate.Inf})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := h.External()
	addr, err := s.ListenHTTP(ctx, HTTPOptions{Addr: "127.0.0.1:0", Clients: []Client{{Name: "bench", Agent: "wallet", Token: aliceToken}}})
	if err != nil {
		b.Fatal(err)
	}
	httpCS, err := ownClient(ctx, "http://"+addr.String()+"/mcp", aliceToken)
	if err != nil {
		b.Fatal(err)
	}
	defer httpCS.Close()
	for _, tr := range []struct {
		name string
		cs   *sdk.ClientSession
	}{{"stdio", stdioClient(b, s, Client{Name: "bench", Agent: "wallet"})}, {"http", httpCS}} {
		b.Run(tr.name, func(b *testing.B) {
			var direct, viaMCP latencies
			for b.Loop() {
				if err := direct.time(func() error { _, err := x.Balances(ctx, "wallet"); return err }); err != nil {
					b.Fatal(err)
				}
				if err := viaMCP.time(func() error { return call(ctx, tr.cs, "balances", map[string]any{}, nil) }); err != nil {
					b.Fatal(err)
				}
			}
			report(b, "one client over "+tr.name, &direct, &viaMCP)
		})
	}
}

// 100 HTTP clients, each with its own session, token and connections,
// call balances at once; the same wave of 100 concurrent calls straight on
// the runtime alternates with it. p50 and p99 of both and the difference.
// `go test ./mcp -run '^$' -bench McpHTTP100 -benchtime 10x`
func BenchmarkMcpHTTP100Clients(b *testing.B) {
	const n = 100
	h := boot(b)
	s := newServer(b, h, Options{Rate: rate.Inf})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients := make([]Client, n)
	for i := range clients {
		clients[i] = Client{Name: fmt.Sprintf("c%03d", i), Agent: "wallet", Token: fmt.Sprintf("token-%03d-0123456789abcdef", i)}
	}
	addr, err := s.ListenHTTP(ctx, HTTPOptions{Addr: "127.0.0.1:0", Clients: clients})
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + addr.String() + "/mcp"
	sessions := make([]*sdk.ClientSession, n)
	for i, c := range clients {
		if sessions[i], err = ownClient(ctx, url, c.Token); err != nil {
			b.Fatal(err)
		}
		defer sessions[i].Close()
	}
	// The same clients as bare HTTP: a JSON-RPC POST on each one's own
	// session and connection, without the SDK client's work (which runs
	// in the client's process, not agentctl's).
	raw := make([]*rawClient, n)
	for i, c := range clients {
		if raw[i], err = newRawClient(ctx, url, c.Token); err != nil {
			b.Fatal(err)
		}
	}
	x := h.External()
	wave := func(l *latencies, fn func(i int) error) {
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if err := l.time(func() error { return fn(i) }); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	var direct, viaMCP, viaRaw latencies
	for b.Loop() {
		wave(&direct, func(int) error { _, err := x.Balances(ctx, "wallet"); return err })
		wave(&viaMCP, func(i int) error { return call(ctx, sessions[i], "balances", map[string]any{}, nil) })
		wave(&viaRaw, func(i int) error { return raw[i].callTool(ctx, "balances") })
	}
	report(b, "100 concurrent HTTP clients (Go SDK client)", &direct, &viaMCP)
	report(b, "100 concurrent HTTP clients (bare JSON-RPC POSTs)", &direct, &viaRaw)
}

// rawClient speaks streamable HTTP by hand: initialize, then one POST per
// tool call on its session, each answered with a JSON body.
type rawClient struct {
	url, token, session string
	hc                  *http.Client
	id                  int
}

func newRawClient(ctx context.Context, url, token string) (*rawClient, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	c := &rawClient{url: url, token: token, hc: &http.Client{Transport: tr}}
	init := `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`
	resp, err := c.post(ctx, init)
	if err != nil {
		return nil, err
	}
	c.session = resp.Header.Get(sessionHeader)
	if c.session == "" {
		return nil, errors.New("initialize: no session id")
	}
	resp, err = c.post(ctx, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *rawClient) post(ctx context.Context, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.session != "" {
		req.Header.Set(sessionHeader, c.session)
		req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s: %s", resp.Status, b)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func (c *rawClient) callTool(ctx context.Context, name string) error {
	c.id++
	resp, err := c.post(ctx, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":{}}}`, c.id, name))
	if err != nil {
		return err
	}
	var r struct {
		Result *struct {
			IsError bool `json:"isError"`
		} `json:"result"`
		Error json.RawMessage `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return err
	}
	if r.Result == nil || r.Result.IsError {
		return fmt.Errorf("tools/call %s: %s", name, r.Error)
	}
	return nil
}
