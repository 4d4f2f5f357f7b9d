// Package rpcfault is a JSON-RPC HTTP proxy that injects faults between a
// client and a node, for tests and soak runs: it drops replies after
// forwarding, drops connections, answers 5xx, truncates replies, lies about
// the chain ID and adds latency, per method and call index, reproducibly
// from a seed. It listens on loopback only and stops by itself.
package rpcfault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Fault is what the proxy does to one request.
type Fault int

const (
	// Pass forwards the request and returns the node's reply.
	Pass Fault = iota
	// DropReply forwards the request, then closes the connection without a
	// reply: the node acted, the client cannot know.
	DropReply
	// DropConn closes the connection without forwarding.
	DropConn
	// Status5xx answers 502 Bad Gateway without forwarding.
	Status5xx
	// Truncate forwards and returns only the first half of the reply.
	Truncate
	// WrongChainID answers eth_chainId with Options.LieChainID; other
	// methods pass.
	WrongChainID
	// Latency waits Rule.Delay, then forwards.
	Latency
	// MethodNotFound answers with the JSON-RPC error -32601 without
	// forwarding, as a node that lacks the method does (ganache's words).
	MethodNotFound
)

func (f Fault) String() string {
	return [...]string{"pass", "drop-reply", "drop-conn", "5xx", "truncate", "wrong-chain-id", "latency", "method-not-found"}[f]
}

// Rule applies a fault to matching requests. The first matching rule wins.
type Rule struct {
	Method string // JSON-RPC method; "" matches every method
	Fault  Fault
	// Calls, when set, limits the rule to these 0-based indexes of the
	// method's calls counted since the rules were set.
	Calls []int
	// AfterSends, when set, holds the rule back until that many
	// eth_sendRawTransaction calls have come through (to fault, say, the
	// receipts of a plan's second transaction only).
	AfterSends int
	// Prob is the chance the rule fires on a matching call; 0 means always.
	Prob  float64
	Delay time.Duration // for Latency
}

// Options configure a proxy.
type Options struct {
	Target     string // the node's http URL; must be on loopback
	Seed       uint64 // drives Prob: the same seed and requests give the same faults
	Rules      []Rule
	LieChainID uint64        // what WrongChainID answers; 0 means 0xdead
	Lifetime   time.Duration // the proxy closes itself after this; 0 means 10 minutes
}

// Stats counts what the proxy did, per method and fault.
type Stats map[string]map[Fault]int

// Proxy is a running fault proxy.
type Proxy struct {
	target *url.URL
	srv    *http.Server
	ln     net.Listener
	url    string
	lie    uint64
	fwd    *http.Client
	timer  *time.Timer

	mu    sync.Mutex
	rng   *rand.Rand
	rules []Rule
	calls map[string]int
	stats Stats
	sends []Send // eth_sendRawTransaction calls that reached the node
}

// Start listens on a free loopback port and forwards to opts.Target.
func Start(opts Options) (*Proxy, error) {
	u, err := url.Parse(opts.Target)
	if err != nil || (u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("rpcfault: target %q: want an http:// URL", opts.Target)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("rpcfault: target %s is not on loopback: the proxy is for tests only", u.Host)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("rpcfault: listen: %w", err)
	}
	if opts.LieChainID == 0 {
		opts.LieChainID = 0xdead
	}
	if opts.Lifetime <= 0 {
		opts.Lifetime = 10 * time.Minute
	}
	p := &Proxy{
		target: u, ln: ln, url: "http://" + ln.Addr().String(), lie: opts.LieChainID,
		fwd: &http.Client{Timeout: time.Minute},
		rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
	}
	p.SetRules(opts.Rules...)
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln) //nolint:errcheck // returns when closed
	p.timer = time.AfterFunc(opts.Lifetime, func() { p.Close() })
	return p, nil
}

// URL is the proxy's endpoint for clients.
func (p *Proxy) URL() string { return p.url }

