package mcp

import (
	"context"
	"fmt"
	"slices"
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
// `go test ./mcp -run '^$' -bench McpHTTP100 -benchtime 20x`
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
	var direct, viaMCP latencies
	for b.Loop() {
		wave(&direct, func(int) error { _, err := x.Balances(ctx, "wallet"); return err })
		wave(&viaMCP, func(i int) error { return call(ctx, sessions[i], "balances", map[string]any{}, nil) })
	}
	report(b, "100 concurrent HTTP clients", &direct, &viaMCP)
}
