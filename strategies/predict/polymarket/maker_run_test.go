package polymarket

import (
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// walletAgent is a predict.polymarket agent built from its config the way
// the runtime builds it, trading on a test CLOB with its compiled policy.
type walletAgent struct {
	s      *Strategy
	signer *wallet.Signer
	policy *agent.Policy
	quote  strategies.Token
}

// newWalletAgent saves the key's API credentials, then builds the strategy
// with params extra and a policy allowing the market, the V2 exchange and
// the contracts in allowed.
func newWalletAgent(t *testing.T, srv *clobtest.Server, signer *wallet.Signer, extra map[string]any, allowed ...string) (*walletAgent, error) {
	t.Helper()
	ctx := context.Background()
	l1, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := l1.CreateOrDeriveAPIKey(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "clob.json")
	if err := clob.SaveCredentials(path, signer.Address(), creds, "pass", clob.LightScryptN); err != nil {
		t.Fatal(err)
	}
	cs, _ := clob.ContractsFor(clob.Polygon)
	ex, _ := clob.ExchangeFor(clob.Polygon, 2, false)
	pusd := strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	cat := &strategies.Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	m, _ := FromConfig(configs.PolymarketMarket{Tokens: []string{"7001", "7002"}})
	cat.Add("pm-market", m)
	params := map[string]any{"clob": srv.URL, "credentials": path, "journal": filepath.Join(dir, "journal"),
		"markets": []map[string]any{{"name": "yes", "token_id": "7001", "fair": "0.70"}}}
	for k, v := range extra {
		params[k] = v
	}
	a := &configs.Agent{Name: "poly", Strategy: Name, Policy: configs.Policy{AllowedTokens: []string{"PUSD"},
		AllowedContracts: append([]string{"pm-market", ex.Address.Hex()}, allowed...), QuoteToken: "PUSD",
		MaxTrade: map[string]configs.Decimal{"PUSD": "10"}, MaxTradesPerHour: 10}}
	if err := a.SetParams(params); err != nil {
		t.Fatal(err)
	}
	s, err := strategies.New(strategies.Build{Agent: a, Account: signer.Address(), Catalog: cat,
		Passphrase: func() (string, bool) { return "pass", true }})
	if err != nil {
		return nil, err
	}
	p, quote, err := agent.CompilePolicy("agents[0]", a.Policy, cat)
	if err != nil {
		t.Fatal(err)
	}
	return &walletAgent{s: s.(*Strategy), signer: signer, policy: p, quote: quote}, nil
}

// trade runs one decision: observe, plan, the policy's check, the agent
// key's signature over the digest the rules decoded, and the post.
func (w *walletAgent) trade(t *testing.T) (strategies.SignTerms, error) {
	t.Helper()
	ctx := context.Background()
	obs, err := w.s.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := w.s.Plan(ctx, obs, w.s.Propose(obs))
	if err != nil || plan == nil || len(plan.Signs) != 1 {
		t.Fatalf("plan %+v %v", plan, err)
	}
	v := w.policy.Check(agent.CheckInput{Agent: w.signer.Address(), Plan: plan, Quote: w.quote,
		Spent: agent.Spend{ByToken: map[common.Address]*big.Int{}, Quote: new(big.Int)}})
	if !v.Allowed {
		t.Fatalf("the policy denied the agent's order: %v", v.Reasons)
	}
	terms, err := w.policy.Venues[VenueName].(*Rules).DecodeSign(plan.Signs[0])
	if err != nil {
		t.Fatal(err)
	}
	sig, err := w.signer.SignHash(terms.Digest[:])
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.s.Post(ctx, plan.Signs[0], sig)
	return terms, err
}

func pmServer(t *testing.T) *clobtest.Server {
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: "0x" + strings.Repeat("cd", 32),
		Tokens: [2]*big.Int{big.NewInt(7001), big.NewInt(7002)}, Tick: "0.01", MinSize: "1"}}})
	srv.AddLiquidity(big.NewInt(7001), clob.Sell, "0.60", "50")
	srv.AddLiquidity(big.NewInt(7001), clob.Buy, "0.40", "50")
	return srv
}

