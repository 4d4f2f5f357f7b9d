package dex

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func momentumParams() MomentumParams {
	p := DefaultMomentumParams()
	p.Lookback = 1
	p.ThresholdBps = 30
	p.MaxTrade = "1000"
	return p
}

// After the price is pushed up the rules brain buys, after it is pushed
// down it sells; both plans land and pass the balance-delta check.
func TestMomentumBuysOnRiseSellsOnFall(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 20_000, "WETH": 5})
	ctx := context.Background()
	m, err := NewMomentum(e.deps, momentumParams())
	if err != nil {
		t.Fatal(err)
	}
	obs, err := m.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := m.Propose(obs); d.Action != ActionHold {
		t.Fatalf("first observation: %s, want hold while the history fills", d.Action)
	}

	e.push(t, "dex-a", "USDC", "WETH", e.whole(t, "USDC", 30_000)) // about +2%
	obs, err = m.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := m.Propose(obs)
	if d.Action != ActionBuy {
		t.Fatalf("after a rise: %s (%s), want buy", d.Action, d.Rationale)
	}
	size, _ := decisionSize(d)
	plan, err := m.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	usdc, weth := e.token(t, "USDC"), e.token(t, "WETH")
	tr := plan.Trades[0]
	wantIn := fraction(e.whole(t, "USDC", 1000), size)
	switch {
	case len(plan.Calls) != 2 || plan.Calls[0].Method != "approve":
		t.Fatalf("buy plan has %d calls, want approve + swap", len(plan.Calls))
	case tr.TokenIn != usdc || tr.TokenOut != weth || tr.AmountIn.Cmp(wantIn) != 0:
		t.Fatalf("buy trade %s %s -> %s, want %s USDC -> WETH", tr.AmountIn, tr.TokenIn.Symbol, tr.TokenOut.Symbol, wantIn)
	case tr.ValueQuote.Cmp(wantIn) != 0 || tr.Quote != usdc || tr.Venue != "dex-a":
		t.Fatalf("buy trade value %s in %s on %s", tr.ValueQuote, tr.Quote.Symbol, tr.Venue)
	case !strings.HasPrefix(plan.Summary, "swap "):
		t.Fatalf("summary %q", plan.Summary)
	}
	deltas := e.execute(t, plan)
	if deltas[0].Spent.Cmp(wantIn) != 0 || deltas[0].Received.Cmp(tr.MinOut) < 0 {
		t.Fatalf("buy moved %+v", deltas[0])
	}

	e.push(t, "dex-a", "WETH", "USDC", e.whole(t, "WETH", 30)) // about -6%
	obs, err = m.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d = m.Propose(obs)
	if d.Action != ActionSell {
		t.Fatalf("after a fall: %s (%s), want sell", d.Action, d.Rationale)
	}
	wethBefore := e.balance(t, "WETH", e.tr.From())
	plan, err = m.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	tr = plan.Trades[0]
	st := obs.State.(*momentumState)
	size, _ = decisionSize(d)
	rBase, rQuote, _ := st.view.v2.Reserves(weth.Address)
	wantIn = mulDiv(fraction(e.whole(t, "USDC", 1000), size), rBase, rQuote)
	if tr.TokenIn != weth || tr.AmountIn.Cmp(wantIn) != 0 {
		t.Fatalf("sell trade %s %s, want %s WETH (the quote size at the mid price)", tr.AmountIn, tr.TokenIn.Symbol, wantIn)
	}
	if want := valueOf(tr.AmountIn, obs.Marks[weth.Address], 18); tr.ValueQuote.Cmp(want) != 0 {
		t.Fatalf("sell value %s, want %s at the mark", tr.ValueQuote, want)
	}
	e.execute(t, plan)
	if got := new(big.Int).Sub(wethBefore, e.balance(t, "WETH", e.tr.From())); got.Cmp(tr.AmountIn) != 0 {
		t.Fatalf("sold %s WETH, planned %s", got, tr.AmountIn)
	}
}

