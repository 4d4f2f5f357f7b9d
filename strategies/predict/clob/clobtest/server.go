// Package clobtest is an in-process Polymarket CLOB for tests: it speaks
// the documented REST API and its error bodies, checks L1 and L2
// authentication and every order's signature, keeps books, matches orders,
// settles trades as the operator does (MATCHED, then MINED and CONFIRMED,
// or FAILED; at once, or when the test says: settle.go) and can be told to
// fail (425, 429, 500, or 500 after accepting).
package clobtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum/common"
)

// Market is one binary market the server trades.
type Market struct {
	ConditionID string
	Tokens      [2]*big.Int // YES, NO
	Tick        clob.TickSize
	NegRisk     bool
	MinSize     string // minimum order size in tokens
	// Fee is the platform fee GET /clob-markets/{condition} lists and
	// settlement charges: the taker pays on top of a buy and out of a
	// sale's proceeds, the maker too when makers pay.
	Fee clob.FeeSchedule
	// Winner is the paying token's index once the market resolved (-1 or
	// unset via Resolve: open).
	winner *int
}

// Options configure a Server.
type Options struct {
	ChainID int64 // default Polygon
	Version int   // protocol version, default 2
	Markets []Market
	Now     func() time.Time
	// HeartbeatTimeout: once an account sends heartbeats, its open orders
	// are cancelled when none arrives for this long (0: never).
	HeartbeatTimeout time.Duration
	PageSize         int // list page size, default 100
	// HoldSettlement keeps matched trades MATCHED, balances unmoved, until
	// the test calls Mine (or FailSettlement); off, every match is mined
	// and confirmed at once.
	HoldSettlement bool
}

// Fault is an injected reply for one request to a route.
type Fault struct {
	Status int
	// AfterAccept: the order is accepted into the book before the error is
	// returned (a reply lost after the work was done).
	AfterAccept bool
}

// Server is the test CLOB.
type Server struct {
	URL string
	o   Options

	mu         sync.Mutex
	creds      map[string]apiCreds               // api key -> creds
	derived    map[string]string                 // address/nonce -> api key
	proxyOwner map[common.Address]common.Address // proxy or Safe -> owner EOA
	walletOwn  map[common.Address]common.Address // deposit wallet -> owner EOA
	depositReq map[common.Address]bool           // makers that must use a deposit wallet
	collateral map[common.Address]*big.Int
	tokens     map[common.Address]map[string]*big.Int
	faults     map[string][]Fault
	posts      map[string]int // order hash -> POST /order requests seen
	reposts    map[string]int // order hash -> posts made when the book already had it
	orders     map[string]*order
	seq        []string // order hashes by arrival
	trades     []clob.Trade
	pending    []pending // trades not yet confirmed or failed
	tradeRows  int       // trades GET /data/trades listed
	heartbeat  map[string]time.Time
	markets    map[string]*Market // token id -> market
}

type apiCreds struct {
	addr common.Address
	clob.Credentials
}

// New starts a Server on a loopback port; it stops with the test.
func New(t testing.TB, o Options) *Server {
	if o.ChainID == 0 {
		o.ChainID = clob.Polygon
	}
	if o.Version == 0 {
		o.Version = 2
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PageSize == 0 {
		o.PageSize = 100
	}
	s := &Server{o: o, creds: map[string]apiCreds{}, derived: map[string]string{},
		proxyOwner: map[common.Address]common.Address{}, walletOwn: map[common.Address]common.Address{},
		depositReq: map[common.Address]bool{}, collateral: map[common.Address]*big.Int{},
		tokens: map[common.Address]map[string]*big.Int{}, faults: map[string][]Fault{}, posts: map[string]int{}, reposts: map[string]int{},
		orders: map[string]*order{}, heartbeat: map[string]time.Time{}, markets: map[string]*Market{}}
	for i := range o.Markets {
		m := &o.Markets[i]
		for _, tok := range m.Tokens {
			s.markets[tok.String()] = m
		}
	}
	hs := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Fund credits an address with collateral (base units), allowance included.
func (s *Server) Fund(addr common.Address, units *big.Int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.collateral[addr] = new(big.Int).Add(s.bal(addr), units)
}

// Collateral is an address's collateral balance.
func (s *Server) Collateral(addr common.Address) *big.Int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return new(big.Int).Set(s.bal(addr))
}

func (s *Server) bal(addr common.Address) *big.Int {
	if b, ok := s.collateral[addr]; ok {
		return b
	}
	return new(big.Int)
}

// Proxy says owner's EOA controls the proxy or Safe maker.
func (s *Server) Proxy(maker, owner common.Address) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.proxyOwner[maker] = owner
}

// DepositWallet says owner's EOA controls the deposit wallet.
func (s *Server) DepositWallet(wallet, owner common.Address) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.walletOwn[wallet] = owner
}

// RequireDepositWallet makes the server refuse any order whose maker is
// addr unless it comes through a deposit wallet, as for new accounts.
func (s *Server) RequireDepositWallet(addr common.Address) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.depositReq[addr] = true
}

// Fail queues faults for the next requests to route ("POST /order").
func (s *Server) Fail(route string, f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], f...)
}

// Queued is how many injected faults wait for requests to route.
func (s *Server) Queued(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults[route])
}

// Posts is how many POST /order requests carried the order hash.
func (s *Server) Posts(orderID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts[strings.ToLower(orderID)]
}

