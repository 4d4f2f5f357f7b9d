package agent

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
)

// gnosisConfig is a real-chain config (the served devnet's URL) naming the
// Gnosis market by address in chain.markets, with market lines given by
// marketYAML (and dex-a, which prices the gas), and a rules-brain forecaster that believes Yes at 0.8.
func gnosisConfig(t *testing.T, g *gnosisWorld, marketYAML string) *configs.Config {
	t.Helper()
	return loadConfig(t, fmt.Sprintf(`
chain:
  rpc: %s
  chain_id: 1337
  tokens:
    USDC: {address: "%s", decimals: 6}
    WETH: {address: "%s", decimals: 18}
  venues:
    dex-a: {router: "%s", factory: "%s"}
  markets:
    will-it-pass:
%s
identity: {mode: off}
anchoring: {enabled: false}
agents:
  - name: seer
    strategy: predict.forecaster
    model: rules
    mode: auto
    params:
      priors: {will-it-pass: ["0.8", "0.2"]}
    policy:
      allowed_tokens: [USDC]
      allowed_contracts: [will-it-pass]
      allowed_methods: [approve, buy, sell, setApprovalForAll, redeemPositions]
      max_trade: {USDC: "300"}
      max_daily_quote: "5000"
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
`, g.net.Manifest().RPC, g.usdc.Address.Hex(), g.weth.Address.Hex(), g.cat.Venues["dex-a"].(dex.Venue).Router.Hex(),
		g.cat.Venues["dex-a"].(dex.Venue).Factory.Hex(), marketYAML), nil)
}

func bootGnosis(t *testing.T, cfg *configs.Config) (*Host, error) {
	t.Helper()
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true,
		Passphrase: func() (string, bool, error) { return "test passphrase", true, nil }})
	if err == nil {
		t.Cleanup(func() { h.Close() })
	}
	return h, err
}