// TestWalletAgentsTradeThroughTheirWallet: an agent whose params name a
// deposit wallet (POLY_1271), a proxy or a Safe, and whose policy names
// that wallet, buys below its forecast: the test CLOB checks the
// signature (the ERC-7739 wrap for the deposit wallet, the owner for the
// proxy and Safe) and the L2 headers, accepts the order, and the wallet,
// not the agent's key, pays and holds the tokens; the terms a person
// approves name the wallet that pays. The same agent whose
// policy does not name its funder fails at build, naming the fix.
func TestWalletAgentsTradeThroughTheirWallet(t *testing.T) {
	for _, tc := range []struct {
		typ, kind string
		link      func(srv *clobtest.Server, wallet, owner common.Address)
	}{
		{"deposit_wallet", "POLY_1271 deposit wallet", (*clobtest.Server).DepositWallet},
		{"proxy", "POLY_PROXY proxy wallet", (*clobtest.Server).Proxy},
		{"POLY_GNOSIS_SAFE", "POLY_GNOSIS_SAFE Safe", (*clobtest.Server).Proxy},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			key, _ := crypto.GenerateKey()
			signer := wallet.NewSigner(key)
			w := crypto.CreateAddress(signer.Address(), 7) // stands for the wallet contract
			srv := pmServer(t)
			tc.link(srv, w, signer.Address())
			srv.Fund(w, big.NewInt(100_000_000))
			params := map[string]any{"signature_type": tc.typ, "funder": w.Hex()}

			if _, err := newWalletAgent(t, srv, signer, params); err == nil ||
				!strings.Contains(err.Error(), "funder: "+w.Hex()) || !strings.Contains(err.Error(), "is not named by this agent's policy: add it to policy.allowed_contracts") {
				t.Fatalf("a funder the policy does not name: build error %v", err)
			}

			a, err := newWalletAgent(t, srv, signer, params, strings.ToLower(w.Hex()))
			if err != nil {
				t.Fatal(err)
			}
			terms, err := a.trade(t)
			if err != nil {
				t.Fatalf("post: %v", err)
			}
			if want := " pUSD from " + tc.kind + " " + w.Hex(); !strings.HasSuffix(terms.Cost, want) {
				t.Errorf("the order's terms for a person say it costs %q, not naming the wallet that pays (%q)", terms.Cost, want)
			}
			if srv.Accepted() != 3 || srv.Posts(strings.ToLower(terms.ID)) != 1 {
				t.Fatalf("the CLOB accepted %d orders (want the house's 2 and the agent's), posted %s %d times", srv.Accepted(), terms.ID, srv.Posts(terms.ID))
			}
			yes := big.NewInt(7001)
			if got := srv.Tokens(w, yes); got.Sign() <= 0 {
				t.Fatalf("the wallet %s holds %v YES tokens after its buy", w.Hex(), got)
			}
			if got := srv.Tokens(signer.Address(), yes); got.Sign() != 0 {
				t.Fatalf("the agent's key holds %v YES tokens: the order was not made by the wallet", got)
			}
			if got := srv.Collateral(w); got.Cmp(big.NewInt(100_000_000)) >= 0 {
				t.Fatalf("the wallet still holds %v pUSD units: it did not pay", got)
			}
		})
	}
}

// TestDepositWalletRequiredSaysWhatToSet: an EOA agent whose account the
// CLOB requires to trade through a deposit wallet passes its policy, but
// the CLOB refuses the order; the error says which params to set.
func TestDepositWalletRequiredSaysWhatToSet(t *testing.T) {
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	srv := pmServer(t)
	srv.Fund(signer.Address(), big.NewInt(100_000_000))
	srv.RequireDepositWallet(signer.Address())
	a, err := newWalletAgent(t, srv, signer, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.trade(t)
	if err == nil || !strings.Contains(err.Error(), clobtest.ErrDepositWallet) ||
		!strings.Contains(err.Error(), "set params signature_type: deposit_wallet and funder: the deposit wallet's address, and add that address to policy.allowed_contracts") {
		t.Fatalf("post refused for the deposit wallet flow: %v", err)
	}
	if !clob.IsRefusal(err, clobtest.ErrDepositWallet) {
		t.Fatalf("the CLOB's refusal is not underneath the error: %v", err)
	}
	if srv.Accepted() != 2 {
		t.Fatalf("the CLOB accepted %d orders, want only the house's 2", srv.Accepted())
	}
}
