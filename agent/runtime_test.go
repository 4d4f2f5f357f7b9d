package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

var buy = strategies.Decision{Action: "buy", Confidence: 0.9, Rationale: "test"}

func tickOnce(t *testing.T, rt *Runtime, name string) {
	t.Helper()
	st, err := rt.agent(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.tick(context.Background(), st); err != nil {
		t.Fatalf("tick: %v", err)
	}
}

func records(t *testing.T, h *harness, agent string) []store.Record {
	t.Helper()
	recs, err := h.db.Records(context.Background(), agent, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestAutoModeTradesAndRecordsBeforeAndAfter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy}})
	before := h.nonce()
	tickOnce(t, rt, "tester")
	recs := records(t, h, "tester")
	if len(recs) != 2 {
		t.Fatalf("%d records, want a pending decision and its completion", len(recs))
	}
	d, c := recs[0], recs[1]
	if d.Kind != store.KindDecision || d.Outcome != store.OutcomePending || d.Verdict != store.VerdictAllowed || d.Approval != store.ApprovalAuto {
		t.Fatalf("decision = %s/%s/%s/%s", d.Kind, d.Outcome, d.Verdict, d.Approval)
	}
	if d.Intent == "" || d.TxHash == (common.Hash{}) {
		t.Fatal("decision was recorded without its intent key and tx hash")
	}
	if c.Kind != store.KindCompletion || c.Completes != d.Seq || c.Outcome != store.OutcomeConfirmed || c.Error != "" {
		t.Fatalf("completion = %+v", c)
	}
	if got := h.nonce(); got != before+2 {
		t.Fatalf("nonce %d, want %d (approve + swap)", got, before+2)
	}
	trades, _ := h.db.Trades(context.Background(), "tester")
	if len(trades) != 1 || trades[0].AmountIn.Cmp(units(100, 6)) != 0 || trades[0].TokenOut != h.weth.Address || trades[0].AmountOut.Sign() <= 0 {
		t.Fatalf("trades = %+v", trades)
	}
	if res, err := h.db.Verify(context.Background(), "tester"); err != nil || !res.OK() {
		t.Fatalf("verify: %v %v", res, err)
	}
}

// Every adversarial edit of an honest plan is denied and nothing is signed.
func TestPolicyDeniesAndSignsNothing(t *testing.T) {
	t.Parallel()
	attacker := common.HexToAddress("0x00000000000000000000000000000000deadbeef")
	h := newHarness(t)
	type denial struct {
		mutate func(p *strategies.Plan)
		want   string // a reason must contain this
	}
	cases := map[string]denial{
		"recipient is not the agent": {func(p *strategies.Plan) {
			p.Calls[1].Data = swapData(h, units(100, 6), big.NewInt(1), attacker)
		}, "not the agent's wallet"},
		"unlimited approval": {func(p *strategies.Plan) {
			p.Calls[0].Data = tokenABIb.PackApprove(h.router, new(big.Int).Lsh(big.NewInt(1), 255))
		}, "not spent exactly"},
		"approval for another spender": {func(p *strategies.Plan) {
			p.Calls[0].Data = tokenABIb.PackApprove(attacker, units(100, 6))
		}, "not an allowed contract"},
		"token transfer out": {func(p *strategies.Plan) {
			p.Calls = append(p.Calls, strategies.Call{To: h.usdc.Address, Data: tokenABIb.PackTransfer(attacker, units(1, 6)), Method: "transfer"})
		}, "method transfer is not allowed"},
		"above per-trade cap": {func(p *strategies.Plan) {
			amt := units(5_000, 6)
			p.Calls[0].Data = tokenABIb.PackApprove(h.router, amt)
			p.Calls[1].Data = swapData(h, amt, big.NewInt(1), h.signer.Address())
		}, "above the per-trade cap"},
		"slippage too loose": {func(p *strategies.Plan) {
			p.Calls[1].Data = swapData(h, units(100, 6), big.NewInt(1), h.signer.Address())
		}, "slippage"},
		"router not allowed": {func(p *strategies.Plan) {
			other := h.net.Manifest().DEXes[1].Router
			p.Calls[0].Data = tokenABIb.PackApprove(other, units(100, 6))
			p.Calls[1].To = other
		}, "swap on"},
		"ETH value attached": {func(p *strategies.Plan) { p.Calls[1].Value = big.NewInt(1) }, "ETH value"},
		"unknown selector":   {func(p *strategies.Plan) { p.Calls[1].Data = []byte{0xde, 0xad, 0xbe, 0xef} }, "unknown method selector"},
		"no calldata":        {func(p *strategies.Plan) { p.Calls[0].Data = nil }, "no method selector"},
	}
	for name, c := range cases {
		agent := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
		if len(agent) > 32 {
			agent = agent[:32]
		}
		rt := h.runtime(Spec{Name: agent, Strategy: &scripted{h: h, decision: buy, mutate: c.mutate}})
		before := h.nonce()
		signed := len(h.signed)
		tickOnce(t, rt, agent)
		recs := records(t, h, agent)
		if len(recs) != 1 || recs[0].Verdict != store.VerdictDenied || recs[0].Outcome != store.OutcomeSkipped || len(recs[0].Reasons) == 0 {
			t.Errorf("%s: records %+v, want one denied decision with reasons", name, recs)
			continue
		}
		if !strings.Contains(strings.Join(recs[0].Reasons, "; "), c.want) {
			t.Errorf("%s: reasons %q do not say %q", name, recs[0].Reasons, c.want)
		}
		if h.nonce() != before || len(h.signed) != signed {
			t.Errorf("%s: a transaction was signed or sent", name)
		}
	}
}

