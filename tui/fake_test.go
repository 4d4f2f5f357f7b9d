package tui

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden screens show times
	os.Exit(m.Run())
}

// fakeRuntime stands in for the agent runtime: it records every call and
// serves what the test put in.
type fakeRuntime struct {
	mu        sync.Mutex
	agents    []Agent
	approvals []Approval
	hist      map[string][]Decision
	details   map[string]Details
	chain     Chain
	models    []ModelStatus
	accounts  []Account
	pools     []Pool
	markets   []PredictionMarket
	calls     []string
	failWith  error
	events    chan Event
}

func newFake() *fakeRuntime {
	return &fakeRuntime{hist: map[string][]Decision{}, details: map[string]Details{}, events: make(chan Event, 16)}
}

func (f *fakeRuntime) call(format string, args ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	return f.failWith
}

func (f *fakeRuntime) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeRuntime) Pause(a, reason string) error { return f.call("pause %s: %s", a, reason) }
func (f *fakeRuntime) Resume(a string) error        { return f.call("resume %s", a) }
func (f *fakeRuntime) SetMode(a string, m Mode) error {
	return f.call("mode %s %s", a, m)
}
func (f *fakeRuntime) Approve(id string) error { return f.call("approve %s", id) }
func (f *fakeRuntime) Deny(id string) error    { return f.call("deny %s", id) }

func (f *fakeRuntime) Agents() []Agent                      { return slices.Clone(f.agents) }
func (f *fakeRuntime) Approvals() []Approval                { return slices.Clone(f.approvals) }
func (f *fakeRuntime) Models(context.Context) []ModelStatus { return f.models }
func (f *fakeRuntime) Chain(context.Context) (Chain, error) { return f.chain, nil }
func (f *fakeRuntime) History(_ context.Context, a string, limit int) ([]Decision, error) {
	h := f.hist[a]
	return h[max(len(h)-limit, 0):], nil
}
func (f *fakeRuntime) Details(_ context.Context, a string) (Details, error) { return f.details[a], nil }
func (f *fakeRuntime) Accounts(context.Context) ([]Account, error)          { return f.accounts, nil }
func (f *fakeRuntime) Pools(context.Context) ([]Pool, error)                { return f.pools, nil }
func (f *fakeRuntime) PredictionMarkets(context.Context) ([]PredictionMarket, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "markets")
	return slices.Clone(f.markets), f.failWith
}

func (f *fakeRuntime) Next(ctx context.Context) (Event, bool) {
	select {
	case e, ok := <-f.events:
		return e, ok
	case <-ctx.Done():
		return Event{}, false
	}
}

// t0 is the scene's clock.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// newModel returns a model on rt sized w×h with a fixed clock.
func newModel(t testing.TB, rt Runtime, w, h int) *Model {
	t.Helper()
	m := New(context.Background(), Options{Runtime: rt, Now: t0, Chain: Chain{ID: 1337, Devnet: true}})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// send feeds messages to the model and returns the last command.
func send(m *Model, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = m.Update(msg)
	}
	return cmd
}

