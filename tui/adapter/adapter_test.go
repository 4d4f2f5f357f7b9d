package adapter

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/tui"
)

func TestConvert(t *testing.T) {
	t.Parallel()
	usdc := [20]byte{0x5f, 0xbd}
	router := [20]byte{0xe7, 0xf1}
	r := &Runtime{labels: map[string]string{}, tokens: map[string]strategies.Token{}}
	usdcTok := strategies.Token{Address: usdc, Symbol: "USDC", Decimals: 6}
	wethTok := strategies.Token{Symbol: "WETH", Decimals: 18}
	r.labels[strings.ToLower(usdcTok.Address.Hex())] = "USDC"
	r.labels[strings.ToLower(strategies.Token{Address: router}.Address.Hex())] = "dex-a router"
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	base := agent.Base{Agent: "a1", At: at}
	hash := [32]byte{0xab, 0xcd}
	req := agent.ApprovalRequest{ID: "id7", Agent: "a1", Summary: "swap 100 USDC",
		Calls: []strategies.Call{{To: usdc, Method: "approve", Args: []strategies.Arg{{Name: "amount", Value: "100 USDC (100000000)"}}},
			{To: router, Method: "swapExactTokensForTokens", Value: big.NewInt(1500000000000000000)}},
		Trades: []strategies.Trade{{Venue: "dex-a", TokenIn: usdcTok, TokenOut: wethTok, AmountIn: big.NewInt(100_000_000),
			MinOut: big.NewInt(33_100_000_000_000_000), QuotedOut: big.NewInt(33_260_000_000_000_000)}},
		Simulated: []string{"approve: ok"}, Policy: []string{"ok"}, FeeCap: "2"}
	cases := []struct {
		in    agent.Event
		show  bool
		check func(tui.Event) bool
	}{
		{agent.AgentStarted{Base: base, Strategy: "dex.momentum", Model: "rules", Mode: "ask", Wallet: usdc}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventStarted && e.Mode == tui.ModeAsk && strings.EqualFold(e.Wallet[:6], "0x5fbd") && strings.Contains(e.Text, "with rules")
			}},
		{agent.AgentPaused{Base: base, Reason: "drawdown"}, true, func(e tui.Event) bool { return e.Kind == tui.EventPaused && e.Reason == "drawdown" }},
		{agent.Observed{Base: base, Block: 9, Summary: "dex-a WETH/USDC pool at block 9.\nMid price: 3012.250000 USDC per WETH."}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventObserved && e.Price == 3012.25 && e.Block == 9 && e.Pair == "WETH/USDC"
			}},
		{agent.Observed{Base: base, Summary: "WETH/USDC at block 3.\ndex-a mid price: 2990.5 USDC per WETH.\ndex-b mid price: 3001 USDC"}, true,
			func(e tui.Event) bool { return e.Price == 2990.5 }},
		{agent.Observed{Base: base, Summary: "no price here"}, true, func(e tui.Event) bool { return e.Price == 0 }},
		{agent.ModelDelta{Base: base, Text: "tok"}, false, nil},
		{agent.Decided{Base: base, Action: "buy", Rationale: "up", Model: "rules", Confidence: 0.5}, true,
			func(e tui.Event) bool { return e.Decision.Action == "buy" && e.Decision.Rationale == "up" }},
		{agent.PolicyDenied{Base: base, Plan: "swap", Reasons: []string{"cap"}}, true,
			func(e tui.Event) bool { return e.Kind == tui.EventPolicyDenied && e.Decision.Reasons[0] == "cap" }},
		{agent.ApprovalRequested{Base: base, Request: req}, true, func(e tui.Event) bool {
			a := e.Approval
			return a.ID == "id7" && strings.HasPrefix(a.Calls[0].Contract, "USDC 0x") &&
				strings.HasPrefix(a.Calls[1].Contract, "dex-a router 0x") && a.Calls[1].Value == "1.5" &&
				a.Trades[0] == "dex-a: 100 USDC -> >= 0.0331 WETH (quoted 0.03326 WETH)"
		}},
		{agent.ApprovalResolved{Base: base, ID: "id7", Approval: store.ApprovalDenied}, true,
			func(e tui.Event) bool { return e.Approval.ID == "id7" && e.Resolution == "denied" }},
		{agent.DecisionRecorded{Base: base, Seq: 4, Kind: store.KindDecision, Verdict: store.VerdictAllowed, Outcome: store.OutcomePending, TxHash: hash}, true,
			func(e tui.Event) bool {
				return !e.Completion && e.Decision.Seq == 4 && strings.HasPrefix(e.Decision.TxHash, "0xabcd") && strings.Contains(e.Text, "tx 0xabcd")
			}},
		{agent.DecisionRecorded{Base: base, Seq: 5, Kind: store.KindCompletion, Outcome: store.OutcomeConfirmed}, true,
			func(e tui.Event) bool {
				return e.Completion && e.Decision.TxHash == "" && e.Decision.Outcome == "confirmed"
			}},
		{agent.TxConfirmed{Base: base, Hash: hash, Block: 12, Reverted: true}, true,
			func(e tui.Event) bool { return e.Reverted && e.Block == 12 && strings.Contains(e.Text, "REVERTED") }},
		{agent.EquityUpdated{Base: base, Quote: "USDC", Equity: "34691.17", PnL: "-1.5"}, true,
			func(e tui.Event) bool { return e.EquityValue == 34691.17 && e.PnL == "-1.5" }},
		{agent.Errored{Base: base, Err: "rpc down"}, true, func(e tui.Event) bool { return e.Kind == tui.EventError && e.Err == "rpc down" }},
		{agent.AgentStopped{Base: base}, true, func(e tui.Event) bool { return e.Kind == tui.EventStopped }},
		{agent.AnchorConfirmed{Base: base, FirstSeq: 1, LastSeq: 10, TxHash: hash, Block: 77, Lag: 2}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventAnchored && e.Anchored == 10 && e.Lag == 2 && e.Block == 77
			}},
		{agent.AnchorFailed{Base: base, Reason: "nonce too low", Lag: 12, Retry: time.Second}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventAnchorFailed && e.Reason == "nonce too low" && e.Lag == 12
			}},
		{agent.AnchorSent{Base: base, FirstSeq: 1, LastSeq: 10, TxHash: hash, Resent: true}, true,
			func(e tui.Event) bool { return e.Kind == tui.EventAnchorSent && strings.Contains(e.Text, "sent again") }},
		{agent.IdentityRegistered{Base: base, AgentID: big.NewInt(3), Registry: "eip155:1337:0xabc", Created: true}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventIdentity && e.Identity == "agentId 3 in eip155:1337:0xabc" && strings.Contains(e.Text, "registered now")
			}},
		{agent.OrderPosted{Base: base, ID: "0x0f27304293c5c10ee62e500c1dcb5f407602a243bc9d6f065446a6d7d0820ac3", Status: "MATCHED",
			Order: "order SELL 5.28 of token 7001 of pm-market at 0.7300 for 3.85 pUSD"}, true,
			func(e tui.Event) bool {
				return e.Kind == tui.EventOrderPosted && e.Kind.String() == "order-posted" &&
					e.Text == "order 0x0f273042…0ac3 posted (matched): SELL 5.28 of token 7001 of pm-market at 0.7300 for 3.85 pUSD"
			}},
		{futureEvent{Base: base, Seq: 9, Hash: hash, Amount: big.NewInt(12), Note: "new"}, true, func(e tui.Event) bool {
			return e.Kind == tui.EventOther && strings.HasPrefix(e.Text, "futureEvent Seq=9 Hash=0xabcd") &&
				strings.HasSuffix(e.Text, "Amount=12 Nil=- Note=new")
		}},
	}
	for _, c := range cases {
		ev, show := r.Convert(c.in)
		if show != c.show {
			t.Errorf("%T: show = %v", c.in, show)
			continue
		}
		if !show {
			continue
		}
		if ev.Agent != "a1" || !ev.At.Equal(at) || ev.Text == "" || !c.check(ev) {
			t.Errorf("%T converted to %+v", c.in, ev)
		}
	}
}

