package agent

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// forecasterAgent builds a predict.forecaster agent on the harness's devnet
// the way Boot does: catalog, compiled policy, strategy from params.
func forecasterAgent(t *testing.T, h *harness, params map[string]any) (Spec, *Catalog) {
	t.Helper()
	cat := devnetCatalog(h.net.Manifest())
	a := &configs.Agent{Name: "seer", Strategy: predict.ForecasterName, Policy: configs.Policy{
		AllowedTokens:    []string{"USDC"},
		AllowedContracts: []string{"dexb-premium"},
		AllowedMethods:   []string{"approve", "buy", "sell", "setApprovalForAll", "redeemPositions"},
		MaxTrade:         map[string]configs.Decimal{"USDC": "300"},
		MaxDailyQuote:    "5000",
		QuoteToken:       "USDC",
		MaxSlippageBps:   100,
		MaxTradesPerHour: 60,
		DrawdownKillPct:  50,
	}}
	if err := a.SetParams(params); err != nil {
		t.Fatal(err)
	}
	policy, quote, err := CompilePolicy("agents[0]", a.Policy, cat)
	if err != nil {
		t.Fatal(err)
	}
	strat, err := BuildStrategy(a, h.client.Backend(), h.signer.Address(), cat)
	if err != nil {
		t.Fatal(err)
	}
	if quote.Symbol != "USDC" {
		t.Fatalf("quote %s", quote.Symbol)
	}
	return Spec{Name: "seer", Strategy: strat, Policy: policy}, cat
}

// forecasterRuntime adds spec to a harness runtime with the assets Boot
// gives it (its policy's tokens, not the harness's WETH and USDC).
func forecasterRuntime(t *testing.T, h *harness, spec Spec) *Runtime {
	t.Helper()
	rt := h.runtime(spec)
	st, err := rt.agent(spec.Name)
	if err != nil {
		t.Fatal(err)
	}
	st.mu.Lock()
	st.spec.Assets = assets(spec.Policy)
	st.mu.Unlock()
	return rt
}

// waitResolved commits blocks until the devnet's oracle has reported mk.
func waitResolved(t *testing.T, h *harness, mk devnet.Market) {
	t.Helper()
	ctx := context.Background()
	ctf := h.net.Manifest().Contracts[devnet.ContractConditionalTokens]
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := h.net.Client().CallContract(ctx, callMsg(ctf, ctfPack("payoutDenominator", mk.ConditionID)), nil)
		if err == nil && new(big.Int).SetBytes(out).Sign() > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("market %s not resolved by its oracle", mk.Name)
		}
		h.net.Commit()
		time.Sleep(time.Millisecond)
	}
}

