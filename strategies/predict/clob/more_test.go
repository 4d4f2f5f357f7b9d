package clob_test

import (
	"bytes"
	"context"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
)

func TestTermsDecodeWhatIsSigned(t *testing.T) {
	t.Parallel()
	key, _ := testSigner(t, "terms")
	for _, c := range []struct {
		side             clob.Side
		price, size      string
		tokens, coll     int64
		negRisk          bool
		version          int
		exchange, domain string
	}{
		{clob.Buy, "0.57", "19.99", 19990000, 11394300, false, 2, "0xE111180000d2663C0091e4f400237545B87B996B", "2"},
		{clob.Sell, "0.333", "10", 10000000, 3330000, true, 2, "0xe2222d279d744050d28e00520010520000310F59", "2"},
		{clob.Buy, "0.05", "100", 100000000, 5000000, true, 3, "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa", "3"},
	} {
		tick := clob.TickSize("0.01")
		if c.price == "0.333" {
			tick = "0.001"
		}
		args := limit(yes, c.side, c.price, c.size)
		args.Tick = tick
		o, err := clob.Build(args, key.Address())
		if err != nil {
			t.Fatal(err)
		}
		ex, _ := clob.ExchangeFor(clob.Polygon, c.version, c.negRisk)
		tm := o.Terms(ex)
		if tm.Tokens.Int64() != c.tokens || tm.Collateral.Int64() != c.coll || tm.Price.Cmp(rat(t, c.price)) != 0 ||
			tm.Exchange.Hex() != c.exchange || tm.DomainVersion != c.domain || tm.OrderID != o.Hash(ex) || tm.Maker != key.Address() {
			t.Errorf("%s %s x %s: %s", c.side, c.size, c.price, tm)
		}
	}
}

// TestVersionChangeIsFollowed: when the CLOB moves to protocol version 3,
// an order signed for V2 is refused with order_version_mismatch; the client
// re-reads /version and the re-signed order (ExchangeV3, domain "3") goes in.
func TestVersionChangeIsFollowed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, 2)
	key, _ := testSigner(t, "upgrader")
	c, _ := newClient(t, srv, key, nil)
	srv.Fund(key.Address(), usdc(100))
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.20", "10"), clob.GTC, false); err != nil {
		t.Fatal(err)
	}
	srv.SetVersion(3)
	_, err := place(t, c, nil, limit(yes, clob.Buy, "0.21", "10"), clob.GTC, false)
	if !clob.IsRefusal(err, clobtest.ErrVersionMismatch) {
		t.Fatalf("V2 order after the upgrade: %v", err)
	}
	s, ex, err := c.SignOrder(context.Background(), limit(yes, clob.Buy, "0.21", "10"))
	if err != nil || ex.Version != "3" || ex.Address.Hex() != "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa" {
		t.Fatalf("re-signed for %+v (%v)", ex, err)
	}
	if _, err := c.Place(context.Background(), nil, s, ex, clob.GTC, false); err != nil {
		t.Fatalf("V3 order: %v", err)
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestHeartbeatsKeepOrdersAlive: once heartbeats start, orders live while
// they come and are cancelled when they stop.
func TestHeartbeatsKeepOrdersAlive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := &clock{t: t0}
	srv := clobtest.New(t, clobtest.Options{Markets: markts, Now: clk.now, HeartbeatTimeout: 10 * time.Second})
	key, _ := testSigner(t, "heart")
	c, _ := newClient(t, srv, key, func(o *clob.Options) { o.Now = clk.now })
	srv.Fund(key.Address(), usdc(100))
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.20", "10"), clob.GTC, false); err != nil {
		t.Fatal(err)
	}
	id := ""
	for range 3 {
		var err error
		if id, err = c.Heartbeat(ctx, id); err != nil {
			t.Fatal(err)
		}
		clk.add(8 * time.Second)
	}
	if open, _ := c.OpenOrders(ctx, "", "", ""); len(open) != 1 {
		t.Fatalf("open orders while beating: %d", len(open))
	}
	clk.add(5 * time.Second)
	if open, _ := c.OpenOrders(ctx, "", "", ""); len(open) != 0 {
		t.Fatalf("open orders after heartbeats stopped: %d", len(open))
	}
}

// TestSecretsNeverInLogsOrErrors runs refusals, retries and lookups with
// debug logging on and requires that neither the API secret nor the
// passphrase shows up in any log line or error.
func TestSecretsNeverInLogsOrErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, 2)
	key, _ := testSigner(t, "quiet")
	var logs bytes.Buffer
	var mu sync.Mutex
	h := slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug})
	c, _ := newClient(t, srv, key, func(o *clob.Options) { o.Log = slog.New(h) })
	creds, err := c.DeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	srv.Fund(key.Address(), usdc(3))
	var errs []string
	srv.Fail("POST /order", clobtest.Fault{Status: 500, AfterAccept: true}, clobtest.Fault{Status: 429})
	for _, a := range []clob.OrderArgs{limit(yes, clob.Buy, "0.20", "10"), limit(yes, clob.Buy, "0.50", "100"), limit(yes, clob.Buy, "0.10", "10")} {
		if _, err := place(t, c, nil, a, clob.GTC, false); err != nil {
			errs = append(errs, err.Error())
		}
	}
	c.SetCredentials(clob.Credentials{Key: creds.Key, Secret: "d3Jvbmc", Passphrase: creds.Passphrase})
	if _, err := c.OpenOrders(context.Background(), "", "", ""); err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) < 2 {
		t.Fatalf("expected refusals, got %q", errs)
	}
	mu.Lock()
	all := logs.String() + strings.Join(errs, "\n")
	mu.Unlock()
	if !strings.Contains(all, "will look it up") {
		t.Errorf("the retry was not logged: %s", all)
	}
	for _, s := range []string{creds.Secret, creds.Passphrase} {
		if strings.Contains(all, s) {
			t.Fatalf("secret %q appears in logs or errors:\n%s", s, all)
		}
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestGTDOrdersExpire: a GTD order carries its expiry and leaves the book
// when it passes.
func TestGTDOrdersExpire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := &clock{t: t0}
	srv := clobtest.New(t, clobtest.Options{Markets: markts, Now: clk.now})
	key, _ := testSigner(t, "gtd")
	c, _ := newClient(t, srv, key, func(o *clob.Options) { o.Now = clk.now })
	srv.Fund(key.Address(), usdc(100))
	args := limit(yes, clob.Buy, "0.20", "10")
	s, ex, err := c.SignOrder(ctx, args)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Place(ctx, nil, s, ex, clob.GTD, false); err == nil || !strings.Contains(err.Error(), "expiration") {
		t.Fatalf("GTD without expiry: %v", err)
	}
	args.Expiration = new(big.Int).SetInt64(t0.Unix() + 120)
	s, ex, _ = c.SignOrder(ctx, args)
	if _, err := c.Place(ctx, nil, s, ex, clob.GTD, false); err != nil {
		t.Fatal(err)
	}
	open, _ := c.OpenOrders(ctx, "", "", "")
	if len(open) != 1 || open[0].Expiration != "1796558520" || open[0].OrderType != "GTD" {
		t.Fatalf("open GTD order: %+v", open)
	}
	clk.add(2 * time.Minute)
	if open, _ := c.OpenOrders(ctx, "", "", ""); len(open) != 0 {
		t.Fatalf("GTD order outlived its expiry: %+v", open)
	}
}
