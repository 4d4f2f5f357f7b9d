package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The SDKs turn HTTP failures into their own error values and drop the
// response headers, so Retry-After and "the body broke mid-read" would be
// lost. Each provider therefore sends through metaTransport, which notes what
// it saw in a callMeta carried by the request context.

type callMeta struct {
	mu         sync.Mutex
	status     int
	retryAfter time.Duration
	readErr    error
}

func (m *callMeta) snapshot() (status int, retryAfter time.Duration, readErr error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status, m.retryAfter, m.readErr
}

type metaKey struct{}

func withMeta(ctx context.Context) (context.Context, *callMeta) {
	m := &callMeta{}
	return context.WithValue(ctx, metaKey{}, m), m
}

type metaTransport struct {
	base http.RoundTripper
}

func (t metaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	m, _ := req.Context().Value(metaKey{}).(*callMeta)
	if err != nil || m == nil {
		return resp, err
	}
	m.mu.Lock()
	m.status = resp.StatusCode
	m.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	m.mu.Unlock()
	resp.Body = &metaBody{ReadCloser: resp.Body, m: m}
	return resp, nil
}

type metaBody struct {
	io.ReadCloser
	m *callMeta
}

func (b *metaBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.m.mu.Lock()
		if b.m.readErr == nil {
			b.m.readErr = err
		}
		b.m.mu.Unlock()
	}
	return n, err
}

// newHTTPClient copies c (or a default client) and routes it through
// metaTransport. The copy keeps the caller's client untouched.
func newHTTPClient(c *http.Client) *http.Client {
	var cp http.Client
	if c != nil {
		cp = *c
	}
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = metaTransport{base: base}
	return &cp
}

// parseRetryAfter reads delay-seconds or an HTTP date; anything else is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// classify turns whatever an SDK returned into a *ProviderError (or the
// caller's own context error). detail is the server's message when the
// provider could dig one out of the SDK's error value.
func classify(ctx context.Context, provider, op, baseURL string, err error, m *callMeta, detail string) error {
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &ProviderError{Provider: provider, Op: op, Transient: true,
				Msg: "no complete reply before the deadline", Err: context.DeadlineExceeded}
		}
		return fmt.Errorf("%s %s: %w", provider, op, ctx.Err())
	}
	status, retryAfter, readErr := m.snapshot()
	if detail == "" {
		detail = err.Error()
	}
	pe := &ProviderError{Provider: provider, Op: op, Err: err}
	switch {
	case status >= 400:
		pe.StatusCode = status
		pe.RetryAfter = retryAfter
		pe.Transient = status == http.StatusTooManyRequests || status >= 500
		pe.Msg = detail
	case readErr != nil:
		pe.StatusCode = status
		pe.Transient = true
		pe.Msg = "connection closed mid-reply: " + readErr.Error()
		pe.Err = readErr
	case status == 0:
		if why, ok := connTrouble(err); ok {
			pe.Transient = true
			pe.Msg = fmt.Sprintf("cannot reach %s: %s", baseURL, why)
		} else {
			pe.Msg = detail // refused by the SDK before sending
		}
	default:
		// A 2xx whose body the SDK could not decode.
		pe.StatusCode = status
		pe.Msg = "unreadable reply: " + truncate(detail, 200)
	}
	return pe
}

// connTrouble recognises failures to connect or to get a reply at all.
func connTrouble(err error) (string, bool) {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", true
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by peer", true
	case errors.As(err, &dnsErr):
		return "cannot resolve host " + dnsErr.Name, true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "cannot connect: " + opErr.Err.Error(), true
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before a reply", true
	case errors.As(err, &netErr):
		return netErr.Error(), true
	}
	return "", false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}