// TestForecasterBuysResolvesRedeemsScores is the end to end: a
// rules-brain forecaster buys into a mispriced devnet market, the oracle
// resolves it, the agent redeems, the forecast is scored, and every step
// is in a log that verifies.
func TestForecasterBuysResolvesRedeemsScores(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	mk, _ := h.net.Manifest().Market("dexb-premium") // Yes starts at 0.35
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"},
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	rt := forecasterRuntime(t, h, spec)
	usdc0 := h.balance(t, h.usdc.Address)

	tickOnce(t, rt, "seer")
	recs := records(t, h, "seer")
	if len(recs) != 2 || recs[0].Outcome != store.OutcomePending || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("records after the buy: %+v", recs)
	}
	if !strings.Contains(string(recs[0].Action), `"forecast"`) || recs[0].Model != "rules" {
		t.Fatalf("decision %s by %s", recs[0].Action, recs[0].Model)
	}
	trades, err := h.db.Trades(ctx, "seer")
	if err != nil || len(trades) != 1 {
		t.Fatalf("trades = %v (%v)", trades, err)
	}
	buy := trades[0]
	if buy.Venue != "dexb-premium" || buy.TokenIn != h.usdc.Address || buy.AmountIn.Sign() <= 0 || buy.AmountIn.Cmp(units(300, 6)) > 0 || buy.AmountOut.Cmp(buy.AmountIn) <= 0 {
		t.Fatalf("buy trade = %+v", buy)
	}
	fs, err := h.db.Forecasts(ctx, "seer")
	if err != nil || len(fs) != 1 || fs[0].Model != "rules" || fs[0].Probabilities[0] != 0.8 || fs[0].ConditionID != mk.ConditionID {
		t.Fatalf("forecasts = %+v (%v)", fs, err)
	}

	waitResolved(t, h, mk)
	tickOnce(t, rt, "seer")
	recs = records(t, h, "seer")
	if n := len(recs); n != 4 || recs[3].Outcome != store.OutcomeConfirmed || !strings.Contains(string(recs[2].Simulation), "redeemPositions") {
		t.Fatalf("records after the redeem: %d, last %+v", n, recs[n-1])
	}
	trades, _ = h.db.Trades(ctx, "seer")
	if len(trades) != 2 || trades[1].TokenIn != buy.TokenOut || trades[1].AmountIn.Cmp(buy.AmountOut) != 0 || trades[1].AmountOut.Cmp(buy.AmountOut) != 0 {
		t.Fatalf("redeem trade = %+v, want all %s Yes tokens for as many USDC", trades[1], buy.AmountOut)
	}
	profit := new(big.Int).Sub(buy.AmountOut, buy.AmountIn)
	if got := new(big.Int).Sub(h.balance(t, h.usdc.Address), usdc0); got.Cmp(profit) != 0 {
		t.Fatalf("USDC moved by %s, want the profit %s", got, profit)
	}
	scores, err := h.db.Scores(ctx, "seer")
	if err != nil || len(scores) != 1 || scores[0].Model != "rules" || math.Abs(scores[0].Brier-0.04) > 1e-9 || scores[0].Markets != 1 {
		t.Fatalf("scores = %+v (%v), want rules with Brier (0.8-1)^2 = 0.04", scores, err)
	}
	if res, err := h.db.Verify(ctx, "seer"); err != nil || res.Problem != "" || res.Checked != 4 {
		t.Fatalf("verify: %+v (%v)", res, err)
	}
	pos, _ := h.db.Positions(ctx, "seer", false)
	for _, p := range pos {
		if p.Token == buy.TokenOut {
			t.Fatalf("a position of %s Yes tokens is left after redeeming all", p.Amount)
		}
	}
}

// TestForecasterPaperMode: a paper forecaster signs nothing and books the
// quoted buy as a paper trade, valued at the market's price.
func TestForecasterPaperMode(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"},
		"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
	spec.Mode = ModePaper
	rt := forecasterRuntime(t, h, spec)
	before := h.nonce()
	tickOnce(t, rt, "seer")
	if h.nonce() != before || len(h.signedTxs()) != 0 {
		t.Fatal("paper mode sent a transaction")
	}
	trades, err := h.db.Trades(context.Background(), "seer")
	if err != nil || len(trades) != 1 || !trades[0].Paper || trades[0].AmountOut.Sign() <= 0 {
		t.Fatalf("paper trades = %+v (%v)", trades, err)
	}
	tickOnce(t, rt, "seer")
	snaps := rt.Snapshots()
	if len(snaps) != 1 || snaps[0].PnL == "" || snaps[0].Equity == "" {
		t.Fatalf("no paper equity or PnL reported: %+v", snaps)
	}
}