// futureEvent stands for a runtime event the adapter has no case for yet.
type futureEvent struct {
	agent.Base
	Seq    uint64
	Hash   [32]byte
	Amount *big.Int
	Nil    *big.Int
	Note   string
}

// TestAskAgentOnTheDevnet boots a devnet with an `ask` arbitrage agent and
// goes through what the TUI does: the plan waits with decoded amounts, a
// person approves it, the trade is sent and confirmed, and the history,
// pools, accounts and chain read back.
func TestAskAgentOnTheDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a devnet")
	}
	t.Parallel()
	cfg, err := configs.Load(configs.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }, Data: []byte(askConfig)})
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true, NoiseTraders: 0})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a := New(Options{Host: h, Home: home})
	defer a.Close()
	detach := h.Runtime.AttachApprover()
	defer detach()
	runCtx, stop := context.WithCancel(context.Background())
	h.Runtime.Run(runCtx)
	defer func() {
		stop()
		go func() { // keep reading so terminal events never block the drain
			for {
				if _, ok := a.Next(context.Background()); !ok {
					return
				}
			}
		}()
		h.Runtime.Shutdown(10 * time.Second)
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	wait := func(what string, ok func(tui.Event) bool) tui.Event {
		t.Helper()
		for {
			e, more := a.Next(ctx)
			if !more {
				t.Fatalf("no %s before the deadline", what)
			}
			if ok(e) {
				return e
			}
		}
	}
	req := wait("approval request", func(e tui.Event) bool { return e.Kind == tui.EventApprovalRequested })
	ap := req.Approval
	if len(ap.Calls) == 0 || !strings.Contains(ap.Calls[0].Contract, "0x") || len(ap.Trades) == 0 ||
		!strings.Contains(ap.Trades[0], "USDC") || len(ap.Simulated) != len(ap.Calls) || len(ap.Policy) == 0 {
		t.Fatalf("approval not decoded: %+v", ap)
	}
	if got := a.Approvals(); len(got) != 1 || got[0].ID != ap.ID {
		t.Fatalf("Approvals() = %+v", got)
	}
	if err := a.Approve(ap.ID); err != nil {
		t.Fatal(err)
	}
	done := wait("completion", func(e tui.Event) bool { return e.Kind == tui.EventRecorded && e.Completion })
	if done.Decision.Outcome != "confirmed" || !strings.HasPrefix(done.Decision.TxHash, "0x") {
		t.Fatalf("approved trade ended %+v", done.Decision)
	}

	hist, err := a.History(ctx, "asker", 50)
	if err != nil || len(hist) == 0 {
		t.Fatalf("history %v, %v", hist, err)
	}
	last := hist[len(hist)-1]
	if last.Approval != "approved" || last.Outcome != "confirmed" || last.TxHash != done.Decision.TxHash || last.Action == "" {
		t.Fatalf("history's last decision %+v", last)
	}
	pools, err := a.Pools(ctx)
	if err != nil || len(pools) < 2 {
		t.Fatalf("pools %+v, %v", pools, err)
	}
	venues := map[string]bool{}
	for _, p := range pools {
		if p.PriceValue <= 0 || p.ReserveBase == "" || p.ReserveQuote == "" || p.Base == "" || p.Quote == "" || p.Block == 0 {
			t.Fatalf("pool %+v", p)
		}
		if p.Base == "WETH" && p.Quote == "USDC" {
			venues[p.Venue] = true
		}
	}
	if !venues["dex-a"] || !venues["dex-b"] {
		t.Fatalf("WETH/USDC pools on %v, want dex-a and dex-b: %+v", venues, pools)
	}
	accts, err := a.Accounts(ctx)
	if err != nil || len(accts) != 1 || accts[0].Agent != "asker" || len(accts[0].Balances) < 3 {
		t.Fatalf("accounts %+v, %v", accts, err)
	}
	c, err := a.Chain(ctx)
	if err != nil || c.ID != 1337 || !c.Devnet || c.Block == 0 || !c.Anchoring {
		t.Fatalf("chain %+v, %v", c, err)
	}
	if err := h.Trust.WaitIdentities(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := a.Details(ctx, "asker")
	if err != nil || d.Trades == 0 || len(d.Positions) == 0 || !strings.HasPrefix(d.Identity, "agentId ") {
		t.Fatalf("details %+v, %v", d, err)
	}
	if err := a.SetMode("asker", "sideways"); err == nil {
		t.Fatal("an unknown mode was accepted")
	}
	if err := a.Deny("nope"); err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("denying an unknown id: %v", err)
	}
}

// askConfig is one arbitrage agent that asks before each trade; dex-b
// starts off dex-a's price, so it has a trade to propose at once.
const askConfig = `
agents:
  - name: asker
    strategy: dex.arbitrage
    params:
      dexes: [dex-a, dex-b]
      base: WETH
      quote: USDC
      max_trade: "1000"
      min_profit: "1"
      slippage_bps: 50
      gas_units: 400000
    model: rules
    mode: ask
    interval: 500ms
    approval_timeout: 1m
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, dex-b]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      max_trade_quote: "2000"
      max_daily: {USDC: "100000", WETH: "40"}
      max_daily_quote: "100000"
      quote_token: USDC
      max_slippage_bps: 50
      max_gas_price_gwei: "100"
      max_trades_per_hour: 120
      drawdown_kill_pct: 20
`
