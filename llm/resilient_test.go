package llm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sleeps records the waits Resilient asked for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

func resilient(p Provider, o ResilientOptions) (*Resilient, *fakeClock, *sleeps) {
	r := NewResilient(p, o)
	clk := &fakeClock{t: time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)}
	sl := &sleeps{}
	r.now, r.sleep = clk.Now, sl.sleep
	return r, clk, sl
}

// scripted answers chat calls with statuses in order; 200 gives a decision.
func scripted(statuses ...int) (func(http.ResponseWriter, *http.Request, map[string]any), *atomic.Int32) {
	var n atomic.Int32
	ok := openaiReplies(`{"action":"hold","confidence":0.5}`)
	return func(w http.ResponseWriter, r *http.Request, b map[string]any) {
		i := int(n.Add(1)) - 1
		st := statuses[min(i, len(statuses)-1)]
		switch st {
		case 200:
			ok(w, r, b)
		case 429:
			w.Header().Set("Retry-After", "2")
			writeOpenAIError(w, 429, "requests", "Rate limit reached")
		default:
			writeOpenAIError(w, st, "server_error", "status "+http.StatusText(st))
		}
	}, &n
}

func TestResilientRetryAfter(t *testing.T) {
	t.Parallel()
	chat, calls := scripted(429, 200)
	srv := openaiServer(t, &recorder{}, chat)
	usage := &Usage{}
	r, _, sl := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}),
		ResilientOptions{Name: "openai-compatible", BaseBackoff: time.Millisecond, Usage: usage})

	reply, err := r.Decide(context.Background(), decideReq())
	if err != nil || string(reply.JSON) != `{"action":"hold","confidence":0.5}` {
		t.Fatalf("reply %s err %v", reply.JSON, err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls, want 2", calls.Load())
	}
	if w := sl.all(); len(w) != 1 || w[0] < 2*time.Second {
		t.Errorf("waits = %v, want one of at least the 2s Retry-After", w)
	}
	u := usage.Agent("a1")
	if u.Calls != 1 || u.Retries != 1 || u.Failures != 0 || u.PromptTokens != 40 || u.CompletionTokens != 12 {
		t.Errorf("usage = %+v", u)
	}
}

func TestResilientRetryAfterTooLong(t *testing.T) {
	t.Parallel()
	chat, calls := scripted(429, 200)
	srv := openaiServer(t, &recorder{}, chat)
	r, _, sl := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}),
		ResilientOptions{MaxRetryAfter: time.Second})
	_, err := r.Decide(context.Background(), decideReq())
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.StatusCode != 429 || calls.Load() != 1 || len(sl.all()) != 0 {
		t.Errorf("err %v calls %d waits %v: want the 429 at once", err, calls.Load(), sl.all())
	}
}

func TestResilientBreaker(t *testing.T) {
	t.Parallel()
	var failing atomic.Bool
	failing.Store(true)
	var calls atomic.Int32
	ok := openaiReplies(`{"action":"hold","confidence":0.5}`)
	srv := openaiServer(t, &recorder{}, func(w http.ResponseWriter, r *http.Request, b map[string]any) {
		calls.Add(1)
		if failing.Load() {
			writeOpenAIError(w, 500, "server_error", "The server had an error")
			return
		}
		ok(w, r, b)
	})
	r, clk, _ := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}), ResilientOptions{
		Name: "vllm", MaxRetries: 10, BaseBackoff: time.Millisecond, BreakerThreshold: 3, BreakerCooldown: time.Minute,
	})
	ctx := context.Background()

	// Retries stop when the third failure opens the breaker.
	_, err := r.Decide(ctx, decideReq())
	var be *BreakerOpenError
	if !errors.As(err, &be) || calls.Load() != 3 {
		t.Fatalf("err %v after %d calls, want breaker open after 3", err, calls.Load())
	}
	if !be.Until.Equal(clk.Now().Add(time.Minute)) || !strings.Contains(err.Error(), "vllm: circuit breaker open after 3 consecutive failures; next try after 15:05:05") ||
		!strings.Contains(err.Error(), "The server had an error") {
		t.Errorf("err = %v", err)
	}
	// While open, nothing reaches the server.
	if _, err := r.Decide(ctx, decideReq()); !errors.As(err, &be) || calls.Load() != 3 {
		t.Errorf("open breaker: err %v calls %d", err, calls.Load())
	}
	if st := r.Status(ctx); st.Up || !strings.Contains(st.Reason, "circuit breaker open") {
		t.Errorf("status = %v", st)
	}

	// Half-open: one trial; it fails, so the breaker opens for another minute.
	clk.Advance(time.Minute)
	if _, err := r.Decide(ctx, decideReq()); !errors.As(err, &be) || calls.Load() != 4 {
		t.Errorf("failed trial: err %v calls %d, want 4 calls and open again", err, calls.Load())
	}
	if _, err := r.Decide(ctx, decideReq()); !errors.As(err, &be) || calls.Load() != 4 {
		t.Errorf("reopened: err %v calls %d", err, calls.Load())
	}

	// Half-open again, the server has recovered: the trial closes the breaker.
	failing.Store(false)
	clk.Advance(time.Minute)
	for i := range 2 {
		if _, err := r.Decide(ctx, decideReq()); err != nil {
			t.Fatalf("call %d after recovery: %v", i, err)
		}
	}
	if calls.Load() != 6 {
		t.Errorf("calls = %d, want 6", calls.Load())
	}
	if st := r.Status(ctx); !st.Up {
		t.Errorf("status after recovery = %v", st)
	}
}

