package agent

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/dex"
)

// A headless run configured for a real chain (the devnet's JSON-RPC URL,
// chain.tokens, and chain.venues naming dex-a as V2 and the published V3
// deployment with protocol: v3) boots an arbitrage agent on the two and,
// 2% apart, it trades the round trip: both legs confirmed and booked, the
// V2 leg at exactly the V2 router's getAmountsOut and the V3 leg at
// exactly QuoterV2's quote, each at the block before its swap.
func TestBootHeadlessArbitragesV2AgainstV3FromConfig(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, venue := newV3World(t, 200)
	dexA := dex.V2Venues(w.cat)["dex-a"]
	cfg := loadConfig(t, fmt.Sprintf(`
chain:
  rpc: %s
  chain_id: 1337
  tokens:
    USDC: {address: "%s", decimals: 6}
    WETH: {address: "%s", decimals: 18}
  venues:
    dex-a: {router: "%s", factory: "%s"}
    uni-v3: {protocol: v3, router: "%s", factory: "%s", quoter: "%s"}
identity: {mode: off}
anchoring: {enabled: false}
agents:
  - name: arb
    strategy: dex.arbitrage
    model: rules
    mode: auto
    interval: 200ms
    params: {dexes: [dex-a, uni-v3], base: WETH, quote: USDC, native: WETH, max_trade: "1000", min_profit: "0.01"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, uni-v3]
      allowed_methods: [approve, swapExactTokensForTokens, multicall]
      max_trade: {USDC: "1000", WETH: "0.5"}
      max_trade_quote: "1000"
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 100
`, w.net.Manifest().RPC, w.usdc.Address.Hex(), w.weth.Address.Hex(), dexA.Router.Hex(), dexA.Factory.Hex(),
		venue.SwapRouter02.Hex(), venue.Factory.Hex(), venue.Quoter.Hex()), nil)
	h, err := Boot(ctx, BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true,
		Passphrase: func() (string, bool, error) { return "test passphrase", true, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, ok := dex.V3Venues(h.Catalog)[v3Venue]; !ok {
		t.Fatalf("catalog V3 venues %v", dex.V3Venues(h.Catalog))
	}
	st, err := h.Runtime.agent("arb")
	if err != nil {
		t.Fatal(err)
	}
	agentAddr := st.spec.Signer.Address()
	if err := w.net.Fund(ctx, agentAddr, units(10, 18), map[string]*big.Int{"USDC": units(10_000, 6)}); err != nil {
		t.Fatal(err)
	}
	sub := h.Runtime.Bus().Subscribe(4096)
	defer sub.Close()
	runCtx, cancel := context.WithCancel(ctx)
	h.Runtime.Run(runCtx)
	deadline := time.After(60 * time.Second)
	for traded := false; !traded; {
		select {
		case e := <-sub.C:
			if r, ok := e.(DecisionRecorded); ok && r.Agent == "arb" && r.Outcome == store.OutcomeConfirmed {
				traded = true
			}
		case <-deadline:
			t.Fatal("no confirmed round trip after 60s")
		}
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)

	trades, err := h.DB.Trades(ctx, "arb")
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) < 2 || trades[0].Venue != "dex-a" || trades[1].Venue != v3Venue || trades[0].Seq != trades[1].Seq {
		t.Fatalf("trades %+v; want the round trip's two legs, dex-a then %s", trades, v3Venue)
	}
	before := func(tr store.Trade) *big.Int {
		rc, err := w.client.Backend().TransactionReceipt(ctx, tr.TxHash)
		if err != nil || rc.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("receipt of %s: %v", tr.TxHash.Hex(), err)
		}
		return new(big.Int).Sub(rc.BlockNumber, big.NewInt(1))
	}
	l1, l2 := trades[0], trades[1]
	if want := v2Out(t, w, before(l1), l1.AmountIn, w.usdc, w.weth); l1.AmountOut.Cmp(want) != 0 {
		t.Fatalf("V2 leg booked %s WETH for %s USDC; the router quoted %s", l1.AmountOut, l1.AmountIn, want)
	}
	a := &v3Agent{w: w}
	q, err := a.v3(t, venue).QuoteExactInputSingle(ctx, w.weth.Address, w.usdc.Address, 3000, l2.AmountIn, nil, before(l2))
	if err != nil || l2.AmountOut.Cmp(q.Amount) != 0 {
		t.Fatalf("V3 leg booked %s USDC for %s WETH; QuoterV2 quoted %v (%v)", l2.AmountOut, l2.AmountIn, q, err)
	}
	if l2.AmountOut.Cmp(l1.AmountIn) <= 0 {
		t.Fatalf("the round trip spent %s USDC and got %s back", l1.AmountIn, l2.AmountOut)
	}
	res, err := h.DB.VerifyAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK() {
			t.Fatalf("verify %v", r)
		}
	}
}
