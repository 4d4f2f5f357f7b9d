package clob

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/time/rate"
)

// Options configure a Client.
type Options struct {
	Host    string // the CLOB API's base URL
	ChainID int64
	HTTP    *http.Client // nil: a client with a 30s timeout

	// Signer is the EOA that signs orders and L1 requests and whose address
	// the API key belongs to. Creds authenticate trading (L2) requests.
	Signer HashSigner
	Creds  *Credentials

	// Funder and SignatureType say whose funds orders spend (see OrderArgs).
	Funder        common.Address
	SignatureType SignatureType

	// Limits caps requests per route ("POST /order", "GET /data/order/{id}");
	// each route not listed gets its own bucket of Default (zero: DefaultLimit).
	Limits  map[string]Limit
	Default Limit

	Retry RetryPolicy

	// Sleep waits between retries (tests pass one that records and returns).
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	Log   *slog.Logger
}

// Limit is a token bucket: Rate requests per second, bursts of Burst.
type Limit struct {
	Rate  float64
	Burst int
}

// DefaultLimit keeps one agent well inside the CLOB's published per-IP and
// per-signer budgets.
var DefaultLimit = Limit{Rate: 5, Burst: 10}

// RetryPolicy: how often and how long to back off on 425 (engine
// restarting), 429 (rate limited) and 5xx.
type RetryPolicy struct {
	Attempts int           // total tries, default 6
	Base     time.Duration // first wait, default 1s (the docs advise 1-2s on 425)
	Max      time.Duration // longest wait, default 30s
}

// Client talks to the CLOB REST API.
type Client struct {
	o        Options
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	version  int
	negRisk  map[string]bool
	ticks    map[string]TickSize
}

// NewClient checks opts and returns a Client.
func NewClient(opts Options) (*Client, error) {
	u, err := url.Parse(opts.Host)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("CLOB host %q is not an http(s) URL", opts.Host)
	}
	opts.Host = strings.TrimRight(opts.Host, "/")
	if _, err := ContractsFor(opts.ChainID); err != nil {
		return nil, err
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.Default.Rate <= 0 {
		opts.Default = DefaultLimit
	}
	if opts.Retry.Attempts <= 0 {
		opts.Retry.Attempts = 6
	}
	if opts.Retry.Base <= 0 {
		opts.Retry.Base = time.Second
	}
	if opts.Retry.Max <= 0 {
		opts.Retry.Max = 30 * time.Second
	}
	if opts.Sleep == nil {
		opts.Sleep = func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
				return nil
			}
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	opts.Log = opts.Log.With("part", "clob")
	return &Client{o: opts, limiters: map[string]*rate.Limiter{}, negRisk: map[string]bool{}, ticks: map[string]TickSize{}}, nil
}

// SetCredentials installs L2 credentials (after create/derive).
func (c *Client) SetCredentials(creds Credentials) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.o.Creds = &creds
}

// APIError is a refusal from the CLOB: its HTTP status and its message.
type APIError struct {
	Route   string
	Status  int
	Message string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("CLOB %s: %d %s", e.Route, e.Status, e.Message)
	switch {
	case strings.Contains(e.Message, "deposit wallet"):
		msg += " (this maker must trade through its deposit wallet: signature type POLY_1271 with the wallet as funder)"
	case strings.Contains(e.Message, "not enough balance"):
		msg += " (fund the maker with pUSD or outcome tokens and approve the exchange, then update the balance-allowance)"
	}
	return msg
}

// Retryable says whether the request may succeed if repeated later.
func (e *APIError) Retryable() bool {
	return e.Status == http.StatusTooEarly || e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// IsRefusal reports whether err is the CLOB's message containing text.
func IsRefusal(err error, text string) bool {
	var ae *APIError
	return errors.As(err, &ae) && strings.Contains(ae.Message, text)
}

type authKind int

const (
	noAuth authKind = iota
	l1Auth
	l2Auth
)

type call struct {
	method, path string
	query        url.Values
	body         any // marshalled once; the same bytes are signed and sent
	auth         authKind
	nonce        uint64
	retry        bool // retry 425/429/5xx here (posting orders retries in Place)
}

func (c *Client) limiter(route string) *rate.Limiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.limiters[route]
	if !ok {
		lim, found := c.o.Limits[route]
		if !found || lim.Rate <= 0 {
			lim = c.o.Default
		}
		l = rate.NewLimiter(rate.Limit(lim.Rate), max(lim.Burst, 1))
		c.limiters[route] = l
	}
	return l
}