func TestMomentumObservation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, map[string]int64{"USDC": 1234, "WETH": 2})
	ctx := context.Background()
	m1, err := NewMomentum(e.deps, momentumParams())
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := NewMomentum(e.deps, momentumParams())
	o1, err := m1.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o2, err := m2.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if string(o1.Facts) != string(o2.Facts) || o1.Digest != o2.Digest {
		t.Fatalf("same chain state, different facts:\n%s\n%s", o1.Facts, o2.Facts)
	}
	if o1.Digest != crypto.Keccak256Hash(o1.Facts) {
		t.Fatal("digest is not keccak256(facts)")
	}
	var facts map[string]any
	if err := json.Unmarshal(o1.Facts, &facts); err != nil {
		t.Fatal(err)
	}
	if facts["reserveBase"] != e.whole(t, "WETH", 1000).String() || facts["changeBps"] != nil || facts["balanceQuote"] != e.whole(t, "USDC", 1234).String() {
		t.Fatalf("facts %s", o1.Facts)
	}
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	if o1.Marks[weth.Address].Cmp(big.NewInt(3000_000000)) != 0 || o1.Marks[usdc.Address].Cmp(big.NewInt(1_000000)) != 0 {
		t.Fatalf("marks %v, want WETH at 3000 USDC and USDC at 1", o1.Marks)
	}
	if o1.Untrusted["base token name"] != "Wrapped Ether" || o1.Untrusted["quote token symbol"] != "USDC" {
		t.Fatalf("untrusted %v", o1.Untrusted)
	}
	for _, want := range []string{"3000.000000 USDC per WETH", "2 WETH, 1234 USDC", "not known yet"} {
		if !strings.Contains(o1.Summary, want) {
			t.Fatalf("summary lacks %q:\n%s", want, o1.Summary)
		}
	}
	if strings.Contains(o1.Summary, "Wrapped Ether") {
		t.Fatal("on-chain token text reached the trusted summary")
	}
	// The second observation has a change; the history is bounded.
	for range 5 {
		if o1, err = m1.Observe(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(m1.history) != 2 || !strings.Contains(o1.Summary, "+0.00%") {
		t.Fatalf("history %d, summary:\n%s", len(m1.history), o1.Summary)
	}
}

func TestMomentumPlanLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{}, map[string]int64{"USDC": 100})
	ctx := context.Background()
	m, err := NewMomentum(e.deps, momentumParams())
	if err != nil {
		t.Fatal(err)
	}
	obs, err := m.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dec := func(action string, size int64) strategies.Decision {
		return strategies.Decision{Action: action, Params: sizeParams(size)}
	}
	for _, d := range []strategies.Decision{dec("hold", 10000), dec("buy", 0), dec("sell", 0)} {
		if p, err := m.Plan(ctx, obs, d); p != nil || err != nil {
			t.Fatalf("%s %s: plan %v, err %v; want nothing", d.Action, d.Params, p, err)
		}
	}
	// A full-size buy is capped by the 100 USDC the agent holds.
	p, err := m.Plan(ctx, obs, dec("buy", 10000))
	if err != nil {
		t.Fatal(err)
	}
	if p.Trades[0].AmountIn.Cmp(e.whole(t, "USDC", 100)) != 0 {
		t.Fatalf("buy of %s, want the whole 100 USDC balance", p.Trades[0].AmountIn)
	}
	if _, err := m.Plan(ctx, obs, dec("sell", 5000)); err == nil || !strings.Contains(err.Error(), "holds no WETH") {
		t.Fatalf("sell without WETH: %v", err)
	}
	bad := []strategies.Decision{
		dec("short", 100),
		{Action: "buy", Params: json.RawMessage(`{"size_bps":20000}`)},
		{Action: "buy", Params: json.RawMessage(`{"size_bps":100,"to":"0x1"}`)},
	}
	for _, d := range bad {
		if p, err := m.Plan(ctx, obs, d); err == nil {
			t.Fatalf("%s %s planned: %+v", d.Action, d.Params, p)
		}
	}
	if _, err := m.Plan(ctx, &strategies.Observation{Strategy: MomentumName}, dec("buy", 1)); err == nil {
		t.Fatal("planned from an observation without state")
	}
	if _, err := m.Plan(ctx, nil, dec("buy", 1)); err == nil {
		t.Fatal("planned from no observation")
	}
}

func TestNewMomentumRejectsBadWiring(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, nil)
	ctx := context.Background()
	with := func(edit func(*MomentumParams)) MomentumParams {
		p := momentumParams()
		edit(&p)
		return p
	}
	for _, c := range []struct {
		p    MomentumParams
		want string
	}{
		{with(func(p *MomentumParams) { p.Base = "DOGE" }), `base: unknown token "DOGE"`},
		{with(func(p *MomentumParams) { p.DEX = "dex-z" }), `dex: unknown DEX "dex-z"`},
		{with(func(p *MomentumParams) { p.MaxTrade = "0.0000001" }), "max_trade: "},
		{with(func(p *MomentumParams) { p.Lookback = 0 }), "lookback: "},
	} {
		if _, err := NewMomentum(e.deps, c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.p, err, c.want)
		}
	}
	noAccount := e.deps
	noAccount.Account = [20]byte{}
	if _, err := NewMomentum(noAccount, momentumParams()); err == nil {
		t.Error("built without an agent account")
	}

	// Config that disagrees with the chain fails at the first observation.
	wrongDecimals := e.deps
	wrongDecimals.Tokens = func(sym string) (strategies.Token, bool) {
		tok, ok := e.deps.Tokens(sym)
		if sym == "USDC" {
			tok.Decimals = 18
		}
		return tok, ok
	}
	m, err := NewMomentum(wrongDecimals, momentumParams())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Observe(ctx); err == nil || !strings.Contains(err.Error(), "decimals") {
		t.Errorf("wrong decimals: %v", err)
	}
	a, _ := e.m.DEX("dex-a")
	b, _ := e.m.DEX("dex-b")
	mixed := e.deps
	mixed.Venues = map[string]Venue{"dex-a": {Name: "dex-a", Router: a.Router, Factory: b.Factory}}
	m, _ = NewMomentum(mixed, momentumParams())
	if _, err := m.Observe(ctx); err == nil || !strings.Contains(err.Error(), "uses factory") {
		t.Errorf("router and factory of different DEXes: %v", err)
	}
}