// Accepted is how many distinct orders the book has taken.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seq)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		fail(w, http.StatusBadRequest, "Invalid payload")
		return
	}
	route := r.Method + " " + r.URL.Path
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	var fault *Fault
	if q := s.faults[route]; len(q) > 0 {
		fault, s.faults[route] = &q[0], q[1:]
		if !fault.AfterAccept {
			s.countPost(route, body)
			fail(w, fault.Status, http.StatusText(fault.Status))
			return
		}
	}
	switch {
	case route == "GET /version":
		reply(w, map[string]int{"version": s.o.Version})
	case route == "GET /time":
		reply(w, s.o.Now().Unix())
	case route == "POST /auth/api-key" || route == "GET /auth/derive-api-key":
		s.apiKey(w, r, route == "POST /auth/api-key")
	case route == "GET /book":
		s.book(w, r.URL.Query().Get("token_id"))
	case route == "GET /tick-size" || route == "GET /neg-risk":
		m := s.markets[r.URL.Query().Get("token_id")]
		if m == nil {
			fail(w, http.StatusNotFound, "market not found")
		} else if route == "GET /tick-size" {
			reply(w, map[string]json.Number{"minimum_tick_size": json.Number(m.Tick)})
		} else {
			reply(w, map[string]bool{"neg_risk": m.NegRisk})
		}
	case route == "GET /markets":
		var all []map[string]any
		for _, m := range s.o.Markets {
			all = append(all, marketJSON(&m))
		}
		page(s, w, r.URL.Query(), all, func(v any) { reply(w, v) })
	case strings.HasPrefix(route, "GET /markets/"):
		s.market(w, strings.TrimPrefix(r.URL.Path, "/markets/"))
	case strings.HasPrefix(route, "GET /clob-markets/"):
		s.clobMarket(w, strings.TrimPrefix(r.URL.Path, "/clob-markets/"))
	default:
		owner, ok := s.l2(w, r, body)
		if !ok {
			return
		}
		s.trading(w, r, route, owner, body, fault)
	}
}

func (s *Server) countPost(route string, body []byte) {
	if route != "POST /order" {
		return
	}
	var req clob.NewOrderRequest
	if json.Unmarshal(body, &req) != nil {
		return
	}
	if so, err := req.SignedOrder(); err == nil {
		if ex, err := s.exchange(so.TokenID); err == nil {
			id := strings.ToLower(so.Hash(ex).Hex())
			s.posts[id]++
			if s.orders[id] != nil {
				s.reposts[id]++
			}
		}
	}
}

func (s *Server) exchange(token *big.Int) (clob.Exchange, error) {
	m := s.markets[token.String()]
	if m == nil {
		return clob.Exchange{}, fmt.Errorf("market not found")
	}
	return clob.ExchangeFor(s.o.ChainID, s.o.Version, m.NegRisk)
}

func (s *Server) apiKey(w http.ResponseWriter, r *http.Request, create bool) {
	addr, nonce, err := clob.VerifyL1(r.Header, s.o.ChainID)
	if err != nil {
		fail(w, http.StatusUnauthorized, err.Error())
		return
	}
	k := fmt.Sprintf("%s/%d", addr.Hex(), nonce)
	key, ok := s.derived[k]
	if !ok {
		if !create {
			fail(w, http.StatusBadRequest, "Could not derive api key!")
			return
		}
		key = randomKey()
		secret := make([]byte, 32)
		_, _ = rand.Read(secret)
		pass := make([]byte, 32)
		_, _ = rand.Read(pass)
		s.creds[key] = apiCreds{addr: addr, Credentials: clob.Credentials{Key: key,
			Secret: base64.URLEncoding.EncodeToString(secret), Passphrase: fmt.Sprintf("%x", pass)}}
		s.derived[k] = key
	}
	c := s.creds[key]
	reply(w, map[string]string{"apiKey": c.Key, "secret": c.Secret, "passphrase": c.Passphrase})
}

// l2 checks the HMAC headers and returns the API key's owner.
func (s *Server) l2(w http.ResponseWriter, r *http.Request, body []byte) (apiCreds, bool) {
	h := func(k string) string { return clob.HeaderValue(r.Header, k) }
	c, ok := s.creds[h(clob.HeaderAPIKey)]
	if !ok || h(clob.HeaderPassphrase) != c.Passphrase || !strings.EqualFold(h(clob.HeaderAddress), c.addr.Hex()) {
		fail(w, http.StatusUnauthorized, "Unauthorized/Invalid api key")
		return apiCreds{}, false
	}
	var ts int64
	if _, err := fmt.Sscan(h(clob.HeaderTimestamp), &ts); err != nil {
		fail(w, http.StatusUnauthorized, "Unauthorized/Invalid api key")
		return apiCreds{}, false
	}
	var b []byte
	if len(body) > 0 {
		b = body
	}
	want, err := clob.HMACSignature(c.Secret, ts, r.Method, r.URL.Path, b)
	if err != nil || h(clob.HeaderSignature) != want {
		fail(w, http.StatusUnauthorized, "Unauthorized/Invalid api key")
		return apiCreds{}, false
	}
	return c, true
}

func (s *Server) expire() {
	now := s.o.Now()
	for _, o := range s.orders {
		if o.status == "LIVE" && o.kind == "GTD" {
			if exp, err := strconv.ParseInt(o.expires, 10, 64); err == nil && exp > 0 && now.Unix() >= exp {
				o.status = "CANCELED"
			}
		}
	}
	if s.o.HeartbeatTimeout <= 0 {
		return
	}
	for key, last := range s.heartbeat {
		if now.Sub(last) > s.o.HeartbeatTimeout {
			for _, o := range s.orders {
				if o.owner == key && o.status == "LIVE" {
					o.status = "CANCELED"
				}
			}
			delete(s.heartbeat, key)
		}
	}
}

func randomKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "2")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
