package agent

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/store"
)

const externalConfig = `
chain:
  rpc: devnet
anchoring:
  enabled: false
identity:
  mode: "off"
agents:
  - name: outside
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: &policy
      allowed_tokens: [WETH, USDC, DAI]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "500", WETH: "0.2"}
      max_daily: {USDC: "700", WETH: "1"}
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
  - name: papered
    strategy: dex.momentum
    model: rules
    mode: paper
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: *policy
`

// An outside agent's proposals take the runtime's path on the devnet: the
// daily cap counts what earlier proposals spent, paper mode books a paper
// trade and sends nothing, a plan that could not be built is a recorded
// failure, and a bad client name records nothing.
func TestExternalProposalsOnTheRuntimePath(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, externalConfig, nil)
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx := context.Background()
	x := h.External()
	swap := SwapArgs{Venue: "dex-a", TokenIn: "USDC", TokenOut: "WETH", AmountIn: "400"}

	first, err := x.Swap(ctx, "outside", "bot", swap)
	if err != nil {
		t.Fatal(err)
	}
	if first.Outcome != store.OutcomeConfirmed || first.Approval != store.ApprovalAuto {
		t.Fatalf("first swap: %+v", first)
	}
	second, err := x.Swap(ctx, "outside", "bot", swap)
	if err != nil {
		t.Fatal(err)
	}
	if second.Verdict != store.VerdictDenied || !strings.Contains(strings.Join(second.Reasons, "; "), "daily spend of USDC would be 800 USDC, above the cap 700 USDC") {
		t.Fatalf("second swap over the daily cap: %+v", second)
	}

	// Neither side is the quote token: WETH is priced on its USDC pool,
	// so the policy can value it (it denies what it cannot value).
	cross, err := x.Swap(ctx, "outside", "bot", SwapArgs{Venue: "dex-a", TokenIn: "WETH", TokenOut: "DAI", AmountIn: "0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if cross.Outcome != store.OutcomeConfirmed {
		t.Fatalf("WETH -> DAI: %+v", cross)
	}

	// A paused agent sends nothing new for an outside agent either: the
	// kill switch and a person's pause hold for every proposer.
	if err := h.Runtime.Pause("outside", "paused by a person"); err != nil {
		t.Fatal(err)
	}
	held, err := x.Swap(ctx, "outside", "bot", SwapArgs{Venue: "dex-a", TokenIn: "WETH", TokenOut: "DAI", AmountIn: "0.1"})
	if err != nil || held.Verdict != store.VerdictDenied || held.TxHash != "" ||
		!strings.Contains(strings.Join(held.Reasons, "; "), "agent outside is paused (paused by a person)") {
		t.Fatalf("a swap while paused: %+v (%v)", held, err)
	}
	if err := h.Runtime.Resume("outside"); err != nil {
		t.Fatal(err)
	}

	before, err := x.Balances(ctx, "papered")
	if err != nil {
		t.Fatal(err)
	}
	paper, err := x.Swap(ctx, "papered", "bot", swap)
	if err != nil {
		t.Fatal(err)
	}
	if paper.Outcome != store.OutcomePaper || paper.TxHash != "" {
		t.Fatalf("paper swap: %+v", paper)
	}
	after, err := x.Balances(ctx, "papered")
	if err != nil {
		t.Fatal(err)
	}
	if before.Balances[1] != after.Balances[1] {
		t.Fatalf("paper mode moved tokens: %+v -> %+v", before.Balances, after.Balances)
	}
	trades, err := h.DB.Trades(ctx, "papered")
	if err != nil || len(trades) != 1 || !trades[0].Paper || trades[0].Seq != paper.Seq {
		t.Fatalf("paper trades %+v %v", trades, err)
	}

	failed, err := h.Runtime.Propose(ctx, "outside", Proposal{Client: "bot", Action: "propose_swap", Args: []byte(`{}`),
		PlanErr: errors.New("pool is empty")})
	if err != nil {
		t.Fatal(err)
	}
	if failed.Outcome != store.OutcomeFailed || failed.Error != "plan: pool is empty" {
		t.Fatalf("plan error: %+v", failed)
	}
	head, _ := h.DB.Head(ctx, "outside")
	if _, err := h.Runtime.Propose(ctx, "outside", Proposal{Client: "Not A Name", Action: "propose_swap"}); err == nil {
		t.Fatal("bad client name accepted")
	}
	if now, _ := h.DB.Head(ctx, "outside"); now.Seq != head.Seq {
		t.Fatalf("a refused proposal was recorded: head %d -> %d", head.Seq, now.Seq)
	}
	for _, seq := range []uint64{first.Seq, second.Seq, failed.Seq} {
		rec, err := h.DB.Record(ctx, "outside", seq)
		if err != nil || rec.Model != "mcp:bot" || rec.Kind != store.KindDecision {
			t.Fatalf("seq %d: %+v %v", seq, rec, err)
		}
	}
	for _, name := range []string{"outside", "papered"} {
		if res, err := h.DB.Verify(ctx, name); err != nil || !res.OK() {
			t.Fatalf("verify %s: %v %v", name, res, err)
		}
	}
}

// In ask mode nobody answering within the agent's approval timeout is a
// recorded timeout: the proposal is not sent, and the call returns.
func TestExternalAskTimesOut(t *testing.T) {
	t.Parallel()
	yaml := strings.Replace(strings.Replace(externalConfig, "mode: auto", "mode: ask\n    approval_timeout: 1s", 1),
		"mode: paper", "mode: auto", 1)
	cfg := loadConfig(t, yaml, nil)
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	defer h.Runtime.AttachApprover()()
	ctx := context.Background()
	res, err := h.External().Swap(ctx, "outside", "bot", SwapArgs{Venue: "dex-a", TokenIn: "USDC", TokenOut: "WETH", AmountIn: "10"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != store.VerdictAllowed || res.Approval != store.ApprovalTimeout || res.Outcome != store.OutcomeSkipped || res.TxHash != "" {
		t.Fatalf("unanswered ask: %+v", res)
	}
	if len(h.Runtime.Approvals()) != 0 {
		t.Fatal("the timed-out request is still pending")
	}
	rec, err := h.DB.Record(ctx, "outside", res.Seq)
	if err != nil || rec.Approval != store.ApprovalTimeout || rec.Model != "mcp:bot" {
		t.Fatalf("record %+v %v", rec, err)
	}
}
