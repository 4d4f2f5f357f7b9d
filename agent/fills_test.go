package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// resting is a strategy whose order rests on a test venue that fills it
// later: it holds, reports what the venue says it holds of its outcome
// token (strategies.Holder) and the venue's settled fills
// (strategies.Matcher). The venue is the test: it settles a fill on the
// devnet (the counterparty pulls the collateral the agent approved, as an
// exchange contract does) and then reports it.
type resting struct {
	scripted
	outcome strategies.Token
	mark    *big.Int // the outcome token's mark, quote units per whole token

	mu    sync.Mutex
	held  *big.Int
	fills []strategies.VenueFill
}

func (s *resting) Name() string { return "test.resting" }

func (s *resting) Observe(ctx context.Context) (*strategies.Observation, error) {
	obs, err := s.scripted.Observe(ctx)
	if err != nil {
		return nil, err
	}
	obs.Marks[s.outcome.Address] = s.mark
	return obs, nil
}

func (s *resting) ExtraAssets() []strategies.Token { return []strategies.Token{s.outcome} }

func (s *resting) HeldAssets(*strategies.Observation) map[common.Address]*big.Int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[common.Address]*big.Int{s.outcome.Address: new(big.Int).Set(s.held)}
}

func (s *resting) Fills(context.Context) ([]strategies.VenueFill, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]strategies.VenueFill(nil), s.fills...), nil
}

