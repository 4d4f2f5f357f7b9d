package rpcfault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// node is a loopback JSON-RPC endpoint that answers every call with its
// method name and counts what reached it.
func node(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		var req request
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"jsonrpc":"2.0","id":%s,"result":%q}`, req.ID, "ok:"+req.Method)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func call(url, method string) (int, string, error) {
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":7,"method":%q,"params":["0x01"]}`, method)
	resp, err := http.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fault     Fault
		forwarded bool
		check     func(status int, body string, err error) bool
	}{
		{Pass, true, func(s int, b string, err error) bool { return err == nil && s == 200 && strings.Contains(b, "ok:m") }},
		{DropReply, true, func(_ int, _ string, err error) bool { return err != nil }},
		{DropConn, false, func(_ int, _ string, err error) bool { return err != nil }},
		{Status5xx, false, func(s int, _ string, err error) bool { return err == nil && s == http.StatusBadGateway }},
		{Truncate, true, func(s int, b string, err error) bool { return err == nil && s == 200 && !json.Valid([]byte(b)) }},
		{MethodNotFound, false, func(s int, b string, err error) bool {
			var rep struct {
				ID    int `json:"id"`
				Error struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			return err == nil && s == 200 && json.Unmarshal([]byte(b), &rep) == nil && rep.ID == 7 &&
				rep.Error.Code == -32601 && strings.Contains(rep.Error.Message, "m does not exist")
		}},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			t.Parallel()
			up, hits := node(t)
			p, err := Start(Options{Target: up.URL, Rules: []Rule{{Method: "m", Fault: tc.fault}}, Lifetime: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			s, b, err := call(p.URL(), "m")
			if !tc.check(s, b, err) {
				t.Fatalf("%v: status %d body %q err %v", tc.fault, s, b, err)
			}
			if got := hits.Load() == 1; got != tc.forwarded {
				t.Fatalf("%v: forwarded = %v, want %v", tc.fault, got, tc.forwarded)
			}
			// Other methods pass.
			if s, b, err := call(p.URL(), "other"); err != nil || s != 200 || !strings.Contains(b, "ok:other") {
				t.Fatalf("unmatched method: %d %q %v", s, b, err)
			}
		})
	}
}

func TestChainIDLieAndLatency(t *testing.T) {
	t.Parallel()
	up, hits := node(t)
	p, err := Start(Options{Target: up.URL, LieChainID: 5, Lifetime: time.Minute, Rules: []Rule{
		{Method: "eth_chainId", Fault: WrongChainID},
		{Method: "slow", Fault: Latency, Delay: 50 * time.Millisecond},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if _, b, err := call(p.URL(), "eth_chainId"); err != nil || !strings.Contains(b, `"result":"0x5"`) || !strings.Contains(b, `"id":7`) {
		t.Fatalf("chain ID lie: %q %v", b, err)
	}
	if hits.Load() != 0 {
		t.Fatal("the lie reached the node")
	}
	if _, b, err := call(p.URL(), "slow"); err != nil || !strings.Contains(b, "ok:slow") {
		t.Fatalf("latency rule: %q %v", b, err)
	}
}

// Calls and AfterSends pick exact calls; Prob draws from the seed, so the
// same seed faults the same calls.
func TestRuleSelection(t *testing.T) {
	t.Parallel()
	up, _ := node(t)
	pattern := func(rules ...Rule) string {
		p, err := Start(Options{Target: up.URL, Seed: 42, Rules: rules, Lifetime: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		var out []byte
		for range 12 {
			method := "m"
			if len(out) == 4 {
				method = "eth_sendRawTransaction"
			}
			if s, _, err := call(p.URL(), method); err == nil && s == 200 {
				out = append(out, '.')
			} else {
				out = append(out, 'x')
			}
		}
		return string(out)
	}
	if got := pattern(Rule{Method: "m", Fault: Status5xx, Calls: []int{1, 3}}); got != ".x.x........" {
		t.Errorf("Calls: %s", got)
	}
	if got := pattern(Rule{Method: "m", Fault: Status5xx, AfterSends: 1}); got != ".....xxxxxxx" {
		t.Errorf("AfterSends: %s", got)
	}
	a, b := pattern(Rule{Fault: Status5xx, Prob: 0.5}), pattern(Rule{Fault: Status5xx, Prob: 0.5})
	if a != b || !strings.Contains(a, "x") || !strings.Contains(a, ".") {
		t.Errorf("Prob with one seed: %s then %s", a, b)
	}
}

func TestLoopbackOnlyAndStopsByItself(t *testing.T) {
	t.Parallel()
	if _, err := Start(Options{Target: "http://192.0.2.1:8545"}); err == nil {
		t.Fatal("a proxy to a non-loopback node started")
	}
	up, _ := node(t)
	p, err := Start(Options{Target: up.URL, Lifetime: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.URL(), "http://127.0.0.1:") {
		t.Fatalf("listens on %s", p.URL())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, _, err := call(p.URL(), "m"); err != nil {
			return // closed by its lifetime
		}
		if time.Now().After(deadline) {
			t.Fatal("the proxy outlived its lifetime")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