func TestResilientNoRetryOnClientErrors(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 404} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			chat, calls := scripted(status)
			srv := openaiServer(t, &recorder{}, chat)
			usage := &Usage{}
			r, _, sl := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1", Format: FormatJSONObject}),
				ResilientOptions{BreakerThreshold: 2, Usage: usage})
			for range 4 {
				_, err := r.Decide(context.Background(), decideReq())
				var pe *ProviderError
				if !errors.As(err, &pe) || pe.StatusCode != status {
					t.Fatalf("err = %v", err)
				}
			}
			if calls.Load() != 4 || len(sl.all()) != 0 {
				t.Errorf("%d calls %d waits: want 4 calls (no retries, breaker closed)", calls.Load(), len(sl.all()))
			}
			if u := usage.Agent("a1"); u.Calls != 4 || u.Failures != 4 {
				t.Errorf("usage = %+v", u)
			}
		})
	}
}

func TestResilientConnectionRefused(t *testing.T) {
	t.Parallel()
	r, _, sl := resilient(newTestOllama(t, deadAddr(t)), ResilientOptions{Name: "ollama", MaxRetries: 2, BreakerThreshold: 10})
	_, err := r.Decide(context.Background(), decideReq())
	if !IsTransient(err) || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("err = %v", err)
	}
	w := sl.all()
	if len(w) != 2 {
		t.Fatalf("waits = %v, want 2 retries", w)
	}
	// Equal jitter: the n-th wait lies in [base*2^n/2, base*2^n].
	for i, d := range w {
		hi := 500 * time.Millisecond << i
		if d < hi/2 || d > hi {
			t.Errorf("wait %d = %v, want within [%v, %v]", i, d, hi/2, hi)
		}
	}
}

func TestResilientTimeout(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := ollamaServer(t, rc, slowHandler)
	r, _, _ := resilient(newTestOllama(t, srv.URL), ResilientOptions{Name: "ollama", Timeout: 50 * time.Millisecond, MaxRetries: -1})
	_, err := r.Decide(context.Background(), decideReq())
	var pe *ProviderError
	if !errors.As(err, &pe) || !pe.Transient || !strings.Contains(err.Error(), "no reply within 50ms (per-call timeout)") {
		t.Errorf("err = %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err does not wrap DeadlineExceeded: %v", err)
	}
}

func TestResilientCallerCancelNotRetried(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, &recorder{}, slowHandler)
	r, _, sl := resilient(newTestOllama(t, srv.URL), ResilientOptions{BreakerThreshold: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := r.Decide(ctx, decideReq())
	if err == nil || len(sl.all()) != 0 {
		t.Errorf("err %v waits %v", err, sl.all())
	}
	// The caller giving up says nothing about the server: breaker stays closed.
	if open, _ := r.breaker.state(r.now()); open {
		t.Error("breaker opened on a caller's own deadline")
	}
}

func TestResilientStream(t *testing.T) {
	t.Parallel()
	t.Run("retried before the first delta", func(t *testing.T) {
		t.Parallel()
		chat, calls := scripted(503, 200)
		srv := openaiServer(t, &recorder{}, chat)
		r, _, _ := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}), ResilientOptions{})
		var got strings.Builder
		req := decideReq()
		req.Schema = nil
		reply, err := r.Stream(context.Background(), req, func(d string) { got.WriteString(d) })
		if err != nil || calls.Load() != 2 || got.String() != reply.Text {
			t.Errorf("err %v calls %d text %q / %q", err, calls.Load(), got.String(), reply.Text)
		}
	})
	t.Run("not retried after a delta", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		srv := openaiServer(t, &recorder{}, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
			calls.Add(1)
			io.WriteString(w, openaiChunk("m", "Hello", ""))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		})
		r, _, _ := resilient(newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}), ResilientOptions{})
		var deltas []string
		_, err := r.Stream(context.Background(), Request{Model: "m"}, func(d string) { deltas = append(deltas, d) })
		if !IsTransient(err) || calls.Load() != 1 || len(deltas) != 1 {
			t.Errorf("err %v calls %d deltas %q", err, calls.Load(), deltas)
		}
	})
}

func TestResilientConcurrentUsage(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, &recorder{}, ollamaReplies(`{"action":"hold","confidence":1}`))
	usage := &Usage{}
	r := NewResilient(newTestOllama(t, srv.URL), ResilientOptions{Usage: usage})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			req := decideReq()
			req.Agent = []string{"a", "b"}[i%2]
			if _, err := r.Decide(context.Background(), req); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	snap := usage.Snapshot()
	for _, a := range []string{"a", "b"} {
		u := snap[a]
		if u.Calls != 8 || u.PromptTokens != 8*31 || u.CompletionTokens != 8*17 || u.MaxLatency <= 0 ||
			u.MeanLatency() <= 0 || u.MeanLatency() > u.MaxLatency {
			t.Errorf("%s: %+v", a, u)
		}
	}
}

// BenchmarkResilientDecide is the cost this package adds around one decision
// on loopback: request encoding, HTTP, decoding, extraction, accounting.
func BenchmarkResilientDecide(b *testing.B) {
	srv := ollamaServer(b, &recorder{}, ollamaReplies(`{"action":"hold","confidence":0.5}`))
	p, err := NewOllama(OllamaOptions{BaseURL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	r := NewResilient(p, ResilientOptions{Usage: &Usage{}})
	req := decideReq()
	for b.Loop() {
		if _, err := DecideJSON(context.Background(), r, req, validAction); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}