// do sends one call, retrying what may be retried, and decodes the JSON
// reply into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	var body []byte
	if k.body != nil {
		var err error
		if body, err = json.Marshal(k.body); err != nil {
			return fmt.Errorf("CLOB %s %s: %w", k.method, k.path, err)
		}
	}
	tries := 1
	if k.retry {
		tries = c.o.Retry.Attempts
	}
	var err error
	for attempt := 0; attempt < tries; attempt++ {
		var wait time.Duration
		wait, err = c.once(ctx, k, body, out)
		if err == nil || !retryable(err) || attempt == tries-1 {
			return err
		}
		if werr := c.o.Sleep(ctx, c.backoff(attempt, wait)); werr != nil {
			return fmt.Errorf("%w (gave up waiting: %v)", err, werr)
		}
	}
	return err
}

func retryable(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Retryable()
	}
	var te *transportError
	return errors.As(err, &te)
}

// backoff doubles from Base up to Max; a server's Retry-After wins if longer.
func (c *Client) backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := c.o.Retry.Base << attempt
	if d > c.o.Retry.Max || d <= 0 {
		d = c.o.Retry.Max
	}
	return max(d, min(retryAfter, c.o.Retry.Max))
}

type transportError struct {
	route string
	err   error
}

func (e *transportError) Error() string { return fmt.Sprintf("CLOB %s: %v", e.route, e.err) }
func (e *transportError) Unwrap() error { return e.err }

// routeKey names a route for rate limiting: paths that end in an ID share
// one budget.
func routeKey(method, path string) string {
	for _, prefix := range []string{"/data/order/", "/markets/"} {
		if strings.HasPrefix(path, prefix) {
			return method + " " + prefix + "{id}"
		}
	}
	return method + " " + path
}

func (c *Client) once(ctx context.Context, k call, body []byte, out any) (time.Duration, error) {
	route := k.method + " " + k.path
	if err := c.limiter(routeKey(k.method, k.path)).Wait(ctx); err != nil {
		return 0, fmt.Errorf("CLOB %s: rate limit: %w", route, err)
	}
	u := c.o.Host + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u, rd)
	if err != nil {
		return 0, fmt.Errorf("CLOB %s: %w", route, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if err := c.authorize(req, k, body); err != nil {
		return 0, err
	}
	resp, err := c.o.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("CLOB %s: %w", route, ctx.Err())
		}
		return 0, &transportError{route: route, err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return 0, &transportError{route: route, err: err}
	}
	if resp.StatusCode/100 != 2 {
		ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return time.Duration(ra) * time.Second, &APIError{Route: route, Status: resp.StatusCode, Message: errorMessage(raw)}
	}
	if out == nil {
		return 0, nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return 0, fmt.Errorf("CLOB %s: reply is not the expected JSON: %v", route, err)
	}
	return 0, nil
}

// errorMessage reads {"error": "..."} or falls back to the raw text.
func errorMessage(raw []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(raw, &e) == nil && len(e.Error) > 0 {
		var s string
		if json.Unmarshal(e.Error, &s) == nil {
			return s
		}
		return string(e.Error)
	}
	s := strings.TrimSpace(string(raw))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

func (c *Client) authorize(req *http.Request, k call, body []byte) error {
	route := k.method + " " + k.path
	switch k.auth {
	case l1Auth:
		if c.o.Signer == nil {
			return fmt.Errorf("CLOB %s needs a signing key (L1 auth)", route)
		}
		h, err := L1Headers(c.o.Signer, c.o.ChainID, c.o.Now().Unix(), k.nonce)
		if err != nil {
			return err
		}
		copyHeaders(req.Header, h)
	case l2Auth:
		c.mu.Lock()
		creds := c.o.Creds
		c.mu.Unlock()
		if c.o.Signer == nil || creds == nil {
			return fmt.Errorf("CLOB %s needs API credentials (L2 auth): create or derive them first", route)
		}
		h, err := L2Headers(c.o.Signer.Address(), *creds, c.o.Now().Unix(), k.method, k.path, body)
		if err != nil {
			return err
		}
		copyHeaders(req.Header, h)
	}
	return nil
}

func copyHeaders(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}
