package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// followingForecaster builds a forecaster the way Boot builds the demo
// one: no markets named, policy.allowed_markets: devnet, on the live
// catalog (edit, when set, changes its market list).
func followingForecaster(t *testing.T, h *harness, priors map[string][]string,
	edit func(map[string]predict.MarketRef) map[string]predict.MarketRef) (Spec, *Policy) {
	t.Helper()
	cat := liveCatalog(h.net, t.TempDir())
	if edit != nil {
		set, _ := predict.SetOf(cat, configs.AllowedMarketsDevnet)
		src := set.Source
		set.Source = func() map[string]predict.MarketRef { return edit(src()) }
	}
	a := &configs.Agent{Name: "seer", Strategy: predict.ForecasterName, Policy: configs.Policy{
		AllowedTokens:    []string{"USDC"},
		AllowedMarkets:   configs.AllowedMarketsDevnet,
		AllowedMethods:   []string{"approve", "buy", "sell", "setApprovalForAll", "redeemPositions"},
		MaxTrade:         map[string]configs.Decimal{"USDC": "300"},
		MaxDailyQuote:    "5000",
		QuoteToken:       "USDC",
		MaxSlippageBps:   100,
		MaxTradesPerHour: 60,
		DrawdownKillPct:  50,
	}}
	if err := a.SetParams(map[string]any{"collateral": "USDC", "priors": priors}); err != nil {
		t.Fatal(err)
	}
	policy, _, err := CompilePolicy("agents[0]", a.Policy, cat)
	if err != nil {
		t.Fatal(err)
	}
	strat, err := BuildStrategy(a, h.client.Backend(), h.signer.Address(), cat)
	if err != nil {
		t.Fatal(err)
	}
	return Spec{Name: "seer", Strategy: strat, Policy: policy}, policy
}

// advanceTo commits blocks until ok holds, giving the devnet's oracle
// loop time between them.
func advanceTo(t *testing.T, h *harness, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not before the deadline", what)
		}
		h.net.Commit()
		time.Sleep(20 * time.Millisecond)
	}
}

func headOf(t *testing.T, h *harness) uint64 {
	t.Helper()
	n, err := h.net.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestForecasterBetsOnMarketOpenedAfterBoot: a forecaster built before the
// devnet opens a market bets on that market once it opens (the policy
// admits it from the chain), and after the oracle answers it redeems and
// the forecast is scored: a session of any length has markets to trade.
func TestForecasterBetsOnMarketOpenedAfterBoot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	// The devnet's first new market asks whether WETH holds today's price
	// on dex-a: a fair coin this prior calls a 90% Yes.
	spec, policy := followingForecaster(t, h, map[string][]string{"weth*": {"0.9", "0.1"}}, nil)
	rt := forecasterRuntime(t, h, spec)
	seeded := h.net.Manifest().Markets
	tickOnce(t, rt, "seer")

	first, _ := h.net.Manifest().Market("dexb-premium")
	for headOf(t, h) < first.ResolveBlock {
		h.net.Commit()
	}
	advanceTo(t, h, "a new market", func() bool { return len(h.net.Manifest().Markets) > len(seeded) })
	ms := h.net.Manifest().Markets
	nm := ms[len(ms)-1]
	if !strings.HasPrefix(nm.Name, "weth") || strings.HasPrefix(nm.Name, "weth-") {
		t.Fatalf("first new market is %s, want the WETH price question", nm.Name)
	}
	if _, ok := marketRules(policy).Markets[nm.Address]; ok {
		t.Fatal("the policy allowed the new market before any tick saw it")
	}

	tradeOn := func(market string, redeem bool) *store.Trade {
		trades, err := h.db.Trades(ctx, "seer")
		if err != nil {
			t.Fatal(err)
		}
		for i, tr := range trades {
			if tr.Venue == market && (tr.TokenIn == h.usdc.Address) != redeem {
				return &trades[i]
			}
		}
		return nil
	}
	for i := 0; i < 8 && tradeOn(nm.Name, false) == nil; i++ {
		tickOnce(t, rt, "seer")
	}
	buy := tradeOn(nm.Name, false)
	if buy == nil {
		t.Fatalf("no buy on the new market %s; records: %+v", nm.Name, records(t, h, "seer"))
	}
	if buy.AmountIn.Sign() <= 0 || buy.AmountIn.Cmp(units(300, 6)) > 0 || buy.AmountOut.Cmp(buy.AmountIn) <= 0 {
		t.Fatalf("buy on %s = %+v", nm.Name, buy)
	}
	if r, ok := marketRules(policy).Markets[nm.Address]; !ok || r.Name != nm.Name || r.ConditionID != nm.ConditionID {
		t.Fatalf("policy rule for the new market: %+v (%v)", r, ok)
	}
	for _, rec := range records(t, h, "seer") {
		if rec.Verdict == store.VerdictDenied {
			t.Fatalf("a plan was denied: %v", rec.Reasons)
		}
	}

	waitResolved(t, h, nm)
	for i := 0; i < 8 && tradeOn(nm.Name, true) == nil; i++ {
		tickOnce(t, rt, "seer")
	}
	redeem := tradeOn(nm.Name, true)
	if redeem == nil || redeem.TokenIn != buy.TokenOut || redeem.AmountIn.Cmp(buy.AmountOut) < 0 || redeem.TokenOut != h.usdc.Address {
		t.Fatalf("redeem on %s = %+v after buying %+v", nm.Name, redeem, buy)
	}
	scores, err := h.db.MarketScores(ctx, "seer")
	if err != nil {
		t.Fatal(err)
	}
	var score *store.MarketScore
	for i := range scores {
		if scores[i].ConditionID == nm.ConditionID {
			score = &scores[i]
		}
	}
	if score == nil || score.Market != nm.Name || score.Forecasts == 0 || score.Model != "rules" || len(score.Last) != 2 || score.Last[0] != 0.9 {
		t.Fatalf("score of %s: %+v (all: %+v)", nm.Name, score, scores)
	}
	if res, err := h.db.Verify(ctx, "seer"); err != nil || res.Problem != "" {
		t.Fatalf("verify: %+v (%v)", res, err)
	}
}

