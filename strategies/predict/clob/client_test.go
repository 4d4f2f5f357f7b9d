package clob_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
	"github.com/ethereum/go-ethereum/common"
)

var (
	yes    = big.NewInt(1001)
	no     = big.NewInt(1002)
	nrYes  = big.NewInt(2001)
	nrNo   = big.NewInt(2002)
	usdc   = func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1_000_000)) }
	t0     = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	markts = []clobtest.Market{
		{ConditionID: "0xc0", Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "5"},
		{ConditionID: "0xc1", Tokens: [2]*big.Int{nrYes, nrNo}, Tick: "0.001", NegRisk: true, MinSize: "5"},
	}
)

type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return nil
}

func newServer(t *testing.T, version int) *clobtest.Server {
	return clobtest.New(t, clobtest.Options{Version: version, Markets: markts, Now: func() time.Time { return t0 }})
}

// newClient returns a client for key with fresh API credentials.
func newClient(t *testing.T, srv *clobtest.Server, key *wallet.Signer, mod func(*clob.Options)) (*clob.Client, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	o := clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: key, Sleep: sl.sleep, Now: func() time.Time { return t0 }}
	if mod != nil {
		mod(&o)
	}
	c, err := clob.NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	creds, err := c.CreateOrDeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c.SetCredentials(creds)
	return c, sl
}

func limit(tok *big.Int, side clob.Side, price, size string) clob.OrderArgs {
	p, _ := new(big.Rat).SetString(price)
	z, _ := new(big.Rat).SetString(size)
	return clob.OrderArgs{TokenID: tok, Side: side, Price: p, Size: z, Timestamp: t0}
}

func place(t *testing.T, c *clob.Client, j clob.Journal, args clob.OrderArgs, ot clob.OrderType, postOnly bool) (clob.Placed, error) {
	t.Helper()
	s, ex, err := c.SignOrder(context.Background(), args)
	if err != nil {
		t.Fatal(err)
	}
	return c.Place(context.Background(), j, s, ex, ot, postOnly)
}

