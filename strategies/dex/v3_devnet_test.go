package dex

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// TestV3BesideV2OnTheDevnet deploys the published V3 stack on the embedded
// devnet next to its V2 DEX (SwapRouter02's V2 factory is dex-a's), prices
// the V3 WETH/USDC pool 2% above dex-a's, reads it through an ordinary
// JSON-RPC client, and makes the round trip an arbitrage between the two
// would: buy WETH on V2 with the wallet, sell it on V3. Both legs move
// exactly what their clients quoted, and the agent ends with more USDC.
func TestV3BesideV2OnTheDevnet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{RPCAddr: "127.0.0.1:0"}, map[string]int64{"USDC": 10_000})
	ctx := context.Background()
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	venue := e.deployV3(t, 200)
	v2 := e.router(t, "dex-a")
	v2pool, err := v2.Pool(ctx, weth.Address, usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}

	// the V3 client reads over JSON-RPC, as against any node
	rpcCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ec, err := ethclient.DialContext(rpcCtx, e.m.RPC)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	c, err := NewV3(ec, venue)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckRouter(ctx); err != nil {
		t.Fatal(err)
	}
	head, err := ec.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline, _ := Deadline(head, 10*time.Minute)
	spend := e.whole(t, "USDC", 1_000)

	// leg 1: USDC -> WETH on dex-a (V2)
	buy, err := v2.PlanSwap(ctx, v2pool, SwapSpec{TokenIn: usdc, TokenOut: weth, AmountIn: spend, SlippageBps: 50, Account: e.tr.From(), Deadline: deadline})
	if err != nil {
		t.Fatal(err)
	}
	usdc0 := e.balance(t, "USDC", e.tr.From())
	got1 := e.runLeg(t, buy)
	// leg 2: sell exactly that WETH on V3
	sell, v3, err := c.PlanSwap(ctx, SwapSpec{TokenIn: weth, TokenOut: usdc, AmountIn: got1, SlippageBps: 50, Account: e.tr.From(), Deadline: deadline}, 3000, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v3.Local == nil || v3.Local.AmountOut.Cmp(v3.Quote.Amount) != 0 {
		t.Fatalf("no exact local cross-check over JSON-RPC: %+v", v3.Local)
	}
	got2 := e.runLeg(t, sell)
	if got2.Cmp(v3.Quote.Amount) != 0 {
		t.Fatalf("V3 leg paid %s, QuoterV2 quoted %s", got2, v3.Quote.Amount)
	}
	profit := new(big.Int).Sub(e.balance(t, "USDC", e.tr.From()), usdc0)
	if profit.Sign() <= 0 {
		t.Fatalf("the V2 -> V3 round trip on a 2%% gap lost %s USDC base units", profit)
	}
	t.Logf("1000 USDC -> %s WETH on dex-a -> %s USDC on V3: +%s USDC base units", got1, got2, profit)
}

// deployV3 deploys the published V3 stack on the devnet next to dex-a
// (SwapRouter02's V2 factory is dex-a's) from a liquidity provider, and a
// full-range WETH/USDC 0.3% pool priced gapBps above dex-a's mid price,
// deep enough (about 1,000 WETH) that a 1,000 USDC round trip keeps the gap.
func (e *env) deployV3(t *testing.T, gapBps int64) V3Venue {
	t.Helper()
	factoryArt, npmArt := loadArt(t, artV3Factory), loadArt(t, artNPM)
	quoterArt, routerArt := loadArt(t, artQuoterV2), loadArt(t, artRouter02)
	lp := e.account(t, map[string]int64{"WETH": 1_000, "USDC": 3_100_000})
	ctx := context.Background()
	send := func(to *common.Address, data []byte) *types.Receipt {
		t.Helper()
		r, err := lp.Send(ctx, wallet.Intent{To: to, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		e.settleBlock(t, r.BlockNumber)
		return r
	}
	deploy := func(code, ctor []byte) common.Address {
		return send(nil, append(append([]byte{}, code...), ctor...)).ContractAddress
	}
	dexA, _ := e.m.DEX("dex-a")
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	factory := deploy(factoryArt.Bytecode, nil)
	npm := deploy(npmArt.Bytecode, pack(t, npmArt.ABI, "", factory, weth.Address, lp.From()))
	venue := V3Venue{Name: "uniswap-v3", Factory: factory,
		Quoter:       deploy(quoterArt.Bytecode, pack(t, quoterArt.ABI, "", factory, weth.Address)),
		SwapRouter02: deploy(routerArt.Bytecode, pack(t, routerArt.ABI, "", dexA.Factory, factory, npm, weth.Address))}

	// the pool at dex-a's price plus the gap, in raw units (token1 per token0)
	v2pool, err := e.router(t, "dex-a").Pool(ctx, weth.Address, usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	rWETH, rUSDC, err := v2pool.Reserves(weth.Address)
	if err != nil {
		t.Fatal(err)
	}
	t0, t1 := weth.Address, usdc.Address
	num, den := new(big.Int).Mul(rUSDC, big.NewInt(10_000+gapBps)), new(big.Int).Mul(rWETH, big.NewInt(10_000))
	if t1.Cmp(t0) < 0 {
		t0, t1, num, den = t1, t0, den, num
	}
	sqrtP := new(big.Int).Lsh(num, 192)
	sqrtP.Sqrt(sqrtP.Quo(sqrtP, den))
	send(&npm, pack(t, npmArt.ABI, "createAndInitializePoolIfNecessary", t0, t1, big.NewInt(3000), sqrtP))
	sym := map[common.Address]string{weth.Address: "WETH", usdc.Address: "USDC"}
	for _, tok := range []common.Address{t0, t1} {
		send(&tok, erc20ABI.PackApprove(npm, e.balance(t, sym[tok], lp.From())))
	}
	send(&npm, pack(t, npmArt.ABI, "mint", nfpMint{
		Token0: t0, Token1: t1, Fee: big.NewInt(3000),
		TickLower: big.NewInt(v3FullLower), TickUpper: big.NewInt(v3FullUpper),
		Amount0Desired: e.balance(t, sym[t0], lp.From()), Amount1Desired: e.balance(t, sym[t1], lp.From()),
		Amount0Min: new(big.Int), Amount1Min: new(big.Int), Recipient: lp.From(), Deadline: new(big.Int).SetUint64(1 << 40),
	}))
	return venue
}

// runLeg sends a leg's calls from the agent, checks the swap's deltas
// against its trade and returns what it received.
func (e *env) runLeg(t *testing.T, leg *Leg) *big.Int {
	t.Helper()
	var r *types.Receipt
	for i, call := range leg.Calls {
		to := call.To
		var err error
		if r, err = e.tr.Send(context.Background(), wallet.Intent{To: &to, Data: call.Data}); err != nil {
			t.Fatalf("call %d (%s): %v", i, call.Method, err)
		}
		e.settleBlock(t, r.BlockNumber)
	}
	d, err := VerifySwap(context.Background(), e.d.Client(), e.tr.From(), leg.Trade, r)
	if err != nil {
		t.Fatal(err)
	}
	return d.Received
}
