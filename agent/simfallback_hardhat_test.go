package agent

import (
	"context"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// hardhatWorld deploys WETH, a 6-decimal USDC and our Uniswap V2 factory
// and router on hardhat's node, seeds a WETH/USDC pool at 3000 USDC per
// WETH, and returns a world whose catalog names them as the devnet does,
// and an agent key with gas money and 10,000 USDC.
func hardhatWorld(t *testing.T) (*world, *wallet.Signer) {
	t.Helper()
	ctx := context.Background()
	url := tools.HardhatNode(t, devnet.ChainID)
	client, err := wallet.Dial(ctx, url, wallet.Options{ChainID: devnet.ChainID,
		PollInterval: 10 * time.Millisecond, ReceiptTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	raw, err := rpc.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(raw.Close)
	key, _ := crypto.GenerateKey()
	dep := wallet.NewSigner(key)
	if err := raw.CallContext(ctx, nil, "hardhat_setBalance", dep.Address(), "0xd3c21bcecceda1000000"); err != nil {
		t.Fatalf("fund the deployer: %v", err)
	}
	tr := client.Transactor(dep.Address(), dep.SignerFn(big.NewInt(devnet.ChainID)))
	send := func(what string, to *common.Address, data []byte, value *big.Int) common.Address {
		t.Helper()
		rc, err := tr.Send(ctx, wallet.Intent{To: to, Data: data, Value: value})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return rc.ContractAddress
	}
	bin := func(b string, ctor []byte) []byte { return append(common.FromHex(b), ctor...) }
	tok, rt, wethB := contracts.NewTestToken(), contracts.NewUniswapV2Router(), contracts.NewWETH()
	weth := send("deploy WETH", nil, bin(contracts.WETHMetaData.Bin, nil), nil)
	usdc := send("deploy USDC", nil, bin(contracts.TestTokenMetaData.Bin, tok.PackConstructor("USD Coin", "USDC", 6, dep.Address())), nil)
	factory := send("deploy factory", nil, bin(contracts.UniswapV2FactoryMetaData.Bin, contracts.NewUniswapV2Factory().PackConstructor(dep.Address())), nil)
	router := send("deploy router", nil, bin(contracts.UniswapV2RouterMetaData.Bin, rt.PackConstructor(factory, weth)), nil)
	poolUSDC, poolWETH := units(3_000_000, 6), units(1_000, 18)
	send("wrap ETH", &weth, wethB.PackDeposit(), poolWETH)
	send("mint USDC", &usdc, tok.PackMint(dep.Address(), poolUSDC), nil)
	send("approve WETH", &weth, tok.PackApprove(router, poolWETH), nil)
	send("approve USDC", &usdc, tok.PackApprove(router, poolUSDC), nil)
	send("add liquidity", &router, rt.PackAddLiquidity(usdc, weth, poolUSDC, poolWETH, poolUSDC, poolWETH, dep.Address(), big.NewInt(1<<40)), nil)

	m := &devnet.Manifest{ChainID: devnet.ChainID, RPC: url, WETH: weth,
		Tokens: []devnet.Token{{Symbol: "WETH", Name: "Wrapped Ether", Decimals: 18, Address: weth},
			{Symbol: "USDC", Name: "USD Coin", Decimals: 6, Address: usdc}},
		DEXes: []devnet.DEX{{Name: "dex-a", Factory: factory, Router: router}}}
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{tb: t, db: db, client: client, cat: devnetCatalog(m), dexA: router}
	w.weth, _ = w.cat.Token("WETH")
	w.usdc, _ = w.cat.Token("USDC")
	akey, _ := crypto.GenerateKey()
	agentSigner := wallet.NewSigner(akey)
	if err := raw.CallContext(ctx, nil, "hardhat_setBalance", agentSigner.Address(), "0x8ac7230489e80000"); err != nil {
		t.Fatal(err)
	}
	send("mint the agent's USDC", &usdc, tok.PackMint(agentSigner.Address(), units(10_000, 6)), nil)
	return w, agentSigner
}

// A momentum agent on hardhat's node, which has no eth_simulateV1: its
// approve + swap is simulated with eth_call and an allowance override,
// allowed by the policy, sent and confirmed, the trade booked, and the
// decision says it was simulated with "eth_call+overrides".
func TestSimFallbackAgentTradesOnHardhat(t *testing.T) {
	t.Parallel()
	w, signer := hardhatWorld(t)
	rt := w.runtime()
	pol, quote := w.policy(tightPolicy("dex-a"))
	strat := w.strategy(dex.MomentumName, signer.Address(), func(p any) { p.(*dex.MomentumParams).MaxTrade = "300" })
	reply := `{"action":"buy","size_bps":10000,"confidence":0.9,"rationale":"hardhat test"}`
	spec := Spec{Name: "momentum", Strategy: strat, Policy: pol, Quote: quote, Assets: assets(pol),
		Brain:  modelBrain(&cannedModel{answer: func(llm.Request) string { return reply }}),
		Signer: signer, Mode: ModeAuto, Interval: 20 * time.Millisecond}
	st := w.add(rt, spec, nil)
	ctx := context.Background()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatalf("tick on hardhat: %v", err)
	}
	recs := records(t, &harness{db: w.db}, "momentum")
	if len(recs) != 2 {
		t.Fatalf("want a decision and its completion, got %+v", recs)
	}
	dec, done := recs[0], recs[1]
	doc := simDoc(t, dec)
	if dec.Verdict != store.VerdictAllowed || doc.Via != wallet.SimulatedCall || len(doc.Txs) != 2 {
		t.Fatalf("decision: verdict %s %v, simulated via %q, %d txs; error %q", dec.Verdict, dec.Reasons, doc.Via, len(doc.Txs), dec.Error)
	}
	if done.Outcome != store.OutcomeConfirmed {
		t.Fatalf("completion: %s %q", done.Outcome, done.Error)
	}
	amts, err := swapAmounts(doc.Calls[1].Return)
	if err != nil {
		t.Fatal(err)
	}
	trades, err := w.db.Trades(ctx, "momentum")
	if err != nil || len(trades) != 1 {
		t.Fatalf("trades %+v %v", trades, err)
	}
	if tr := trades[0]; tr.AmountIn.Cmp(units(300, 6)) != 0 || tr.AmountOut.Cmp(amts[1]) != 0 {
		t.Fatalf("booked %s USDC -> %s WETH; simulated %s -> %s", tr.AmountIn, tr.AmountOut, amts[0], amts[1])
	}
	if res, err := w.db.Verify(ctx, "momentum"); err != nil || !res.OK() {
		t.Fatalf("verify: %+v %v", res, err)
	}
}