// TestClientTradesEndToEnd drives the client against the test CLOB: API
// keys, books, resting, crossing and killed orders, trades, balances,
// heartbeats and cancels, on the standard V2 and the neg-risk exchange.
func TestClientTradesEndToEnd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// One item a page, so every listing walks its cursors.
	srv := clobtest.New(t, clobtest.Options{Version: 2, Markets: markts, Now: func() time.Time { return t0 }, PageSize: 1})
	key, _ := testSigner(t, "trader")
	c, _ := newClient(t, srv, key, nil)
	// The same nonce derives the same credentials.
	again, err := c.DeriveAPIKey(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.Markets(ctx)
	if err != nil || len(ms) != 2 || ms[1].ConditionID != "0xc1" || !ms[1].NegRisk || ms[1].MinimumTickSize != "0.001" || ms[0].Tokens[1].TokenID != no.String() {
		t.Fatalf("markets: %+v %v", ms, err)
	}
	if m, err := c.Market(ctx, "0xc0"); err != nil || m.NegRisk || len(m.Tokens) != 2 {
		t.Fatalf("market: %+v %v", m, err)
	}
	srv.Fund(key.Address(), usdc(100))
	srv.AddLiquidity(yes, clob.Sell, "0.60", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.62", "50")
	srv.AddLiquidity(nrYes, clob.Sell, "0.333", "20")

	// A bid below the ask rests.
	p, err := place(t, c, nil, limit(yes, clob.Buy, "0.55", "20"), clob.GTC, true)
	if err != nil || p.Status != "live" || p.Posts != 1 {
		t.Fatalf("resting bid: %+v %v", p, err)
	}
	book, err := c.Book(ctx, yes)
	if err != nil || len(book.Bids) != 1 || book.Bids[0].Price != "0.55" || book.Bids[0].Size != "20" || book.Asks[len(book.Asks)-1].Price != "0.6" {
		t.Fatalf("book after bid: %+v %v", book, err)
	}
	open, err := c.OpenOrders(ctx, "", "0xc0", "")
	if err != nil || len(open) != 1 || open[0].ID != p.OrderID || open[0].Price != "0.55" {
		t.Fatalf("open orders: %+v %v", open, err)
	}
	// Post-only at the ask would cross: refused.
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.60", "10"), clob.GTC, true); !clob.IsRefusal(err, clobtest.ErrPostOnly) {
		t.Fatalf("crossing post-only: %v", err)
	}
	// FOK larger than the book: killed, nothing spent.
	mk := limit(yes, clob.Buy, "0.62", "80")
	mk.Market = true // 80 pUSD at up to 0.62: 129 tokens, the book holds 100
	if _, err := place(t, c, nil, mk, clob.FOK, false); !clob.IsRefusal(err, clobtest.ErrFOK) {
		t.Fatalf("FOK beyond the book: %v", err)
	}
	// FAK for 10 tokens at up to 0.61 takes them at 0.60.
	p2, err := place(t, c, nil, limit(yes, clob.Buy, "0.61", "10"), clob.FAK, false)
	if err != nil || p2.Status != "matched" || len(p2.TradeIDs) != 1 {
		t.Fatalf("FAK: %+v %v", p2, err)
	}
	if got := srv.Collateral(key.Address()); got.Cmp(usdc(94)) != 0 {
		t.Errorf("collateral after buying 10 at 0.60: %s, want 94 pUSD", got)
	}
	bal, err := c.BalanceAllowance(ctx, yes)
	if err != nil || bal.Balance.Cmp(usdc(10)) != 0 {
		t.Errorf("token balance: %+v %v, want 10 tokens", bal, err)
	}
	trades, err := c.Trades(ctx, "", yes.String(), "")
	if err != nil || len(trades) != 1 || trades[0].TakerOrderID != p2.OrderID || trades[0].Price != "0.6" || trades[0].Size != "10" {
		t.Errorf("trades: %+v %v", trades, err)
	}
	// Neg-risk market, finer tick: signed for the neg-risk exchange.
	p3, err := place(t, c, nil, limit(nrYes, clob.Buy, "0.333", "6"), clob.GTC, false)
	if err != nil || p3.Status != "matched" {
		t.Fatalf("neg-risk buy: %+v %v", p3, err)
	}
	if hb, err := c.Heartbeat(ctx, ""); err != nil || hb == "" {
		t.Errorf("heartbeat: %q %v", hb, err)
	}
	if o, err := c.Order(ctx, p2.OrderID); err != nil || o.Status != "MATCHED" || o.SizeMatched != "10" {
		t.Errorf("filled order: %+v %v", o, err)
	}
	cr, err := c.Cancel(ctx, p.OrderID)
	if err != nil || len(cr.Canceled) != 1 {
		t.Fatalf("cancel: %+v %v", cr, err)
	}
	if cr, err := c.Cancel(ctx, p.OrderID); err != nil || len(cr.NotCanceled) != 1 {
		t.Errorf("second cancel: %+v %v", cr, err)
	}
	if open, _ := c.OpenOrders(ctx, "", "", ""); len(open) != 0 {
		t.Errorf("open orders after cancel: %+v", open)
	}
	_ = again
}

