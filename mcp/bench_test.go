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

// The read tool balances called directly on the runtime, over stdio pipes
// and over HTTP on loopback: the difference is the MCP layer's overhead.
// `go test ./mcp -run '^$' -bench McpBalances -benchtime 200x`
func BenchmarkMcpBalances(b *testing.B) {
	h := boot(b)
	s := newServer(b, h, Options{Rate: rate.Inf})
	ctx := context.Background()
	x := h.External()
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, err := x.Balances(ctx, "wallet"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stdio", func(b *testing.B) {
		cs := stdioClient(b, s, Client{Name: "bench", Agent: "wallet"})
		for b.Loop() {
			if err := call(ctx, cs, "balances", map[string]any{}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("http", func(b *testing.B) {
		hctx, cancel := context.WithCancel(ctx)
		defer cancel()
		addr, err := s.ListenHTTP(hctx, HTTPOptions{Addr: "127.0.0.1:0", Clients: []Client{{Name: "bench", Agent: "wallet", Token: aliceToken}}})
		if err != nil {
			b.Fatal(err)
		}
		cs, err := httpClient(hctx, "http://"+addr.String()+"/mcp", aliceToken)
		if err != nil {
			b.Fatal(err)
		}
		defer cs.Close()
		for b.Loop() {
			if err := call(ctx, cs, "balances", map[string]any{}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// 100 HTTP clients, each with its own session and token, call balances
// at once; p50 and p99 of the call latency are reported.
// `go test ./mcp -run '^$' -bench McpHTTP100 -benchtime 5x`
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
		if sessions[i], err = httpClient(ctx, url, c.Token); err != nil {
			b.Fatal(err)
		}
		defer sessions[i].Close()
	}
	// The same wave of 100 concurrent calls straight on the runtime is the
	// baseline; the difference is what MCP over HTTP adds under load.
	x := h.External()
	wave := func(b *testing.B, fn func(i int) error) {
		var mu sync.Mutex
		var lat []time.Duration
		for b.Loop() {
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					start := time.Now()
					if err := fn(i); err != nil {
						b.Error(err)
					}
					d := time.Since(start)
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				})
			}
			wg.Wait()
		}
		slices.Sort(lat)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
		b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
		b.Logf("100 concurrent callers, %d calls: p50 %v p99 %v", len(lat), p50, p99)
	}
	b.Run("direct", func(b *testing.B) {
		wave(b, func(int) error { _, err := x.Balances(ctx, "wallet"); return err })
	})
	b.Run("http", func(b *testing.B) {
		wave(b, func(i int) error { return call(ctx, sessions[i], "balances", map[string]any{}, nil) })
	})
}