// foreignMarket creates and funds a market on the devnet's conditional
// tokens, for oracle (the devnet's when zero), through factory (deployed
// here when zero) in collateral: the catalog entry a careless or hostile
// source could add.
func foreignMarket(t *testing.T, h *harness, factory, oracle common.Address, collateral string, name string) predict.MarketRef {
	t.Helper()
	ctx := context.Background()
	m := h.net.Manifest()
	key, _ := crypto.GenerateKey()
	maker := wallet.NewSigner(key)
	if err := h.net.Fund(ctx, maker.Address(), units(10, 18), map[string]*big.Int{"USDC": units(10_000, 6), "WETH": units(10, 18)}); err != nil {
		t.Fatal(err)
	}
	tr := h.client.Transactor(maker.Address(), maker.SignerFn(big.NewInt(devnet.ChainID)))
	send := func(to *common.Address, data []byte) {
		t.Helper()
		if _, err := tr.Send(ctx, wallet.Intent{To: to, Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	if factory == (common.Address{}) {
		factory = crypto.CreateAddress(maker.Address(), 0)
		send(nil, common.FromHex(contracts.FixedProductMarketMakerFactoryMetaData.Bin))
	}
	nonce, err := h.net.Client().NonceAt(ctx, factory, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctf := m.Contracts[devnet.ContractConditionalTokens]
	if oracle == (common.Address{}) {
		oracle = m.Markets[0].Oracle
	}
	tok, _ := m.Token(collateral)
	q := "Will " + name + " pay out?"
	qid := crypto.Keccak256Hash([]byte(q))
	cond := crypto.Keccak256Hash(oracle.Bytes(), qid.Bytes(), common.BigToHash(big.NewInt(2)).Bytes())
	market := crypto.CreateAddress(factory, nonce)
	send(&ctf, ctfPack("prepareCondition", oracle, qid, big.NewInt(2)))
	send(&factory, contracts.NewFixedProductMarketMakerFactory().PackCreateFixedProductMarketMaker(ctf, tok.Address, [][32]byte{cond}, big.NewInt(2e16)))
	depth := units(5, tok.Decimals)
	send(&tok.Address, contracts.NewIERC20().PackApprove(market, depth))
	send(&market, contracts.NewFixedProductMarketMaker().PackAddFunding(depth, []*big.Int{big.NewInt(50), big.NewInt(50)}))
	return predict.MarketRef{Name: name, Address: market, ConditionalTokens: ctf, Collateral: "USDC", ConditionID: cond,
		QuestionID: qid, Oracle: oracle, Question: q, Outcomes: []string{"Yes", "No"}}
}

// TestForecasterForeignMarketsDenied: markets the catalog lists that the
// devnet's own factory did not create, or that trade another collateral,
// are never allowed: the forecaster's bet on one is denied and nothing is
// signed, though the market itself checks out as a working market.
func TestForecasterForeignMarketsDenied(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	other := foreignMarket(t, h, common.Address{}, common.Address{}, "USDC", "foreign-factory")
	own := h.net.Manifest().Contracts[devnet.ContractFPMMFactory]
	weth := foreignMarket(t, h, own, common.Address{}, "WETH", "foreign-collateral") // listed as USDC: a lie
	stranger := common.HexToAddress("0x5742000000000000000000000000000000000001")
	oracle := foreignMarket(t, h, own, stranger, "USDC", "foreign-oracle")
	spec, policy := followingForecaster(t, h, map[string][]string{"foreign*": {"0.9", "0.1"}},
		func(ms map[string]predict.MarketRef) map[string]predict.MarketRef {
			ms[other.Name], ms[weth.Name], ms[oracle.Name] = other, weth, oracle
			return ms
		})
	rt := forecasterRuntime(t, h, spec)
	before := h.nonce()
	tickOnce(t, rt, "seer")

	if _, ok := marketRules(policy).Markets[other.Address]; ok {
		t.Fatal("the policy allowed a market another factory created")
	}
	if _, ok := marketRules(policy).Markets[weth.Address]; ok {
		t.Fatal("the policy allowed a market in WETH")
	}
	if why := marketRules(policy).FactoryMarkets.Refused(other.Address); !strings.Contains(why, "not created by the market factory") {
		t.Fatalf("refusal of %s: %q", other.Name, why)
	}
	if why := marketRules(policy).FactoryMarkets.Refused(weth.Address); !strings.Contains(why, "collateral") {
		t.Fatalf("refusal of %s: %q", weth.Name, why)
	}
	if why := marketRules(policy).FactoryMarkets.Refused(oracle.Address); !strings.Contains(why, "not the oracle") {
		t.Fatalf("refusal of %s: %q", oracle.Name, why)
	}
	// The seeded markets, made by the devnet's factory, are admitted.
	for _, mk := range h.net.Manifest().Markets {
		if _, ok := marketRules(policy).Markets[mk.Address]; !ok {
			t.Fatalf("devnet market %s not admitted", mk.Name)
		}
	}
	recs := records(t, h, "seer")
	if len(recs) != 1 || recs[0].Verdict != store.VerdictDenied {
		t.Fatalf("records: %+v", recs)
	}
	// The bet goes to a market the strategy could open (not the WETH one)
	// and is denied by the policy.
	r := strings.Join(recs[0].Reasons, "; ")
	if !strings.Contains(r, "buy on "+other.Address.Hex()+", which is not an allowed market") &&
		!strings.Contains(r, "buy on "+oracle.Address.Hex()+", which is not an allowed market") {
		t.Fatalf("denial reasons: %s", r)
	}
	if h.nonce() != before {
		t.Fatal("a transaction was sent for a denied market")
	}
	trades, err := h.db.Trades(ctx, "seer")
	if err != nil || len(trades) != 0 {
		t.Fatalf("trades = %+v (%v)", trades, err)
	}
}

// TestDefaultForecasterFollowsDevnetMarkets: the demo forecaster of the
// embedded default follows the devnet's market list, and its policy
// admits markets vouched for by the devnet's own factory and oracle.
func TestDefaultForecasterFollowsDevnetMarkets(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, "", map[string]string{"AGENTCTL_MODEL": "rules"})
	cfg.Identity.Mode, cfg.Anchoring.Enabled = configs.IdentityOff, false
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	st, err := h.Runtime.agent("forecaster")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := st.spec.Strategy.(*predict.Forecaster)
	if !ok || !f.Follows() {
		t.Fatalf("the demo forecaster does not follow the devnet's markets (%T)", st.spec.Strategy)
	}
	m := devnetOf(h).Manifest()
	fm := marketRules(st.spec.Policy).FactoryMarkets
	usdc, _ := m.Token("USDC")
	if fm == nil || fm.Factory != m.Contracts[devnet.ContractFPMMFactory] || fm.ConditionalTokens != m.Contracts[devnet.ContractConditionalTokens] ||
		fm.Oracle != m.Markets[0].Oracle || fm.Collateral != usdc.Address {
		t.Fatalf("factory markets rule %+v", fm)
	}
}

// TestAllowedMarketsDevnetNeedsTheDevnet: on a chain whose catalog does not
// grow (a real chain), allowed_markets: devnet is refused by name.
func TestAllowedMarketsDevnetNeedsTheDevnet(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	cat := devnetCatalog(h.net.Manifest()) // fixed: no source, no factory
	_, _, err := CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"USDC"}, QuoteToken: "USDC",
		AllowedMarkets: configs.AllowedMarketsDevnet}, cat)
	if err == nil || !strings.Contains(err.Error(), "agents[0].policy.allowed_markets: devnet: this chain is not the embedded devnet") {
		t.Fatalf("err = %v", err)
	}
	live := liveCatalog(h.net, t.TempDir())
	_, _, err = CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"WETH"}, QuoteToken: "USDC",
		AllowedMarkets: configs.AllowedMarketsDevnet}, live)
	if err == nil || !strings.Contains(err.Error(), "quote token USDC only, which allowed_tokens must list") {
		t.Fatalf("quote token outside allowed_tokens: %v", err)
	}
}