// press turns key names into key press messages.
func press(keys ...string) []tea.Msg {
	out := make([]tea.Msg, len(keys))
	for i, k := range keys {
		out[i] = keyMsg(k)
	}
	return out
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("keyMsg: unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// scene fills a fake runtime and feeds events that make every screen
// show something: three agents, decisions, prices, equity, an approval.
func scene(t testing.TB, w, h int) (*Model, *fakeRuntime) {
	t.Helper()
	f := newFake()
	f.chain = Chain{ID: 1337, Block: 4242, Devnet: true, Anchoring: true}
	f.models = []ModelStatus{{Provider: "ollama", Up: false, Reason: "not running"}}
	f.agents = []Agent{
		{Name: "momentum", Strategy: "dex.momentum", Model: "ollama:qwen2.5:3b", Brain: "rules (fallback: ollama:qwen2.5:3b unavailable: connection refused)",
			Mode: ModeAuto, Status: "running", Wallet: "0x1afCF2AA6e57EDba765891dE521CdB068994E3EB", Quote: "USDC",
			Equity: "34691.17", Peak: "34800", PnL: "-108.83", LastDecision: t0.Add(-3 * time.Second), LastAction: "buy", LastOutcome: "confirmed", Decisions: 42,
			AnchoredSeq: 30, AnchorLag: 12, Realized: "12.5", Unrealized: "-121.33",
			Holdings: []Holding{{Symbol: "USDC", Amount: "18489.8", Value: "18489.8"}, {Symbol: "WETH", Amount: "5.500000000000000001", Value: "16201.37"},
				{Symbol: "ETH", Amount: "9.98", Value: "0"}}},
		{Name: "arbitrage", Strategy: "dex.arbitrage", Model: "rules", Brain: "rules", Mode: ModePaper, Status: "paused",
			Reason: "drawdown kill switch: equity 27000 USDC is more than 20% below its peak 34000", Wallet: "0x63De201a32C3f107Fd78675ffc7E9F4448C2D5Bc",
			Quote: "USDC", Equity: "27000", PnL: "12.5", LastDecision: t0.Add(-95 * time.Second), LastAction: "hold", LastOutcome: "skipped", Decisions: 7,
			AnchoredSeq: 7},
		{Name: "asker", Strategy: "dex.momentum", Model: "openai:gpt-4o-mini", Brain: "openai:gpt-4o-mini", Mode: ModeAsk, Status: "running",
			Wallet: "0x9dE1f2B8c4A3e5D6f7A8b9C0d1E2f3A4b5C6d7E8", Quote: "USDC"},
	}
	f.hist["momentum"] = []Decision{
		{Seq: 40, At: t0.Add(-63 * time.Second), Action: "hold", Rationale: "price change +0.02% is inside the 30 bps threshold", Verdict: "none", Approval: "none", Outcome: "skipped", Model: "rules"},
		{Seq: 41, At: t0.Add(-33 * time.Second), Action: "sell", Verdict: "denied", Approval: "none", Outcome: "skipped", Reasons: []string{"trade 2500 USDC exceeds max_trade_quote 2000"}, Rationale: "price fell 0.8%"},
	}
	f.details["momentum"] = Details{Positions: []Balance{{Symbol: "WETH", Amount: "0.5"}, {Symbol: "USDC", Amount: "-1510.2"}}, Trades: 12}
	f.accounts = []Account{
		{Name: "momentum", Agent: "momentum", Address: "0x1afCF2AA6e57EDba765891dE521CdB068994E3EB",
			Balances: []Balance{{"ETH", "9.98"}, {"USDC", "18489.8"}, {"WETH", "5.5"}}},
		{Name: "arbitrage", Agent: "arbitrage", Address: "0x63De201a32C3f107Fd78675ffc7E9F4448C2D5Bc",
			Balances: []Balance{{"ETH", "10"}, {"USDC", "20000"}, {"WETH", "5"}}},
	}
	f.pools = []Pool{
		{Venue: "dex-a", Address: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B", Base: "WETH", Quote: "USDC",
			ReserveBase: "1000.5", ReserveQuote: "3001500", Price: "3000.000000123", PriceValue: 3000, Block: 4242},
		{Venue: "dex-b", Address: "0xCd2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", Base: "WETH", Quote: "USDC",
			ReserveBase: "500", ReserveQuote: "1510000", Price: "3020", PriceValue: 3020, Block: 4242},
	}
	yesNo := func(yes, no string, paid bool) []Outcome {
		if paid {
			return []Outcome{{Label: "Yes", Payout: yes}, {Label: "No", Payout: no}}
		}
		return []Outcome{{Label: "Yes", Price: yes}, {Label: "No", Price: no}}
	}
	f.markets = []PredictionMarket{
		{Name: "dexb-premium", Address: "0x8464135c8F25Da09e49BC8782676a84730C318bC", Collateral: "USDC", Depth: "10012.5", Fee: "2.00",
			Question: "Will dex-b price WETH at least 1% above dex-a (in USDC) at block 4200?", Outcomes: yesNo("0", "1", true),
			Resolved: true, ResolveBlock: 4200, Block: 4242},
		{Name: "wbtc-20", Address: "0x71C95911E9a5D330f4D621842EC243EE1343292e", Collateral: "USDC", Depth: "10000", Fee: "2.00",
			Question: "Will WBTC trade at or above 20 WETH on dex-a at block 4240?", Outcomes: yesNo("0.6000", "0.4000", false),
			ResolveBlock: 4240, Block: 4242},
		{Name: "weth-3000", Address: "0x948B3c65b89DF0B4894ABE91E6D02FE579834F8F", Collateral: "USDC", Depth: "20410.77", Fee: "2.00",
			Question: "Will WETH trade at or above 3,000 USDC on dex-a at block 4380?", Outcomes: yesNo("0.5312", "0.4688", false),
			ResolveBlock: 4380, Block: 4242},
		{Name: "usdc-depeg", Address: "0x712516e61C8B383dF4A63CFe83d7701Bce54B03e", Collateral: "USDC",
			Question: "Will USDC trade below 0.995 DAI on dex-a at block 5280?", Outcomes: []Outcome{{Label: "Yes"}, {Label: "No"}},
			ResolveBlock: 5280, Block: 4242, Err: "market usdc-depeg: balanceOfBatch: execution reverted"},
	}
	ap := Approval{ID: "a1b2c3d4", Agent: "asker", Summary: "swap 100 USDC for >= 0.0331 WETH on dex-a",
		Calls: []Call{
			{Contract: "USDC 0x5FbDB2315678afecb367f032d93F642f64180aa3", Method: "approve",
				Args: []Arg{{"spender", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512 (dex-a)"}, {"amount", "100 USDC (100000000)"}}},
			{Contract: "dex-a router 0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", Method: "swapExactTokensForTokens",
				Args: []Arg{{"amountIn", "100 USDC (100000000)"}, {"amountOutMin", "0.0331 WETH (33100000000000000)"}, {"path", "USDC -> WETH"}}},
		},
		Trades:    []string{"dex-a: 100 USDC -> >= 0.0331 WETH (quoted 0.03326 WETH)"},
		Simulated: []string{"approve: ok, gas 46000", "swapExactTokensForTokens: ok, gas 110000, amounts 100000000 -> 33260000000000000"},
		Policy:    []string{"tokens USDC, WETH allowed", "contract dex-a allowed", "100 USDC ≤ max trade 2000 USDC"},
		FeeCap:    "2.5", Created: t0.Add(-12 * time.Second), Expires: t0.Add(108 * time.Second),
		PlannedAt: t0.Add(-14 * time.Second), TTL: 30 * time.Second, Expected: "+1.250000 USDC",
		Legs: []string{"dex-a: 100 USDC -> >= 0.0331 WETH (quoted 0.03326 WETH) by 09:31:39"}}
	f.approvals = []Approval{ap}

	m := newModel(t, f, w, h)
	send(m, agentsMsg{f.Agents(), f.Approvals()}, modelsMsg(f.models), chainMsg{chain: f.chain})
	prices := []float64{3000, 3004, 3010, 3007, 3015, 3021, 3018, 3025, 3030, 3027, 3035, 3041}
	for i, p := range prices {
		at := t0.Add(time.Duration(i-len(prices)) * 2 * time.Second)
		send(m, eventMsg{Event{Kind: EventObserved, Agent: "momentum", At: at, Block: 4230 + uint64(i), Price: p, Pair: "WETH/USDC",
			Text: "block " + itoa(4230+i)}})
		send(m, eventMsg{Event{Kind: EventEquity, Agent: "momentum", At: at, Equity: "34691.17", PnL: "-108.83",
			Quote: "USDC", EquityValue: 34600 + float64(i%5)*20}})
	}
	send(m, eventMsg{Event{Kind: EventDecided, Agent: "momentum", At: t0.Add(-4 * time.Second),
		Decision: Decision{Action: "buy", Rationale: "price rose 1.2% over 5 observations, above the 30 bps threshold", Model: "rules", Confidence: 0.8},
		Text:     "buy (confidence 0.80)"}})
	send(m, eventMsg{Event{Kind: EventRecorded, Agent: "momentum", At: t0.Add(-4 * time.Second),
		Decision: Decision{Seq: 42, Action: "buy", Verdict: "allowed", Outcome: "pending", TxHash: "0x9c1e6f0b7d3a2c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6"},
		Text:     "#42 buy allowed pending"}})
	send(m, eventMsg{Event{Kind: EventTxSent, Agent: "momentum", At: t0.Add(-3 * time.Second), TxHash: "0x9c1e6f0b7d3a2c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6",
		Text: "swapExactTokensForTokens 0x9c1e…b5c6"}})
	send(m, eventMsg{Event{Kind: EventRecorded, Agent: "momentum", At: t0.Add(-3 * time.Second), Completion: true,
		Decision: Decision{Seq: 43, Outcome: "confirmed", TxHash: "0x9c1e6f0b7d3a2c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6"},
		Text:     "#43 completes #42: confirmed"}})
	send(m, eventMsg{Event{Kind: EventPaused, Agent: "arbitrage", At: t0.Add(-90 * time.Second), Reason: f.agents[1].Reason,
		Text: "paused: " + f.agents[1].Reason}})
	send(m, eventMsg{Event{Kind: EventApprovalRequested, Agent: "asker", At: t0.Add(-12 * time.Second), Approval: ap,
		Text: "approval requested: " + ap.Summary}})
	send(m, eventMsg{Event{Kind: EventAnchored, Agent: "momentum", At: t0.Add(-2 * time.Second), Anchored: 40, Lag: 3,
		Text: "anchored seq 31-40 in block 4240"}})
	send(m, eventMsg{Event{Kind: EventIdentity, Agent: "momentum", At: t0.Add(-80 * time.Second),
		Identity: "agentId 2 in eip155:1337:0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", Text: "identity agentId 2"}})
	send(m, eventMsg{Event{Kind: EventError, Agent: "arbitrage", At: t0.Add(-20 * time.Second), Err: "rpc: connection reset by peer",
		Text: "rpc: connection reset by peer"}})
	send(m, historyMsg{agent: "momentum", hist: f.hist["momentum"], details: f.details["momentum"]},
		accountsMsg{accounts: f.accounts}, poolsMsg{pools: f.pools}, predictionsMsg{markets: slices.Clone(f.markets)})
	for i, p := range []float64{2990, 2995, 3000} {
		pl := slices.Clone(f.pools)
		pl[0].PriceValue, pl[1].PriceValue = p, 3020-float64(i)*4
		send(m, poolsMsg{pools: pl})
	}
	send(m, frameMsg(t0))
	return m, f
}

// stuckScene is the scene with asker stuck: its plans were denied tick
// after tick, and its gas position has no mark.
func stuckScene(t *testing.T, w, h int) *Model {
	t.Helper()
	m, f := scene(t, w, h)
	as := f.Agents()
	as[2].Status, as[2].Streak = "stuck", 70
	as[2].Reason = "every plan denied: swap spends 1000 USDC without an exact approval before it"
	as[2].Equity, as[2].PnL, as[2].Realized, as[2].Unrealized = "20000", "-3.2", "0", "-3.2"
	as[2].ValueErr = "no price for ETH (gas): PnL leaves it out"
	as[2].Holdings = []Holding{{Symbol: "USDC", Amount: "19000", Value: "19000"}, {Symbol: "ETH", Amount: "0.0042", Value: ""}}
	send(m, agentsMsg{agents: as, approvals: f.Approvals()}, frameMsg(t0))
	return m
}
