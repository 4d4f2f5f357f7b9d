package agent

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// world is the embedded devnet, a real store and a wallet client, with the
// catalog boot.go builds from the devnet's manifest. The property,
// injection and benchmark tests build their agents on it the way
// boot.go and build.go do.
type world struct {
	tb     testing.TB
	net    *devnet.Devnet
	db     *store.DB
	client *wallet.Client
	cat    *Catalog
	weth   strategies.Token
	usdc   strategies.Token
	dexA   common.Address // routers
	dexB   common.Address
}

func newWorld(tb testing.TB) *world {
	tb.Helper()
	return newWorldWith(tb, devnet.Options{})
}

// newWorldWith is newWorld on a devnet started with opts.
func newWorldWith(tb testing.TB, opts devnet.Options) *world {
	tb.Helper()
	d, err := devnet.Start(context.Background(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	db, err := store.Open(filepath.Join(tb.TempDir(), "agentctl.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	w := &world{tb: tb, net: d, db: db, cat: devnetCatalog(d.Manifest())}
	w.client = wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	w.weth, _ = w.cat.Token("WETH")
	w.usdc, _ = w.cat.Token("USDC")
	w.dexA, w.dexB = dex.V2Venues(w.cat)["dex-a"].Router, dex.V2Venues(w.cat)["dex-b"].Router
	return w
}

// key derives a private key from rng, so a seeded run uses the same keys.
func key(tb testing.TB, rng *rand.Rand) *ecdsa.PrivateKey {
	tb.Helper()
	for {
		var b [32]byte
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		if k, err := crypto.ToECDSA(b[:]); err == nil {
			return k
		}
	}
}

// signer is a new wallet funded with 10 ETH and the given whole tokens.
func (w *world) signer(rng *rand.Rand, tokens map[string]int64) *wallet.Signer {
	w.tb.Helper()
	s := wallet.NewSigner(key(w.tb, rng))
	amts := map[string]*big.Int{}
	for sym, whole := range tokens {
		t, ok := w.cat.Token(sym)
		if !ok {
			w.tb.Fatalf("no token %s on the devnet", sym)
		}
		amts[t.Symbol] = units(whole, t.Decimals)
	}
	if err := w.net.Fund(context.Background(), s.Address(), units(10, 18), amts); err != nil {
		w.tb.Fatal(err)
	}
	return s
}

func (w *world) deps(account common.Address) dex.Deps {
	return dex.Deps{Backend: w.client.Backend(), Account: account, Tokens: w.cat.Token, Venues: dex.V2Venues(w.cat), V3Venues: dex.V3Venues(w.cat)}
}

// strategy builds dex.momentum or dex.arbitrage with default parameters
// (edited by edit), as BuildStrategy does from a config.
func (w *world) strategy(name string, account common.Address, edit func(any)) strategies.Strategy {
	w.tb.Helper()
	var s strategies.Strategy
	var err error
	switch name {
	case dex.MomentumName:
		p := dex.DefaultMomentumParams()
		if edit != nil {
			edit(&p)
		}
		s, err = dex.NewMomentum(w.deps(account), p)
	case dex.ArbitrageName:
		p := dex.DefaultArbitrageParams()
		if edit != nil {
			edit(&p)
		}
		s, err = dex.NewArbitrage(w.deps(account), p)
	default:
		w.tb.Fatalf("no strategy %s", name)
	}
	if err != nil {
		w.tb.Fatal(err)
	}
	return s
}

// policy compiles a configured policy as Boot does.
func (w *world) policy(cp configs.Policy) (*Policy, strategies.Token) {
	w.tb.Helper()
	p, quote, err := CompilePolicy("agents[0]", cp, w.cat)
	if err != nil {
		w.tb.Fatal(err)
	}
	return p, quote
}

func (w *world) runtime() *Runtime {
	w.tb.Helper()
	rt, err := New(Options{DB: w.db, Client: w.client, ChainID: big.NewInt(devnet.ChainID), MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		w.tb.Fatal(err)
	}
	return rt
}

// add registers spec and makes the agent sign through log, which keeps
// every transaction the agent's key signs.
func (w *world) add(rt *Runtime, spec Spec, log *signLog) *state {
	w.tb.Helper()
	if err := rt.Add(spec); err != nil {
		w.tb.Fatal(err)
	}
	st, err := rt.agent(spec.Name)
	if err != nil {
		w.tb.Fatal(err)
	}
	if log != nil {
		st.tx = w.client.Transactor(spec.Signer.Address(), log.signerFn(spec.Signer))
	}
	return st
}

// signLog records every transaction a key signs, in order.
type signLog struct {
	mu  sync.Mutex
	txs []*types.Transaction
}

func (l *signLog) signerFn(s *wallet.Signer) bind.SignerFn {
	inner := s.SignerFn(big.NewInt(devnet.ChainID))
	return func(from common.Address, tx *types.Transaction) (*types.Transaction, error) {
		signed, err := inner(from, tx)
		if err == nil {
			l.mu.Lock()
			l.txs = append(l.txs, signed)
			l.mu.Unlock()
		}
		return signed, err
	}
}

func (l *signLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.txs)
}

func (l *signLog) since(i int) []*types.Transaction {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*types.Transaction(nil), l.txs[i:]...)
}

// cannedModel stands in for a model server, not for our code: each Decide
// answers with the text answer gives for the request, and the reply goes
// through the same JSON extraction a real provider applies.
type cannedModel struct {
	answer func(req llm.Request) string
	keep   bool // keep every request, for prompt checks

	mu    sync.Mutex
	calls int
	reqs  []llm.Request
}

var _ llm.Provider = (*cannedModel)(nil)

func (m *cannedModel) Decide(_ context.Context, req llm.Request) (llm.Reply, error) {
	text := m.answer(req)
	m.mu.Lock()
	m.calls++
	if m.keep {
		m.reqs = append(m.reqs, req)
	}
	m.mu.Unlock()
	reply := llm.Reply{Text: text, Model: "canned", Digest: "sha256:canned"}
	js, err := llm.ExtractJSON(text)
	if err != nil {
		return reply, &llm.MalformedError{Text: text, Err: err}
	}
	reply.JSON = js
	return reply, nil
}

func (m *cannedModel) Stream(ctx context.Context, req llm.Request, onDelta func(string)) (llm.Reply, error) {
	r, err := m.Decide(ctx, req)
	if onDelta != nil {
		onDelta(r.Text)
	}
	return r, err
}

func (m *cannedModel) Models(context.Context) ([]llm.ModelInfo, error) {
	return []llm.ModelInfo{{Name: "canned"}}, nil
}

func (m *cannedModel) Status(context.Context) llm.Status {
	return llm.Status{Provider: "canned", Up: true}
}

func (m *cannedModel) served() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

func (m *cannedModel) requests() []llm.Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]llm.Request(nil), m.reqs...)
}

func modelBrain(p llm.Provider) *ModelBrain {
	return &ModelBrain{Model: llm.Model{Kind: llm.KindOllama, Name: "canned"}, Provider: p}
}