// TestRefusalsSayWhatToDo: the CLOB's refusals reach the caller with its
// message and advice, and nothing is retried or posted twice.
func TestRefusalsSayWhatToDo(t *testing.T) {
	t.Parallel()
	srv := newServer(t, 3)
	key, _ := testSigner(t, "refused")
	c, _ := newClient(t, srv, key, nil)
	srv.Fund(key.Address(), usdc(5))
	_, err := place(t, c, nil, limit(yes, clob.Buy, "0.50", "20"), clob.GTC, false)
	if !clob.IsRefusal(err, clobtest.ErrBalance) || !strings.Contains(err.Error(), "approve") {
		t.Fatalf("10 pUSD bid with 5: %v", err)
	}
	srv.RequireDepositWallet(key.Address())
	_, err = place(t, c, nil, limit(yes, clob.Buy, "0.10", "20"), clob.GTC, false)
	if !clob.IsRefusal(err, clobtest.ErrDepositWallet) || !strings.Contains(err.Error(), "POLY_1271") {
		t.Fatalf("EOA order from a deposit-wallet account: %v", err)
	}
	// Through its deposit wallet (ERC-1271, signed for ExchangeV3) it trades.
	dw := common.HexToAddress("0x00000000000000000000000000000000DeadBeef")
	srv.DepositWallet(dw, key.Address())
	srv.Fund(dw, usdc(50))
	c2, _ := newClient(t, srv, key, func(o *clob.Options) { o.Funder, o.SignatureType = dw, clob.Poly1271 })
	if p, err := place(t, c2, nil, limit(yes, clob.Buy, "0.10", "20"), clob.GTC, false); err != nil || p.Status != "live" {
		t.Fatalf("deposit wallet order: %+v %v", p, err)
	}
	if b, err := c2.BalanceAllowance(context.Background(), nil); err != nil || b.Balance.Cmp(usdc(50)) != 0 {
		t.Errorf("deposit wallet balance: %+v %v", b, err)
	}
	// Proxy and Safe makers.
	for i, st := range []clob.SignatureType{clob.PolyProxy, clob.PolyGnosisSafe} {
		owner, _ := testSigner(t, "owner"+st.String())
		px := common.BigToAddress(big.NewInt(int64(0xabc0 + i)))
		srv.Proxy(px, owner.Address())
		srv.Fund(px, usdc(10))
		cp, _ := newClient(t, srv, owner, func(o *clob.Options) { o.Funder, o.SignatureType = px, st })
		if _, err := place(t, cp, nil, limit(yes, clob.Buy, "0.20", "10"), clob.GTC, false); err != nil {
			t.Errorf("%s order: %v", st, err)
		}
	}
	// Credentials that do not match are refused at the door.
	bad, _ := newClient(t, srv, key, nil)
	bad.SetCredentials(clob.Credentials{Key: "nope", Secret: "c2VjcmV0", Passphrase: "x"})
	if _, err := bad.OpenOrders(context.Background(), "", "", ""); !clob.IsRefusal(err, "Unauthorized") {
		t.Errorf("wrong credentials: %v", err)
	}
}

// TestPlaceNeverPostsTwice: after 425, 429 and 500 the client backs off,
// looks the order up and posts again only when the CLOB lacks it; after a
// 500 that hid an accepted order it finds the order and stops.
func TestPlaceNeverPostsTwice(t *testing.T) {
	t.Parallel()
	srv := newServer(t, 2)
	key, _ := testSigner(t, "retrier")
	c, sl := newClient(t, srv, key, nil)
	srv.Fund(key.Address(), usdc(100))

	srv.Fail("POST /order", clobtest.Fault{Status: 425}, clobtest.Fault{Status: 429}, clobtest.Fault{Status: 500})
	p, err := place(t, c, nil, limit(yes, clob.Buy, "0.40", "10"), clob.GTC, false)
	if err != nil || p.Posts != 4 || srv.Posts(p.OrderID) != 4 || p.Reconciled {
		t.Fatalf("after 425, 429, 500: %+v %v (server saw %d posts)", p, err, srv.Posts(p.OrderID))
	}
	if len(sl.d) != 3 || sl.d[0] != time.Second || sl.d[1] != 2*time.Second || sl.d[2] != 4*time.Second {
		t.Errorf("backoff waits %v, want 1s 2s 4s", sl.d)
	}

	srv.Fail("POST /order", clobtest.Fault{Status: 500, AfterAccept: true})
	before := srv.Accepted()
	p, err = place(t, c, nil, limit(yes, clob.Buy, "0.41", "10"), clob.GTC, false)
	if err != nil || !p.Reconciled || p.Status != "LIVE" || srv.Posts(p.OrderID) != 1 || srv.Accepted() != before+1 {
		t.Fatalf("500 after accept: %+v %v (server saw %d posts)", p, err, srv.Posts(p.OrderID))
	}
	// Placing the very same signed order again is idempotent.
	s, ex, err := c.SignOrder(context.Background(), limit(yes, clob.Buy, "0.42", "10"))
	if err != nil {
		t.Fatal(err)
	}
	first, err1 := c.Place(context.Background(), nil, s, ex, clob.GTC, false)
	second, err2 := c.Place(context.Background(), nil, s, ex, clob.GTC, false)
	if err1 != nil || err2 != nil || first.OrderID != second.OrderID || !second.Reconciled {
		t.Fatalf("same order twice: %+v %v / %+v %v", first, err1, second, err2)
	}
	open, _ := c.OpenOrders(context.Background(), "", "", "")
	if len(open) != 3 {
		t.Errorf("open orders %d, want 3", len(open))
	}
}

