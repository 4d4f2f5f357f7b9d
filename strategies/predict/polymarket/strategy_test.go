package polymarket

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestQuoteRestsThenReplacesAsTheBookMoves: with no ask to take, the
// strategy rests a bid one tick above the best; the wallet's signature
// over the digest the rules decode posts it (the test CLOB checks it);
// an unchanged book keeps it, and a better bid elsewhere plans its
// cancellation (carried out only with the plan) and its replacement a tick
// above the new best bid.
func TestQuoteRestsThenReplacesAsTheBookMoves(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	yes, no := big.NewInt(11), big.NewInt(12)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: "0x" + strings.Repeat("cd", 32),
		Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "1"}}})
	srv.Fund(signer.Address(), big.NewInt(1_000_000_000))
	srv.AddLiquidity(yes, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	c := agentClient(t, srv, signer)
	p := DefaultParams()
	p.Markets = []MarketParam{{Name: "yes", TokenID: "11", Fair: "0.70"}}
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}, p)
	if err != nil {
		t.Fatal(err)
	}
	rules := &Rules{Tokens: map[string]string{}, Sides: map[string][]clob.Side{}}
	step := func() (*strategies.Plan, *strategies.SignTerms) {
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := s.Plan(ctx, obs, s.Propose(obs))
		if err != nil || plan == nil {
			return plan, nil
		}
		terms, err := rules.DecodeSign(plan.Signs[0])
		if err != nil {
			t.Fatal(err)
		}
		return plan, &terms
	}
	post := func(plan *strategies.Plan, terms *strategies.SignTerms) {
		sig, err := signer.SignHash(terms.Digest[:])
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Post(ctx, plan.Signs[0], sig); err != nil || !strings.EqualFold(got.ID, terms.ID) {
			t.Fatalf("post: %+v %v", got, err)
		}
	}
	plan, first := step()
	if first == nil || first.Side != "BUY" || first.Price != "0.4100" {
		t.Fatalf("first plan %+v terms %+v", plan, first)
	}
	post(plan, first)
	if plan, again := step(); plan != nil {
		t.Fatalf("an unchanged book replaced the resting order: %+v", again)
	}
	srv.AddLiquidity(yes, clob.Buy, "0.50", "50")
	plan, next := step()
	if next == nil || next.Price != "0.5100" || len(plan.Cancels) != 1 || !strings.EqualFold(plan.Cancels[0].ID, first.ID) {
		t.Fatalf("after the book moved: plan %+v terms %+v", plan, next)
	}
	isOpen := func(id string) bool {
		open, err := c.OpenOrders(ctx, "", "", "11")
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range open {
			if strings.EqualFold(o.ID, id) {
				return true
			}
		}
		return false
	}
	if !isOpen(first.ID) {
		t.Fatal("planning cancelled the resting order: only carrying the plan out may")
	}
	if err := s.Cancel(ctx, []string{plan.Cancels[0].ID}); err != nil {
		t.Fatal(err)
	}
	post(plan, next)
	if isOpen(first.ID) || !isOpen(next.ID) {
		t.Fatalf("after the replace: stale order open %v, new order open %v", isOpen(first.ID), isOpen(next.ID))
	}
	// A cancel whose reply is lost after the CLOB did it: the retry finds
	// the order already cancelled, which is what was asked, not a failure.
	srv.Fail("DELETE /orders", clobtest.Fault{Status: 500, AfterAccept: true})
	if err := s.Cancel(ctx, []string{next.ID}); err != nil || isOpen(next.ID) {
		t.Fatalf("a cancel whose first reply was lost: %v (still open: %v)", err, isOpen(next.ID))
	}
}

// agentClient is signer's CLOB client as the strategy gets it: API
// credentials derived once with the key (L1), then a client that signs
// nothing itself (the runtime's wallet signs what the policy allowed).
func agentClient(t *testing.T, srv *clobtest.Server, signer *wallet.Signer) *clob.Client {
	t.Helper()
	l1, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := l1.CreateOrDeriveAPIKey(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: clob.Polygon, Signer: addressOnly(signer.Address()), Creds: &creds})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
