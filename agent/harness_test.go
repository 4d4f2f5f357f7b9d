package agent

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// harness is a real devnet, a real SQLite store and a funded agent wallet.
type harness struct {
	t      *testing.T
	net    *devnet.Devnet
	db     *store.DB
	client *wallet.Client
	signer *wallet.Signer
	weth   strategies.Token
	usdc   strategies.Token
	router common.Address
	// signed records every transaction the agent's key signed.
	mu     sync.Mutex
	signed []*types.Transaction
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key, _ := crypto.GenerateKey()
	h := &harness{t: t, net: d, db: db, signer: wallet.NewSigner(key)}
	h.client = wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	m := d.Manifest()
	w, _ := m.Token("WETH")
	u, _ := m.Token("USDC")
	h.weth = strategies.Token{Address: w.Address, Symbol: w.Symbol, Decimals: w.Decimals}
	h.usdc = strategies.Token{Address: u.Address, Symbol: u.Symbol, Decimals: u.Decimals}
	h.router = m.DEXes[0].Router
	if err := d.Fund(ctx, h.signer.Address(), units(10, 18), map[string]*big.Int{"USDC": units(10_000, 6), "WETH": units(5, 18)}); err != nil {
		t.Fatal(err)
	}
	return h
}

func units(whole int64, decimals uint8) *big.Int {
	return new(big.Int).Mul(big.NewInt(whole), pow10(decimals))
}

// policy allows swapping WETH/USDC on dex-a within generous caps.
func (h *harness) policy() *Policy {
	return &Policy{
		AllowedTokens:    map[common.Address]strategies.Token{h.weth.Address: h.weth, h.usdc.Address: h.usdc},
		AllowedContracts: map[common.Address]string{h.router: "dex-a"},
		AllowedMethods:   map[string]bool{"approve": true, "swapExactTokensForTokens": true},
		MaxTrade:         map[common.Address]*big.Int{h.usdc.Address: units(2_000, 6), h.weth.Address: units(1, 18)},
		MaxTradeQuote:    units(2_000, 6),
		MaxSlippageBps:   100,
		MaxTradesPerHour: 1000,
		DrawdownKillPct:  50,
	}
}

// runtime builds a runtime whose signer also logs what it signs.
func (h *harness) runtime(spec Spec) *Runtime {
	h.t.Helper()
	rt, err := New(Options{DB: h.db, Client: h.client, ChainID: big.NewInt(devnet.ChainID), MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		h.t.Fatal(err)
	}
	if spec.Signer == nil {
		spec.Signer = h.signer
	}
	if spec.Policy == nil {
		spec.Policy = h.policy()
	}
	if spec.Brain == nil {
		spec.Brain = RulesBrain{}
	}
	if spec.Name == "" {
		spec.Name = "tester"
	}
	if spec.Interval == 0 {
		spec.Interval = 20 * time.Millisecond
	}
	if spec.Mode == "" {
		spec.Mode = ModeAuto
	}
	spec.Quote = h.usdc
	spec.Assets = []strategies.Token{h.usdc, h.weth}
	if err := rt.Add(spec); err != nil {
		h.t.Fatal(err)
	}
	st, _ := rt.agent(spec.Name)
	st.tx = h.client.Transactor(spec.Signer.Address(), func(from common.Address, tx *types.Transaction) (*types.Transaction, error) {
		signed, err := spec.Signer.SignerFn(big.NewInt(devnet.ChainID))(from, tx)
		if err == nil {
			h.mu.Lock()
			h.signed = append(h.signed, signed)
			h.mu.Unlock()
		}
		return signed, err
	})
	return rt
}

func (h *harness) nonce() uint64 {
	n, err := h.net.Client().NonceAt(context.Background(), h.signer.Address(), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// scripted is a strategy whose plans the test writes: it swaps USDC for WETH
// on dex-a with the amounts and recipient the script gives.
type scripted struct {
	h        *harness
	decision strategies.Decision
	// mutate edits the honest plan to make it adversarial.
	mutate func(p *strategies.Plan)
	amount *big.Int
}

func (s *scripted) Name() string            { return "test.scripted" }
func (s *scripted) Schema() json.RawMessage { return json.RawMessage(`{"type":"object"}`) }
func (s *scripted) Instructions() string    { return "test" }
func (s *scripted) Propose(*strategies.Observation) strategies.Decision {
	return s.decision
}
func (s *scripted) Parse(raw json.RawMessage) (strategies.Decision, error) {
	var d strategies.Decision
	if err := json.Unmarshal(raw, &d); err != nil {
		return d, err
	}
	if d.Action != "buy" && d.Action != "hold" {
		return d, errors.New("unknown action")
	}
	return d, nil
}

func (s *scripted) Observe(ctx context.Context) (*strategies.Observation, error) {
	path := []common.Address{s.h.weth.Address, s.h.usdc.Address}
	out, err := s.h.net.Client().CallContract(ctx, callMsg(s.h.router, routerABIb.PackGetAmountsOut(units(1, 18), path)), nil)
	if err != nil {
		return nil, err
	}
	amts, err := routerABIb.UnpackGetAmountsOut(out)
	if err != nil {
		return nil, err
	}
	facts, _ := json.Marshal(map[string]string{"weth_usdc": amts[1].String()})
	return &strategies.Observation{Strategy: s.Name(), Summary: "WETH at " + amts[1].String(), Facts: facts,
		Digest: crypto.Keccak256Hash(facts), Time: time.Now(),
		Marks: map[common.Address]*big.Int{s.h.weth.Address: amts[1], s.h.usdc.Address: units(1, 6)}}, nil
}

func (s *scripted) Plan(ctx context.Context, obs *strategies.Observation, d strategies.Decision) (*strategies.Plan, error) {
	if d.Action != "buy" {
		return nil, nil
	}
	amt := s.amount
	if amt == nil {
		amt = units(100, 6)
	}
	path := []common.Address{s.h.usdc.Address, s.h.weth.Address}
	out, err := s.h.net.Client().CallContract(ctx, callMsg(s.h.router, routerABIb.PackGetAmountsOut(amt, path)), nil)
	if err != nil {
		return nil, err
	}
	amts, _ := routerABIb.UnpackGetAmountsOut(out)
	minOut := new(big.Int).Div(new(big.Int).Mul(amts[1], big.NewInt(9950)), big.NewInt(10_000))
	head, _ := s.h.net.Client().HeaderByNumber(ctx, nil)
	deadline := new(big.Int).SetUint64(head.Time + 600)
	p := &strategies.Plan{
		Summary: "buy WETH with " + amt.String() + " USDC",
		Calls: []strategies.Call{
			{To: s.h.usdc.Address, Data: tokenABIb.PackApprove(s.h.router, amt), Method: "approve"},
			{To: s.h.router, Data: routerABIb.PackSwapExactTokensForTokens(amt, minOut, path, s.h.signer.Address(), deadline), Method: "swapExactTokensForTokens"},
		},
		Trades: []strategies.Trade{{Venue: "dex-a", Router: s.h.router, TokenIn: s.h.usdc, TokenOut: s.h.weth,
			AmountIn: amt, QuotedOut: amts[1], MinOut: minOut, Quote: s.h.usdc}},
	}
	if s.mutate != nil {
		s.mutate(p)
	}
	return p, nil
}

var (
	routerABIb = contracts.NewUniswapV2Router()
	tokenABIb  = contracts.NewTestToken()
)

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