// TestResumeAfterRestart: intents in the journal survive the process; a
// new client finds what the CLOB already has, posts what it lacks once,
// and abandons what is too old to post.
func TestResumeAfterRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t, 2)
	key, _ := testSigner(t, "restarter")
	srv.Fund(key.Address(), usdc(100))
	j := clob.DirJournal{Dir: t.TempDir()}
	one := func(o *clob.Options) { o.Retry.Attempts = 1 }
	c, _ := newClient(t, srv, key, one)

	// Accepted, but the reply was lost and the process died.
	srv.Fail("POST /order", clobtest.Fault{Status: 500, AfterAccept: true})
	a, err := place(t, c, j, limit(yes, clob.Buy, "0.30", "10"), clob.GTC, false)
	if !errors.Is(err, clob.ErrOutcomeUnknown) {
		t.Fatalf("lost reply: %v", err)
	}
	// Never reached the book (engine restarting), then the process died.
	srv.Fail("POST /order", clobtest.Fault{Status: 425})
	b, err := place(t, c, j, limit(yes, clob.Buy, "0.31", "10"), clob.GTC, false)
	if !errors.Is(err, clob.ErrOutcomeUnknown) {
		t.Fatalf("425: %v", err)
	}
	// Signed long ago and never posted.
	old := limit(yes, clob.Buy, "0.32", "10")
	old.Timestamp = t0.Add(-time.Hour)
	srv.Fail("POST /order", clobtest.Fault{Status: 425})
	cOld, _ := newClient(t, srv, key, one)
	o, err := place(t, cOld, j, old, clob.GTC, false)
	if !errors.Is(err, clob.ErrOutcomeUnknown) {
		t.Fatalf("old: %v", err)
	}
	if pend, _ := j.Pending(); len(pend) != 3 {
		t.Fatalf("pending intents %d, want 3", len(pend))
	}

	restarted, _ := newClient(t, srv, key, nil)
	got, err := restarted.Resume(ctx, j, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("resumed %+v", got)
	}
	if n := srv.Posts(a.OrderID); n != 1 {
		t.Errorf("lost-reply order posted %d times, want 1", n)
	}
	if n := srv.Posts(b.OrderID); n != 2 {
		t.Errorf("425'd order posts %d, want 2 (the refused one and one after restart)", n)
	}
	if n := srv.Posts(o.OrderID); n != 1 {
		t.Errorf("stale order posts %d, want only the refused one", n)
	}
	open, _ := restarted.OpenOrders(ctx, "", "", "")
	if len(open) != 2 {
		t.Errorf("open orders after resume: %d, want 2", len(open))
	}
	if pend, _ := j.Pending(); len(pend) != 0 {
		t.Errorf("still pending: %+v", pend)
	}
	// A second restart changes nothing.
	if again, err := restarted.Resume(ctx, j, 5*time.Minute); err != nil || len(again) != 0 || srv.Posts(b.OrderID) != 2 {
		t.Errorf("second resume: %+v %v", again, err)
	}
}

// TestRateLimitIsPerRoute: a route out of budget fails fast without
// reaching the server, while other routes still answer.
func TestRateLimitIsPerRoute(t *testing.T) {
	t.Parallel()
	srv := newServer(t, 2)
	key, _ := testSigner(t, "limited")
	c, _ := newClient(t, srv, key, func(o *clob.Options) {
		o.Limits = map[string]clob.Limit{"POST /order": {Rate: 1.0 / 3600, Burst: 1}}
	})
	srv.Fund(key.Address(), usdc(100))
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.20", "10"), clob.GTC, false); err != nil {
		t.Fatal(err)
	}
	s, ex, err := c.SignOrder(context.Background(), limit(yes, clob.Buy, "0.21", "10"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.Place(ctx, nil, s, ex, clob.GTC, false)
	if err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Fatalf("second post within the hour: %v", err)
	}
	if n := srv.Posts(s.Hash(ex).Hex()); n != 0 {
		t.Errorf("rate-limited order reached the server %d times", n)
	}
	if _, err := c.Book(context.Background(), yes); err != nil {
		t.Errorf("book under a full order budget: %v", err)
	}
}
