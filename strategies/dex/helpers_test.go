package dex

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// env is a devnet with one funded agent account.
type env struct {
	d    *devnet.Devnet
	m    *devnet.Manifest
	c    *wallet.Client
	tr   *wallet.Transactor
	deps Deps
}

// newEnv starts a devnet (mine on send unless opts say otherwise) and funds
// a fresh agent key with 10 ETH and the given whole-token amounts.
func newEnv(t *testing.T, opts devnet.Options, fund map[string]int64) *env {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	e := &env{d: d, m: d.Manifest()}
	e.c = wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	e.tr = e.account(t, fund)
	e.deps = manifestDeps(e.m, d.Client(), e.tr.From())
	return e
}

// account creates and funds a fresh key and returns its transactor.
func (e *env) account(t *testing.T, fund map[string]int64) *wallet.Transactor {
	t.Helper()
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	s := wallet.NewSigner(key)
	tokens := map[string]*big.Int{}
	for sym, whole := range fund {
		tokens[sym] = e.whole(t, sym, whole)
	}
	eth := new(big.Int).Mul(big.NewInt(10), big.NewInt(params.Ether))
	if err := e.d.Fund(context.Background(), s.Address(), eth, tokens); err != nil {
		t.Fatal(err)
	}
	for sym, amt := range tokens {
		e.settle(t, func() bool { return e.balance(t, sym, s.Address()).Cmp(amt) == 0 })
	}
	return e.c.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID)))
}

// settle waits until done holds on the latest state. A node makes a
// receipt visible a moment before it moves "latest" to the receipt's block
// (go-ethereum writes the lookup index first), so a read of "latest" right
// after a receipt can still see the block before.
func (e *env) settle(t *testing.T, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("the chain head did not reach the last receipt's block")
		}
		time.Sleep(time.Millisecond)
	}
}

// settleBlock waits until the latest block is at least n.
func (e *env) settleBlock(t *testing.T, n *big.Int) {
	t.Helper()
	e.settle(t, func() bool {
		h, err := e.d.Client().HeaderByNumber(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return h.Number.Cmp(n) >= 0
	})
}

func (e *env) token(t *testing.T, sym string) strategies.Token {
	t.Helper()
	tok, ok := e.m.Token(sym)
	if !ok {
		t.Fatalf("no token %s on the devnet", sym)
	}
	return strategies.Token{Address: tok.Address, Symbol: tok.Symbol, Decimals: tok.Decimals}
}

func (e *env) whole(t *testing.T, sym string, n int64) *big.Int {
	t.Helper()
	tok, ok := e.m.Token(sym)
	if !ok {
		t.Fatalf("no token %s on the devnet", sym)
	}
	return new(big.Int).Mul(big.NewInt(n), pow10(tok.Decimals))
}

func (e *env) balance(t *testing.T, sym string, owner common.Address) *big.Int {
	t.Helper()
	b, err := BalanceOf(context.Background(), e.d.Client(), e.token(t, sym).Address, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (e *env) router(t *testing.T, dex string) *Router {
	t.Helper()
	r, err := e.deps.router("dex", dex)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// manifestDeps adapts a devnet manifest, the way the runtime wires a chain.
func manifestDeps(m *devnet.Manifest, b Backend, account common.Address) Deps {
	venues := map[string]Venue{}
	for _, x := range m.DEXes {
		venues[x.Name] = Venue{Name: x.Name, Router: x.Router, Factory: x.Factory}
	}
	return Deps{
		Backend: b,
		Account: account,
		Tokens: func(sym string) (strategies.Token, bool) {
			t, ok := m.Token(sym)
			return strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}, ok
		},
		Venues: venues,
	}
}

// push swaps amt (base units) of token in for out on a DEX from a separate
// trader, with the raw bindings, to move the price.
func (e *env) push(t *testing.T, dex, in, out string, amt *big.Int) {
	t.Helper()
	ctx := context.Background()
	tr := e.account(t, nil)
	if err := e.d.Fund(ctx, tr.From(), nil, map[string]*big.Int{in: amt}); err != nil {
		t.Fatal(err)
	}
	e.settle(t, func() bool { return e.balance(t, in, tr.From()).Cmp(amt) == 0 })
	x, _ := e.m.DEX(dex)
	tokIn, tokOut := e.token(t, in), e.token(t, out)
	approve := contracts.NewIERC20().PackApprove(x.Router, amt)
	if _, err := tr.Send(ctx, wallet.Intent{To: &tokIn.Address, Data: approve}); err != nil {
		t.Fatal(err)
	}
	swap := contracts.NewUniswapV2Router().PackSwapExactTokensForTokens(amt, big.NewInt(1),
		[]common.Address{tokIn.Address, tokOut.Address}, tr.From(), new(big.Int).SetUint64(1<<62))
	r, err := tr.Send(ctx, wallet.Intent{To: &x.Router, Data: swap})
	if err != nil {
		t.Fatal(err)
	}
	e.settleBlock(t, r.BlockNumber)
}

// execute sends a plan's calls in order from the agent, each waiting for
// its receipt, and checks every swap's balance deltas against its trade.
func (e *env) execute(t *testing.T, p *strategies.Plan) []*SwapDelta {
	t.Helper()
	ctx := context.Background()
	idx, err := SwapIndexes(p, e.tr.From())
	if err != nil {
		t.Fatal(err)
	}
	trade := map[int]strategies.Trade{}
	for i, ci := range idx {
		trade[ci] = p.Trades[i]
	}
	var deltas []*SwapDelta
	for i, call := range p.Calls {
		to := call.To
		r, err := e.tr.Send(ctx, wallet.Intent{To: &to, Data: call.Data, Value: call.Value})
		if err != nil {
			t.Fatalf("call %d (%s): %v", i, call.Method, err)
		}
		if tr, ok := trade[i]; ok {
			d, err := VerifySwap(ctx, e.d.Client(), e.tr.From(), tr, r)
			if err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			deltas = append(deltas, d)
		}
		e.settleBlock(t, r.BlockNumber)
	}
	return deltas
}
