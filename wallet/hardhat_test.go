package wallet_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
)

// On hardhat's node (no eth_simulateV1; eth_estimateGas without state
// overrides) an approve + swap on our Uniswap V2 contracts is simulated
// call by call, and the simulation is what the chain then does: sent with
// exactly the simulated gas, both calls succeed and the swap pays out the
// simulated amount to the wei.
func TestHardhatSimulatesApproveAndSwapWithoutSimulateV1(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := tools.HardhatNode(t, 31337)
	c, err := wallet.Dial(ctx, url, wallet.Options{PollInterval: 10 * time.Millisecond, ReceiptTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	chainID, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	s := wallet.NewSigner(key)
	me := s.Address()
	raw, err := rpc.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.CallContext(ctx, nil, "hardhat_setBalance", me, "0x3635c9adc5dea00000"); err != nil {
		t.Fatalf("fund the test account: %v", err)
	}
	tr := c.Transactor(me, s.SignerFn(chainID))
	send := func(what string, to *common.Address, data []byte) common.Address {
		t.Helper()
		rc, err := tr.Send(ctx, wallet.Intent{To: to, Data: data})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return rc.ContractAddress
	}
	tok, rt := contracts.NewTestToken(), contracts.NewUniswapV2Router()
	bin := func(b string, ctor []byte) []byte { return append(common.FromHex(b), ctor...) }
	weth := send("deploy WETH", nil, bin(contracts.WETHMetaData.Bin, nil))
	usd := send("deploy TUSD", nil, bin(contracts.TestTokenMetaData.Bin, tok.PackConstructor("Test USD", "TUSD", 6, me)))
	eth := send("deploy TETH", nil, bin(contracts.TestTokenMetaData.Bin, tok.PackConstructor("Test ETH", "TETH", 18, me)))
	factory := send("deploy factory", nil, bin(contracts.UniswapV2FactoryMetaData.Bin, contracts.NewUniswapV2Factory().PackConstructor(me)))
	router := send("deploy router", nil, bin(contracts.UniswapV2RouterMetaData.Bin, rt.PackConstructor(factory, weth)))
	poolUSD, poolETH := big.NewInt(500_000e6), new(big.Int).Mul(big.NewInt(250), big.NewInt(1e18))
	send("mint TUSD", &usd, tok.PackMint(me, new(big.Int).Mul(poolUSD, big.NewInt(2))))
	send("mint TETH", &eth, tok.PackMint(me, poolETH))
	send("approve TUSD", &usd, tok.PackApprove(router, poolUSD))
	send("approve TETH", &eth, tok.PackApprove(router, poolETH))
	far := big.NewInt(1 << 40)
	send("add liquidity", &router, rt.PackAddLiquidity(usd, eth, poolUSD, poolETH, poolUSD, poolETH, me, far))

	amt := big.NewInt(1_000e6)
	plan := []wallet.Intent{
		{To: &usd, Data: tok.PackApprove(router, amt)},
		{To: &router, Data: rt.PackSwapExactTokensForTokens(amt, big.NewInt(1), []common.Address{usd, eth}, me, far)},
	}
	sim, err := c.SimulatePlan(ctx, me, plan)
	if err != nil {
		t.Fatalf("simulate on hardhat: %v", err)
	}
	if sim.Via != wallet.SimulatedCall {
		t.Fatalf("simulated via %q on hardhat, want %q", sim.Via, wallet.SimulatedCall)
	}
	for i, r := range sim.Calls {
		if !r.OK || r.GasUsed == 0 {
			t.Fatalf("call %d: %+v", i, r)
		}
	}
	amounts, err := rt.UnpackSwapExactTokensForTokens(sim.Calls[1].Return)
	if err != nil || len(amounts) != 2 || amounts[1].Sign() <= 0 {
		t.Fatalf("simulated swap amounts %v %v", amounts, err)
	}
	before, err := c.Token(eth).BalanceOf(ctx, me)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range plan {
		in.Gas = sim.Calls[i].GasUsed
		rc, err := tr.Send(ctx, in)
		if err != nil {
			t.Fatalf("call %d sent with its simulated gas %d: %v", i, in.Gas, err)
		}
		if rc.GasUsed > sim.Calls[i].GasUsed {
			t.Fatalf("call %d used %d gas, simulated %d", i, rc.GasUsed, sim.Calls[i].GasUsed)
		}
	}
	after, err := c.Token(eth).BalanceOf(ctx, me)
	if err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(after, before); got.Cmp(amounts[1]) != 0 {
		t.Fatalf("the swap paid %s TETH base units, the simulation said %s", got, amounts[1])
	}
}