// TestForecasterTradesAndRedeemsGnosisMarketByAddress is issue 12's "done
// when": a forecaster configured with chain.markets by address trades a
// market on Gnosis's own contracts that agentctl did not deploy. It buys
// the outcome its prior favours (the decision recorded, the trade booked
// with exactly the outcome tokens the real conditional tokens credit, the
// position held), the oracle reports, and on its next tick it redeems: its
// USDC rises by exactly the payout, the position is gone, the forecast is
// scored, and the log verifies.
func TestForecasterTradesAndRedeemsGnosisMarketByAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newGnosisWorld(t)
	cfg := gnosisConfig(t, g, fmt.Sprintf(`      address: "%s"
      collateral: USDC
      question: "Will the test pass?"
      outcomes: ["Yes", "No"]
      oracle: "%s"
      question_id: "%s"`, g.market.Hex(), g.oracle.From().Hex(), g.qid.Hex()))
	h, err := bootGnosis(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := strategies.VenuesOf[predict.MarketRef](h.Catalog)["will-it-pass"]
	if !ok || ref.ConditionalTokens != g.ctf || ref.ConditionID != g.cond || ref.Collateral != "USDC" || ref.ResolveBlock != 0 {
		t.Fatalf("catalog market %+v (%v)", ref, ok)
	}
	// The policy admits the market named by its address too.
	if p, _, err := CompilePolicy("agents[1]", configs.Policy{AllowedTokens: []string{"USDC"}, AllowedContracts: []string{g.market.Hex()}},
		h.Catalog); err != nil || marketRules(p).Markets[g.market].ConditionID != g.cond {
		t.Fatalf("policy naming the market's address: %+v (%v)", p, err)
	}
	st, err := h.Runtime.agent("seer")
	if err != nil {
		t.Fatal(err)
	}
	me := st.spec.Signer.Address()
	if err := g.net.Fund(ctx, me, units(10, 18), map[string]*big.Int{"USDC": units(1_000, 6)}); err != nil {
		t.Fatal(err)
	}
	usdc := func() *big.Int {
		b, err := predict.BalanceOf(ctx, g.client.Backend(), g.usdc.Address, me, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	usdc0 := usdc()
	recs := func() []store.Record {
		r, err := h.DB.Records(ctx, "seer", 1, 100)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	tickOnce(t, h.Runtime, "seer")
	if rs := recs(); len(rs) != 2 || rs[0].Outcome != store.OutcomePending || rs[1].Outcome != store.OutcomeConfirmed ||
		!strings.Contains(string(rs[0].Action), `"forecast"`) || !strings.Contains(string(rs[0].Simulation), "buy") {
		t.Fatalf("records after the buy: %+v", rs)
	}
	trades, err := h.DB.Trades(ctx, "seer")
	if err != nil || len(trades) != 1 {
		t.Fatalf("trades %+v (%v)", trades, err)
	}
	buy := trades[0]
	yesID, yes := g.positionOf(t, me, 0)
	if buy.Venue != "will-it-pass" || buy.TokenIn != g.usdc.Address || buy.AmountIn.Sign() <= 0 || buy.AmountIn.Cmp(units(300, 6)) > 0 ||
		buy.TokenOut != predict.PositionToken(g.ctf, yesID) || buy.AmountOut.Cmp(yes) != 0 || yes.Cmp(buy.AmountIn) <= 0 {
		t.Fatalf("buy %+v; Gnosis's conditional tokens credit %s Yes", buy, yes)
	}
	if spent := new(big.Int).Sub(usdc0, usdc()); spent.Cmp(buy.AmountIn) != 0 {
		t.Fatalf("USDC fell by %s, the trade says %s", spent, buy.AmountIn)
	}
	if _, no := g.positionOf(t, me, 1); no.Sign() != 0 {
		t.Fatalf("the agent holds %s No", no)
	}
	if pos := position(t, h.DB, buy.TokenOut); pos == nil || pos.Cmp(yes) != 0 {
		t.Fatalf("position of Yes %v, the chain says %s", pos, yes)
	}
	fs, err := h.DB.Forecasts(ctx, "seer")
	if err != nil || len(fs) != 1 || fs[0].ConditionID != g.cond || fs[0].Probabilities[0] != 0.8 {
		t.Fatalf("forecasts %+v (%v)", fs, err)
	}

	g.send(t, g.oracle, &g.ctf, gnosisPack(t, g.ctfABI, "reportPayouts", g.qid, []*big.Int{big.NewInt(1), big.NewInt(0)}))
	before := usdc()
	tickOnce(t, h.Runtime, "seer")
	rs := recs()
	if len(rs) != 4 || rs[3].Outcome != store.OutcomeConfirmed || !strings.Contains(string(rs[2].Simulation), "redeemPositions") {
		t.Fatalf("records after the redeem: %+v", rs)
	}
	if got := new(big.Int).Sub(usdc(), before); got.Cmp(yes) != 0 {
		t.Fatalf("the redeem paid %s USDC; %s Yes at payout 1/1 pay %s", got, yes, yes)
	}
	if _, left := g.positionOf(t, me, 0); left.Sign() != 0 {
		t.Fatalf("%s Yes left on the conditional tokens", left)
	}
	trades, _ = h.DB.Trades(ctx, "seer")
	if len(trades) != 2 || trades[1].TokenIn != buy.TokenOut || trades[1].AmountIn.Cmp(yes) != 0 || trades[1].AmountOut.Cmp(yes) != 0 {
		t.Fatalf("redeem trade %+v", trades[len(trades)-1])
	}
	if pos := position(t, h.DB, buy.TokenOut); pos != nil && pos.Sign() != 0 {
		t.Fatalf("a position of %s Yes is left after redeeming", pos)
	}
	res, ok, err := h.DB.Resolution(ctx, g.cond)
	if err != nil || !ok || res.Market != "will-it-pass" {
		t.Fatalf("resolution %+v %v (%v)", res, ok, err)
	}
	scores, err := h.DB.Scores(ctx, "seer")
	if err != nil || len(scores) != 1 || scores[0].Markets != 1 || math.Abs(scores[0].Brier-0.04) > 1e-9 {
		t.Fatalf("scores %+v (%v), want Brier (0.8-1)^2 = 0.04 on one market", scores, err)
	}
	if v, err := h.DB.Verify(ctx, "seer"); err != nil || v.Problem != "" || v.Checked != 4 {
		t.Fatalf("verify %+v (%v)", v, err)
	}
}

func position(t *testing.T, db *store.DB, token common.Address) *big.Int {
	t.Helper()
	ps, err := db.Positions(context.Background(), "seer", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Token == token {
			return p.Amount
		}
	}
	return nil
}

// TestBootRefusesBadMarketConfig: a chain.markets entry that is not a
// Gnosis market, or not the one its config describes, stops the start with
// the setting, the address and what differs; the config error points at
// the file's line. A market with only its address boots, labelled by index.
func TestBootRefusesBadMarketConfig(t *testing.T) {
	t.Parallel()
	g := newGnosisWorld(t)
	other := common.HexToHash("0x" + strings.Repeat("ab", 32))
	for _, tc := range []struct{ name, yaml, want string }{
		{"not an FPMM", fmt.Sprintf(`      address: "%s"`, g.usdc.Address.Hex()),
			"chain.markets.will-it-pass: " + g.usdc.Address.Hex() + " is not an FPMM: collateralToken(): execution reverted"},
		{"wrong collateral", fmt.Sprintf(`      address: "%s"
      collateral: WETH`, g.market.Hex()),
			"chain.markets.will-it-pass: " + g.market.Hex() + ": market does not match its configuration: its collateral is " +
				g.usdc.Address.Hex() + " (USDC), not the configured WETH (" + g.weth.Address.Hex() + ")"},
		{"wrong condition", fmt.Sprintf(`      address: "%s"
      oracle: "%s"
      question_id: "%s"`, g.market.Hex(), g.oracle.From().Hex(), other.Hex()),
			"chain.markets.will-it-pass: " + g.market.Hex() + ": market does not match its configuration: its condition is " + g.cond.Hex() +
				", not oracle " + g.oracle.From().Hex() + "'s question " + other.Hex() + " with 2 outcomes"},
		{"wrong outcome count", fmt.Sprintf(`      address: "%s"
      outcomes: [Low, Mid, High]`, g.market.Hex()),
			"its condition has 2 outcome slots but 3 outcomes are configured"},
	} {
		cfg := gnosisConfig(t, g, tc.yaml)
		_, err := bootGnosis(t, cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant %q", tc.name, err, tc.want)
			continue
		}
		var ce *configs.Error
		if !errors.As(cfg.Locate(err), &ce) || ce.Problems[0].Path != "chain.markets.will-it-pass" || ce.Problems[0].Where == "" {
			t.Errorf("%s: not located as a config problem: %v", tc.name, cfg.Locate(err))
		}
	}
	h, err := bootGnosis(t, gnosisConfig(t, g, fmt.Sprintf(`      address: "%s"`, g.market.Hex())))
	if err != nil {
		t.Fatal(err)
	}
	if ref := strategies.VenuesOf[predict.MarketRef](h.Catalog)["will-it-pass"]; ref.Collateral != "USDC" || strings.Join(ref.Outcomes, ",") != "outcome 0,outcome 1" || ref.QuestionID != (common.Hash{}) {
		t.Fatalf("address-only market %+v", ref)
	}
}

// TestHeadlessForecasterOnGnosisMarketByAddress runs the same agent with
// the runtime's own loop, as `run --headless` does: it buys for as long as
// its prior beats the price, the oracle reports while it runs, and it
// redeems everything. Every USDC it gained or spent is in its booked
// trades, to the unit, and nothing is left on the conditional tokens.
func TestHeadlessForecasterOnGnosisMarketByAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	g := newGnosisWorld(t)
	cfg := gnosisConfig(t, g, fmt.Sprintf(`      address: "%s"
      outcomes: ["Yes", "No"]`, g.market.Hex()))
	cfg.Agents[0].Interval = 100 * time.Millisecond
	h, err := bootGnosis(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	st, err := h.Runtime.agent("seer")
	if err != nil {
		t.Fatal(err)
	}
	me := st.spec.Signer.Address()
	if err := g.net.Fund(ctx, me, units(10, 18), map[string]*big.Int{"USDC": units(1_000, 6)}); err != nil {
		t.Fatal(err)
	}
	usdc := func() *big.Int {
		b, err := predict.BalanceOf(ctx, g.client.Backend(), g.usdc.Address, me, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	usdc0 := usdc()
	sub := h.Runtime.Bus().Subscribe(4096)
	defer sub.Close()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	h.Runtime.Run(runCtx)
	deadline := time.After(60 * time.Second)
	wait := func(what string, done func() bool) {
		t.Helper()
		for !done() {
			select {
			case <-sub.C:
			case <-time.After(50 * time.Millisecond):
			case <-deadline:
				t.Fatalf("no %s after 60s", what)
			}
		}
	}
	trades := func() []store.Trade {
		ts, err := h.DB.Trades(ctx, "seer")
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	yesID, _ := g.positionOf(t, me, 0)
	yesToken := predict.PositionToken(g.ctf, yesID)
	wait("buy", func() bool { return len(trades()) > 0 })
	g.send(t, g.oracle, &g.ctf, gnosisPack(t, g.ctfABI, "reportPayouts", g.qid, []*big.Int{big.NewInt(1), big.NewInt(0)}))
	// The redeem plan reads the chain afresh, so the tick that redeems may
	// have observed the market still open: the resolution is then recorded
	// (and the forecasts scored) by the next observation.
	wait("redeem and recorded resolution", func() bool {
		_, held := g.positionOf(t, me, 0)
		_, resolved, err := h.DB.Resolution(ctx, g.cond)
		return held.Sign() == 0 && resolved && err == nil
	})
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)

	delta, bought, redeemed := new(big.Int), new(big.Int), new(big.Int)
	for _, tr := range trades() {
		switch {
		case tr.TokenIn == g.usdc.Address && tr.TokenOut == yesToken:
			delta.Sub(delta, tr.AmountIn)
			bought.Add(bought, tr.AmountOut)
		case tr.TokenIn == yesToken && tr.TokenOut == g.usdc.Address:
			delta.Add(delta, tr.AmountOut)
			redeemed.Add(redeemed, tr.AmountIn)
			if tr.AmountOut.Cmp(tr.AmountIn) != 0 {
				t.Errorf("Yes pays 1/1, yet %s Yes were booked for %s USDC", tr.AmountIn, tr.AmountOut)
			}
		default:
			t.Errorf("unexpected trade %+v", tr)
		}
	}
	if bought.Sign() == 0 || bought.Cmp(redeemed) != 0 {
		t.Fatalf("bought %s Yes, redeemed %s", bought, redeemed)
	}
	if got := new(big.Int).Sub(usdc(), usdc0); got.Cmp(delta) != 0 {
		t.Fatalf("USDC moved by %s; the booked trades say %s", got, delta)
	}
	if delta.Sign() <= 0 {
		t.Fatalf("Yes won and the agent held only Yes, yet it lost %s USDC", delta)
	}
	if scores, err := h.DB.Scores(ctx, "seer"); err != nil || len(scores) != 1 || math.Abs(scores[0].Brier-0.04) > 1e-9 {
		t.Fatalf("scores %+v (%v)", scores, err)
	}
	if v, err := h.DB.Verify(ctx, "seer"); err != nil || v.Problem != "" {
		t.Fatalf("verify %+v (%v)", v, err)
	}
}