// SetRules replaces the rules and restarts the per-method call counts.
// SetRules() with no rules lets everything pass: the faults stop.
func (p *Proxy) SetRules(rules ...Rule) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rules = slices.Clone(rules)
	p.calls = map[string]int{}
}

// Stats returns a copy of the counts so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := Stats{}
	for m, fs := range p.stats {
		out[m] = map[Fault]int{}
		for f, n := range fs {
			out[m][f] = n
		}
	}
	return out
}

// Send is one eth_sendRawTransaction forwarded to the node.
type Send struct {
	Raw   string // the signed transaction, hex as sent
	Fault Fault  // what the client got back: Pass, DropReply, Truncate, Latency
}

// Sends returns the transactions forwarded to the node, in order.
func (p *Proxy) Sends() []Send {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.sends)
}

// Close stops the proxy and drops its connections.
func (p *Proxy) Close() error {
	p.timer.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := p.srv.Shutdown(ctx); err != nil {
		return p.srv.Close()
	}
	return nil
}

type request struct {
	ID     json.RawMessage   `json:"id"`
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		http.Error(w, "read request", http.StatusBadRequest)
		return
	}
	var req request
	method := "batch"
	if json.Unmarshal(body, &req) == nil {
		method = req.Method
	}
	rule := p.pick(method)
	switch rule.Fault {
	case DropConn:
		hangUp(w)
		return
	case Status5xx:
		http.Error(w, "bad gateway (injected)", http.StatusBadGateway)
		return
	case WrongChainID:
		if method == "eth_chainId" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":"0x%x"}`, req.ID, p.lie)
			return
		}
	case MethodNotFound:
		w.Header().Set("Content-Type", "application/json")
		msg, _ := json.Marshal(fmt.Sprintf("The method %s does not exist/is not available", method))
		id := req.ID
		if len(id) == 0 {
			id = json.RawMessage("null")
		}
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"error":{"code":-32601,"message":%s}}`, id, msg)
		return
	case Latency:
		select {
		case <-time.After(rule.Delay):
		case <-r.Context().Done():
			return
		}
	}
	status, reply, err := p.forward(r.Context(), body)
	if err != nil {
		http.Error(w, "upstream: "+err.Error(), http.StatusBadGateway)
		return
	}
	if method == "eth_sendRawTransaction" && len(req.Params) == 1 {
		var raw string
		if json.Unmarshal(req.Params[0], &raw) == nil {
			p.mu.Lock()
			p.sends = append(p.sends, Send{Raw: raw, Fault: rule.Fault})
			p.mu.Unlock()
		}
	}
	switch rule.Fault {
	case DropReply:
		hangUp(w)
		return
	case Truncate:
		reply = reply[:len(reply)/2]
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(reply) //nolint:errcheck // the client may be gone
}

// pick finds the rule for this call of method and counts it.
func (p *Proxy) pick(method string) Rule {
	p.mu.Lock()
	defer p.mu.Unlock()
	idx := p.calls[method]
	p.calls[method] = idx + 1
	chosen := Rule{Fault: Pass}
	for _, r := range p.rules {
		if r.Method != "" && r.Method != method {
			continue
		}
		if len(r.Calls) > 0 && !slices.Contains(r.Calls, idx) {
			continue
		}
		if p.calls["eth_sendRawTransaction"] < r.AfterSends {
			continue
		}
		if r.Prob > 0 && p.rng.Float64() >= r.Prob {
			continue
		}
		chosen = r
		break
	}
	if p.stats == nil {
		p.stats = Stats{}
	}
	if p.stats[method] == nil {
		p.stats[method] = map[Fault]int{}
	}
	p.stats[method][chosen.Fault]++
	return chosen
}

func (p *Proxy) forward(ctx context.Context, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.target.String(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.fwd.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, reply, nil
}

// hangUp closes the client's connection without an HTTP reply.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(errors.New("rpcfault: connection cannot be hijacked"))
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}
