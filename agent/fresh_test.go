package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// answerNext answers the next approval request with what do returns after
// do ran, and hands the request back.
func answerNext(t *testing.T, rt *Runtime, do func(ApprovalRequest) error) <-chan ApprovalRequest {
	sub := rt.Bus().Subscribe(64)
	got := make(chan ApprovalRequest, 1)
	go func() {
		defer sub.Close()
		for e := range sub.C {
			if req, ok := e.(ApprovalRequested); ok {
				if err := do(req.Request); err != nil {
					t.Error(err)
				}
				got <- req.Request
				return
			}
		}
	}()
	return got
}

// An approved plan older than the agent's approval TTL is refused with the
// reason and nothing is signed; before, it was sent as simulated at plan
// time, however old.
func TestApprovalOlderThanTTLIsRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// A TTL of 1ns: any approval comes after it, whatever the clock does.
	rt := h.runtime(Spec{Mode: ModeAsk, ApprovalTimeout: time.Minute, ApprovalTTL: time.Nanosecond, Strategy: &scripted{h: h, decision: buy}})
	defer rt.AttachApprover()()
	got := answerNext(t, rt, func(req ApprovalRequest) error { return rt.Approve(req.ID) })
	tickOnce(t, rt, "tester")
	req := <-got
	if req.TTL != time.Nanosecond || req.PlannedAt.IsZero() || req.PlannedAt.After(req.Created) {
		t.Fatalf("request planned at %v (created %v), TTL %v", req.PlannedAt, req.Created, req.TTL)
	}
	recs := records(t, h, "tester")
	if len(recs) != 1 || recs[0].Approval != store.ApprovalApproved || recs[0].Outcome != store.OutcomeSkipped ||
		!strings.HasPrefix(recs[0].Error, "stale: ") || !strings.Contains(recs[0].Error, "approval TTL of 1ns") {
		t.Fatalf("records = %+v, want one approved, skipped as stale", recs)
	}
	if len(h.signed) != 0 {
		t.Fatalf("%d transactions signed for a stale plan", len(h.signed))
	}
}

// The pool moves between the plan and its approval: simulated again at
// approval, the swap would now revert below its minimum, so the plan is
// refused with the policy's reason; the request showed the plan's age,
// expected result and legs in human units. A second plan on the new
// prices, approved at once, goes through.
func TestApprovalSimulatesAgainAndRefusesAMovedPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, ApprovalTimeout: time.Minute, ApprovalTTL: time.Hour, Strategy: &scripted{h: h, decision: buy}})
	defer rt.AttachApprover()()

	key, _ := crypto.GenerateKey()
	mover := wallet.NewSigner(key)
	if err := h.net.Fund(ctx, mover.Address(), units(1, 18), map[string]*big.Int{"USDC": units(100_000, 6)}); err != nil {
		t.Fatal(err)
	}
	tr := h.client.Transactor(mover.Address(), mover.SignerFn(big.NewInt(devnet.ChainID)))
	got := answerNext(t, rt, func(req ApprovalRequest) error {
		// Someone buys WETH with 60,000 USDC while the person reads.
		usdc, router := h.usdc.Address, h.router
		if _, err := tr.Send(ctx, wallet.Intent{To: &usdc, Data: tokenABIb.PackApprove(router, units(60_000, 6))}); err != nil {
			return err
		}
		data := routerABIb.PackSwapExactTokensForTokens(units(60_000, 6), big.NewInt(0),
			[]common.Address{h.usdc.Address, h.weth.Address}, mover.Address(), big.NewInt(1<<40))
		if _, err := tr.Send(ctx, wallet.Intent{To: &router, Data: data}); err != nil {
			return err
		}
		return rt.Approve(req.ID)
	})
	tickOnce(t, rt, "tester")
	req := <-got
	if req.TTL != time.Hour || req.PlannedAt.IsZero() || !strings.HasSuffix(req.Expected, " USDC before gas") ||
		len(req.Legs) != 1 || !strings.HasPrefix(req.Legs[0], "dex-a: 100 USDC -> >= 0.0") || !strings.Contains(req.Legs[0], " WETH by ") {
		t.Fatalf("request: planned %v, TTL %v, expected %q, legs %q", req.PlannedAt, req.TTL, req.Expected, req.Legs)
	}
	recs := records(t, h, "tester")
	if len(recs) != 1 || recs[0].Approval != store.ApprovalApproved || recs[0].Outcome != store.OutcomeSkipped ||
		!strings.Contains(recs[0].Error, "stale: simulated again at approval, the plan no longer passes the policy") ||
		!strings.Contains(recs[0].Error, "fails in simulation") {
		t.Fatalf("records = %+v, want the moved plan refused", recs)
	}
	if len(h.signed) != 0 {
		t.Fatalf("%d transactions signed for a plan that no longer passes", len(h.signed))
	}

	answerNext(t, rt, func(req ApprovalRequest) error { return rt.Approve(req.ID) })
	tickOnce(t, rt, "tester")
	if recs = records(t, h, "tester"); len(recs) != 3 || recs[2].Outcome != store.OutcomeConfirmed {
		t.Fatalf("the next plan: %+v", recs[len(recs)-1])
	}
}

// Switching an agent from ask to auto releases its pending approval: the
// tick ends at once, denied with the reason, instead of blocking the agent
// until the approval times out.
func TestModeSwitchReleasesPendingApproval(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, ApprovalTimeout: 5 * time.Second, Strategy: &scripted{h: h, decision: buy}})
	defer rt.AttachApprover()()
	answerNext(t, rt, func(ApprovalRequest) error { return rt.SetMode("tester", ModeAuto) })
	tickOnce(t, rt, "tester")
	recs := records(t, h, "tester")
	if len(recs) != 1 || recs[0].Approval != store.ApprovalDenied || recs[0].Error != "mode switched to auto" {
		t.Fatalf("records = %+v", recs)
	}
	if n := len(rt.Approvals()); n != 0 {
		t.Fatalf("%d approvals still pending", n)
	}
}