// A resting order filled on the venue is a trade the user sees: the
// position in the outcome token and the collateral paid, PnL exactly the
// outcome tokens at their mark less what they cost (the token is also a
// listed asset: the venue's amount is counted once, not added to the
// chain's), no external flow for the collateral that left the wallet, one
// fill record that reads well in the log and that verify checks, and a
// restart (the venue reporting the same fill again) books nothing twice.
// The order is not in the agent's log: booked all the same, with a warning.
func TestVenueFillIsBookedOnceAsATradeNotAFlow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	m := h.net.Manifest()
	wbtc, _ := m.Token("WBTC") // stands for an outcome token the agent also lists as an asset
	outcome := strategies.Token{Address: wbtc.Address, Symbol: "YES", Decimals: wbtc.Decimals}
	s := &resting{scripted: scripted{h: h, decision: strategies.Decision{Action: "hold"}}, outcome: outcome,
		mark: big.NewInt(700_000), held: new(big.Int)} // 0.70 USDC per YES
	rt := h.runtime(Spec{Name: "maker", Strategy: s})
	var logs bytes.Buffer
	rt.log = slog.New(slog.NewTextHandler(&logs, nil))
	st, _ := rt.agent("maker")
	st.mu.Lock()
	st.spec.Assets = append(st.spec.Assets, outcome)
	st.mu.Unlock()

	// The exchange may pull the agent's USDC (approved before the
	// baseline, as setup would), and does once the order fills.
	key, _ := crypto.GenerateKey()
	exchange := wallet.NewSigner(key)
	if err := h.net.Fund(ctx, exchange.Address(), units(1, 18), nil); err != nil {
		t.Fatal(err)
	}
	usdc := h.usdc.Address
	agentTx := h.client.Transactor(h.signer.Address(), h.signer.SignerFn(big.NewInt(devnet.ChainID)))
	if _, err := agentTx.Send(ctx, wallet.Intent{To: &usdc, Data: tokenABIb.PackApprove(exchange.Address(), units(100, 6))}); err != nil {
		t.Fatal(err)
	}
	tickOnce(t, rt, "maker") // the baseline

	paid, got := units(6, 6), units(10, outcome.Decimals) // 10 YES at 0.60
	exTx := h.client.Transactor(exchange.Address(), exchange.SignerFn(big.NewInt(devnet.ChainID)))
	settle, err := exTx.Send(ctx, wallet.Intent{To: &usdc, Data: tokenABIb.PackTransferFrom(h.signer.Address(), exchange.Address(), paid)})
	if err != nil {
		t.Fatal(err)
	}
	const order, tradeID = "0xfeedorder", "trade-1"
	s.mu.Lock()
	s.held.Set(got)
	s.fills = []strategies.VenueFill{{ID: tradeID, Order: order, Time: time.Now(), TxHash: settle.TxHash, Price: "0.60",
		Fill: strategies.Fill{Venue: "testvenue", TokenIn: usdc, AmountIn: paid, TokenOut: outcome.Address, AmountOut: got}}}
	s.mu.Unlock()
	tickOnce(t, rt, "maker")

	want := big.NewRat(1_000_000, 1) // 10 x 0.70 - 6 USDC, in USDC units
	checkMaker := func(rt *Runtime, st *state) {
		t.Helper()
		st.mu.Lock()
		pnl, valueErr := st.pnl, st.snapshot.ValueErr
		st.mu.Unlock()
		if pnl == nil || pnl.Cmp(want) != 0 {
			t.Fatalf("PnL %v, want exactly %v (10 YES at 0.70 less the 6 USDC they cost); value error %q", pnl, want, valueErr)
		}
		pos, err := h.db.Positions(ctx, "maker", false)
		if err != nil {
			t.Fatal(err)
		}
		byTok := map[common.Address]string{}
		for _, p := range pos {
			byTok[p.Token] = p.Amount.String()
		}
		if len(pos) != 2 || byTok[outcome.Address] != got.String() || byTok[usdc] != "-"+paid.String() {
			t.Fatalf("positions %v, want +%s YES and -%s USDC", byTok, got, paid)
		}
		flows, err := h.db.Flows(ctx, "maker", false)
		if err != nil || len(flows) != 0 {
			t.Fatalf("the fill was counted as external flows %+v (%v)", flows, err)
		}
		trades, err := h.db.Trades(ctx, "maker")
		if err != nil || len(trades) != 1 {
			t.Fatalf("trades %+v (%v), want the fill once", trades, err)
		}
		if res, err := h.db.Verify(ctx, "maker"); err != nil || !res.OK() {
			t.Fatalf("verify: %+v %v", res, err)
		}
		if res, err := h.db.VerifyTrades(ctx, "maker"); err != nil || !res.OK() || res.Checked != 1 {
			t.Fatalf("verify trades: %+v %v", res, err)
		}
	}
	checkMaker(rt, st)

	recs, err := h.db.Records(ctx, "maker", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var fill *store.Record
	for i := range recs {
		if recs[i].Model == store.ModelFills {
			if fill != nil {
				t.Fatalf("two fill records: #%d and #%d", fill.Seq, recs[i].Seq)
			}
			fill = &recs[i]
		}
	}
	if fill == nil {
		t.Fatalf("no fill record in %+v", recs)
	}
	var d strategies.Decision
	_ = json.Unmarshal(fill.Action, &d)
	for _, part := range []string{order, "not signed by this agent", "paid 6 USDC", "got 10 YES", "at 0.60", tradeID} {
		if !strings.Contains(d.Rationale, part) {
			t.Fatalf("the log says %q, which does not name %q", d.Rationale, part)
		}
	}
	if d.Action != store.FillAction || fill.TxHash != settle.TxHash || fill.Intent != store.FillIntent(tradeID) ||
		!strings.Contains(string(fill.Receipt), `"order":"`+order+`"`) {
		t.Fatalf("fill record %+v", fill)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "never signed") {
		t.Fatalf("a fill of an order the agent never signed was booked without a warning:\n%s", logs.String())
	}

	// A restart: the venue reports the same fill again.
	rt2 := h.runtime(Spec{Name: "maker", Strategy: s})
	st2, _ := rt2.agent("maker")
	st2.mu.Lock()
	st2.spec.Assets = append(st2.spec.Assets, outcome)
	st2.mu.Unlock()
	tickOnce(t, rt2, "maker")
	tickOnce(t, rt2, "maker")
	checkMaker(rt2, st2)
}
