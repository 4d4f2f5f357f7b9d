package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
)

// TestPolymarketAgentRedeemsThroughTheAdapter: a predict.polymarket agent
// trading a market whose tokens are USDC.e's positions, as Polygon's are,
// buys YES on the CLOB; once the market resolves (on the CLOB and by the
// oracle), its next tick, whatever the brain says, plans the redeem through
// the collateral adapter, operator rights first. The runtime judges and
// sends both calls, the wallet is paid exactly its tokens in pUSD, the
// redeem is booked from the receipt, the log verifies and replays
// identically.
func TestPolymarketAgentRedeemsThroughTheAdapter(t *testing.T) {
	tools.Require(t, "@gnosis.pm/conditional-tokens-contracts")
	ctx := context.Background()
	p := newPMChain(t)
	h, err := bootGnosis(t, loadConfig(t, p.config(t, ""), nil))
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	me := signer.Address()
	if err := p.net.Fund(ctx, me, units(10, 18), nil); err != nil {
		t.Fatal(err)
	}
	yes, no := p.std.tokens[0], p.std.tokens[1]
	srv := clobtest.New(t, clobtest.Options{ChainID: 1337, Markets: []clobtest.Market{{ConditionID: p.std.cond.Hex(),
		Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "1"}}})
	srv.Fund(me, units(1_000, 6))
	srv.AddLiquidity(yes, clob.Sell, "0.60", "100")
	srv.AddLiquidity(yes, clob.Buy, "0.40", "100")
	l1, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: 1337, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	creds, err := l1.CreateOrDeriveAPIKey(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clob.NewClient(clob.Options{Host: srv.URL, ChainID: 1337, Signer: addrOnly(me), Creds: &creds})
	if err != nil {
		t.Fatal(err)
	}
	params := polymarket.DefaultParams()
	params.ChainID = 1337
	params.Markets = []polymarket.MarketParam{{Name: "yes", TokenID: yes.String(), Fair: "0.70", ConditionID: p.std.cond.Hex()}}
	strat, err := polymarket.New(polymarket.Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: me}, params)
	if err != nil {
		t.Fatal(err)
	}
	pusd := strategies.Token{Address: p.pusd, Symbol: "PUSD", Decimals: 6}
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	entry, err := polymarket.FromConfig(configs.PolymarketMarket{ConditionID: p.std.cond.Hex(), Tokens: []string{yes.String(), no.String()}})
	if err != nil {
		t.Fatal(err)
	}
	cat.Add("pm-std", entry)
	pol, _, err := CompilePolicy("agents[1]", configs.Policy{AllowedTokens: []string{"PUSD"},
		AllowedContracts: []string{"pm-std", p.cs.Exchange.Hex(), p.cs.CtfAdapter.Hex()},
		AllowedMethods:   []string{"setApprovalForAll", "redeemPositions"},
		MaxTrade:         map[string]configs.Decimal{"PUSD": "10"}, MaxDailyQuote: "50", QuoteToken: "PUSD", MaxTradesPerHour: 100}, cat)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Runtime.Add(Spec{Name: "poly", Strategy: strat, Brain: RulesBrain{}, Mode: ModeAuto, Interval: time.Hour,
		Policy: pol, Signer: signer, Quote: pusd}); err != nil {
		t.Fatal(err)
	}
	st, err := h.Runtime.agent("poly")
	if err != nil {
		t.Fatal(err)
	}

	// It buys YES on the CLOB; settlement lands the tokens in the wallet
	// (the test splits USDC.e into them and sends them, as the exchange
	// would).
	if err := h.Runtime.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	held := srv.Tokens(me, yes)
	if held.Sign() <= 0 {
		t.Fatal("the agent bought no YES")
	}
	g := p.gnosisWorld
	if err := p.net.Fund(ctx, g.creator.From(), units(1, 18), map[string]*big.Int{"USDC": held}); err != nil {
		t.Fatal(err)
	}
	g.send(t, g.creator, &p.usdc.Address, tokenABIb.PackApprove(p.ctf, held))
	g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "splitPosition", p.usdc.Address, [32]byte{}, p.std.cond, []*big.Int{big.NewInt(1), big.NewInt(2)}, held))
	g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "safeTransferFrom", g.creator.From(), me, yes, held, []byte{}))

	// YES wins, on the CLOB and on chain.
	srv.Resolve(p.std.cond.Hex(), 0)
	g.send(t, g.oracle, &p.ctf, gnosisPack(t, p.ctfABI, "reportPayouts", p.std.qid, []*big.Int{big.NewInt(1), big.NewInt(0)}))
	before := p.balance(t, p.pusd, me)
	if err := h.Runtime.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(p.balance(t, p.pusd, me), before); got.Cmp(held) != 0 {
		t.Fatalf("the redeem paid %s pUSD units for %s winning tokens", got, held)
	}
	if left := p.balance1155(t, me, yes); left.Sign() != 0 {
		t.Fatalf("%s YES left after the redeem", left)
	}
	recs, err := h.DB.Records(ctx, "poly", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The redeem decision names both calls and was confirmed (in its own
	// record or its completion's).
	confirmed := map[uint64]bool{}
	for _, r := range recs {
		if r.Outcome == store.OutcomeConfirmed {
			confirmed[r.Seq], confirmed[r.Completes] = true, true
		}
	}
	found := false
	for _, r := range recs {
		sim := string(r.Simulation)
		if r.Kind == store.KindDecision && strings.Contains(sim, "redeemPositions") && strings.Contains(sim, "setApprovalForAll") && confirmed[r.Seq] {
			found = true
		}
	}
	if !found {
		t.Fatalf("no confirmed redeem of two calls in the log: %+v", recs)
	}
	trades, err := h.DB.Trades(ctx, "poly")
	if err != nil {
		t.Fatal(err)
	}
	last := trades[len(trades)-1]
	if last.TokenIn != predict.PositionToken(p.ctf, yes) || last.AmountIn.Cmp(held) != 0 || last.TokenOut != p.pusd || last.AmountOut.Cmp(held) != 0 {
		t.Fatalf("the redeem booked %+v, want %s YES for as many pUSD units", last, held)
	}
	if v, err := h.DB.Verify(ctx, "poly"); err != nil || v.Problem != "" {
		t.Fatalf("verify %+v (%v)", v, err)
	}
	if replayed, res := replayedIdentically(t, h.DB, "poly"); replayed < 2 {
		t.Fatalf("%d decisions replayed to the same plan, want the buy and the redeem: %+v", replayed, res)
	}
}