func swapData(h *harness, amt, minOut *big.Int, to common.Address) []byte {
	return routerABIb.PackSwapExactTokensForTokens(amt, minOut, []common.Address{h.usdc.Address, h.weth.Address}, to, big.NewInt(1<<40))
}

func TestPaperModeSimulatesAndSendsNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModePaper, Strategy: &scripted{h: h, decision: buy}})
	before := h.nonce()
	tickOnce(t, rt, "tester")
	tickOnce(t, rt, "tester")
	if h.nonce() != before || len(h.signed) != 0 {
		t.Fatal("paper mode signed or sent a transaction")
	}
	recs := records(t, h, "tester")
	for _, r := range recs {
		if r.Outcome != store.OutcomePaper || r.Approval != store.ApprovalPaper {
			t.Fatalf("record %d: outcome %s approval %s, want paper", r.Seq, r.Outcome, r.Approval)
		}
	}
	pos, _ := h.db.Positions(context.Background(), "tester", true)
	if len(pos) != 2 {
		t.Fatalf("paper positions = %+v, want USDC and WETH", pos)
	}
}

func TestAskModeHeadlessFailsClosed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, Strategy: &scripted{h: h, decision: buy}})
	tickOnce(t, rt, "tester")
	recs := records(t, h, "tester")
	if len(recs) != 1 || recs[0].Approval != store.ApprovalDenied || !strings.Contains(recs[0].Error, "no approver") {
		t.Fatalf("records = %+v", recs)
	}
	if len(h.signed) != 0 {
		t.Fatal("signed without approval")
	}
}

func TestAskModeApproveAndDeny(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, ApprovalTimeout: 10 * time.Second, Strategy: &scripted{h: h, decision: buy}})
	detach := rt.AttachApprover()
	defer detach()
	sub := rt.Bus().Subscribe(64)
	defer sub.Close()
	for _, approve := range []bool{true, false} {
		go func() {
			for e := range sub.C {
				if req, ok := e.(ApprovalRequested); ok {
					if len(req.Request.Calls) != 2 || len(req.Request.Simulated) != 2 || req.Request.Trades[0].AmountIn.Cmp(units(100, 6)) != 0 {
						t.Errorf("request lacks decoded calls or simulation: %+v", req.Request)
					}
					if approve {
						rt.Approve(req.Request.ID)
					} else {
						rt.Deny(req.Request.ID)
					}
					return
				}
			}
		}()
		tickOnce(t, rt, "tester")
	}
	recs := records(t, h, "tester")
	if len(recs) != 3 {
		t.Fatalf("%d records, want approved decision, completion, denied decision", len(recs))
	}
	if recs[0].Approval != store.ApprovalApproved || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("approved path: %+v / %+v", recs[0], recs[1])
	}
	if recs[2].Approval != store.ApprovalDenied || recs[2].Outcome != store.OutcomeSkipped {
		t.Fatalf("denied path: %+v", recs[2])
	}
	if len(h.signed) != 2 {
		t.Fatalf("%d transactions signed, want the approved plan's 2", len(h.signed))
	}
}

func TestHoldIsRecordedWithoutAction(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: strategies.Decision{Action: "hold"}}})
	tickOnce(t, rt, "tester")
	recs := records(t, h, "tester")
	if len(recs) != 1 || recs[0].Outcome != store.OutcomeSkipped || recs[0].Verdict != store.VerdictNone {
		t.Fatalf("records = %+v", recs)
	}
}

func TestRunLoopTradesUntilCancelled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy, amount: units(10, 6)}})
	sub := rt.Bus().Subscribe(1024)
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	rt.Run(ctx)
	confirmed := 0
	timeout := time.After(30 * time.Second)
	for confirmed < 3 {
		select {
		case e := <-sub.C:
			if r, ok := e.(DecisionRecorded); ok && r.Outcome == store.OutcomeConfirmed {
				confirmed++
			}
		case <-timeout:
			t.Fatalf("only %d confirmed trades in 30s", confirmed)
		}
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	if !rt.Shutdown(10 * time.Second) {
		t.Fatal("drain did not finish")
	}
	if res, err := h.db.Verify(context.Background(), "tester"); err != nil || !res.OK() {
		t.Fatalf("verify: %v %v", res, err)
	}
}