// TestBadForecastRepliesRecordedWithoutTrade: replies whose probabilities
// do not sum to 1, are negative or name an unknown market are refused
// (after one retry each) and recorded as failed decisions; nothing is signed.
func TestBadForecastRepliesRecordedWithoutTrade(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"}})
	forecast := func(market, probs string) string {
		return fmt.Sprintf(`{"forecasts":[{"market":%q,"probabilities":[%s],"confidence":0.9,"rationale":"trust me"}]}`, market, probs)
	}
	replies := []string{
		forecast("dexb-premium", "0.9, 0.3"), forecast("dexb-premium", "0.9, 0.3"),
		forecast("dexb-premium", "-0.3, 1.3"), forecast("dexb-premium", "-0.3, 1.3"),
		forecast("moon-landing", "0.5, 0.5"), forecast("moon-landing", "0.5, 0.5"),
	}
	srv := ollamaStub(t, replies)
	p, err := llm.NewOllama(llm.OllamaOptions{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := llm.ParseModel("ollama:qwen2.5:3b")
	spec.Brain = &ModelBrain{Model: m, Provider: p}
	rt := forecasterRuntime(t, h, spec)
	for range 3 {
		tickOnce(t, rt, "seer")
	}
	recs := records(t, h, "seer")
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3 failed decisions", len(recs))
	}
	for i, want := range []string{"sum to 1.2000", "negative", `unknown market "moon-landing"`} {
		if recs[i].Outcome != store.OutcomeFailed || !strings.Contains(recs[i].Error, want) || len(recs[i].Action) != 0 {
			t.Errorf("record %d: outcome %s, error %q, action %s; want failed with %q", i, recs[i].Outcome, recs[i].Error, recs[i].Action, want)
		}
	}
	if len(h.signedTxs()) != 0 {
		t.Fatal("a transaction was signed for a refused forecast")
	}
	if fs, _ := h.db.Forecasts(context.Background(), "seer"); len(fs) != 0 {
		t.Fatalf("refused forecasts were indexed: %v", fs)
	}
}

// ollamaStub speaks Ollama's /api/tags and non-streaming /api/chat,
// answering each chat with the next reply.
func ollamaStub(t *testing.T, replies []string) *httptest.Server {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/api/tags":
			io.WriteString(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b","digest":"845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e"}]}`)
		case "/api/chat":
			mu.Lock()
			c := replies[min(n, len(replies)-1)]
			n++
			mu.Unlock()
			fmt.Fprintf(w, `{"model":"qwen2.5:3b","created_at":"2025-03-01T10:00:00Z","message":{"role":"assistant","content":%q},"done":true,"done_reason":"stop"}`, c)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (h *harness) balance(t *testing.T, token common.Address) *big.Int {
	t.Helper()
	b, err := h.client.Balances(context.Background(), h.signer.Address(), []common.Address{token})
	if err != nil {
		t.Fatal(err)
	}
	return b[token]
}

func (h *harness) signedTxs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]string, len(h.signed))
	for i, tx := range h.signed {
		out[i] = tx.Hash().Hex()
	}
	return out
}

var _ strategies.Strategy = (*predict.Forecaster)(nil)

// TestForecasterPromptFencesQuestions: market questions and outcome labels
// reach the model only inside data fences, never in the trusted summary.
func TestForecasterPromptFencesQuestions(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	spec, _ := forecasterAgent(t, h, map[string]any{"markets": []string{"dexb-premium"}})
	obs, err := spec.Strategy.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mk, _ := h.net.Manifest().Market("dexb-premium")
	user := userPrompt(obs)
	start := strings.Index(user, "<<<DATA market_dexb-premium_question ")
	end := strings.Index(user, "<<<END market_dexb-premium_question ")
	if start < 0 || end < start || !strings.Contains(user[start:end], mk.Question) {
		t.Fatalf("question not fenced:\n%s", user)
	}
	if strings.Contains(obs.Summary, mk.Question) || strings.Count(user, mk.Question) != 1 {
		t.Fatalf("question outside its fence:\n%s", user)
	}
	if sys := systemPrompt(spec.Strategy); !strings.Contains(sys, "untrusted data") || !strings.Contains(sys, llm.FenceNotice) {
		t.Fatalf("system prompt does not say questions are data:\n%s", sys)
	}
}
