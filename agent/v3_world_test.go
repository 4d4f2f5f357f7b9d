package agent

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// v3Venue is the name the V3 deployment has in the test catalog, as
// chain.venues would give it with protocol: v3.
const v3Venue = "uni-v3"

// v3Mint is NonfungiblePositionManager.MintParams.
type v3Mint struct {
	Token0, Token1                 common.Address
	Fee                            *big.Int
	TickLower, TickUpper           *big.Int
	Amount0Desired, Amount1Desired *big.Int
	Amount0Min, Amount1Min         *big.Int
	Recipient                      common.Address
	Deadline                       *big.Int
}

// newV3World is the world, its devnet served over JSON-RPC on loopback,
// with the published Uniswap V3 stack (npm build
// artifacts: factory, NonfungiblePositionManager, QuoterV2, SwapRouter02
// with dex-a's factory as its V2 side) deployed on the devnet by a
// liquidity provider, and one full-range WETH/USDC 0.3% pool priced gapBps
// above dex-a's mid price, holding about 1,000 WETH. The catalog knows it
// as v3Venue, the way configCatalog reads a protocol: v3 venue.
func newV3World(t *testing.T, gapBps int64) (*world, dex.V3Venue) {
	t.Helper()
	ctx := context.Background()
	art := func(pkg, rel string) *tools.Artifact { return tools.LoadArtifact(t, pkg, rel) }
	factoryArt := art("@uniswap/v3-core", "artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json")
	npmArt := art("@uniswap/v3-periphery", "artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json")
	quoterArt := art("@uniswap/swap-router-contracts", "artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json")
	routerArt := art("@uniswap/swap-router-contracts", "artifacts/contracts/SwapRouter02.sol/SwapRouter02.json")
	w := newWorldWith(t, devnet.Options{RPCAddr: "127.0.0.1:0"}) // served: a config can name it
	lpKey := w.signer(rand.New(rand.NewPCG(0x3, 0x1a)), map[string]int64{"WETH": 1_000, "USDC": 3_500_000})
	lp := w.client.Transactor(lpKey.Address(), lpKey.SignerFn(big.NewInt(devnet.ChainID)))
	send := func(to *common.Address, data []byte) *types.Receipt {
		t.Helper()
		r, err := lp.Send(ctx, wallet.Intent{To: to, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		w.waitBlock(r.BlockNumber)
		return r
	}
	pack := func(a abi.ABI, method string, args ...any) []byte {
		t.Helper()
		data, err := a.Pack(method, args...)
		if err != nil {
			t.Fatalf("pack %q: %v", method, err)
		}
		return data
	}
	deploy := func(a *tools.Artifact, ctor ...any) common.Address {
		return send(nil, append(append([]byte{}, a.Bytecode...), pack(a.ABI, "", ctor...)...)).ContractAddress
	}
	dexA := dex.V2Venues(w.cat)["dex-a"]
	factory := deploy(factoryArt)
	npm := deploy(npmArt, factory, w.weth.Address, lpKey.Address())
	venue := dex.V3Venue{Name: v3Venue, Factory: factory,
		Quoter:       deploy(quoterArt, factory, w.weth.Address),
		SwapRouter02: deploy(routerArt, dexA.Factory, factory, npm, w.weth.Address)}

	r, err := dex.NewRouter(w.client.Backend(), dexA)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := r.Pool(ctx, w.weth.Address, w.usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	rWETH, rUSDC, _ := pool.Reserves(w.weth.Address)
	t0, t1 := w.weth.Address, w.usdc.Address
	num, den := new(big.Int).Mul(rUSDC, big.NewInt(10_000+gapBps)), new(big.Int).Mul(rWETH, big.NewInt(10_000))
	if t1.Cmp(t0) < 0 {
		t0, t1, num, den = t1, t0, den, num
	}
	sqrtP := new(big.Int).Lsh(num, 192)
	sqrtP.Sqrt(sqrtP.Quo(sqrtP, den))
	send(&npm, pack(npmArt.ABI, "createAndInitializePoolIfNecessary", t0, t1, big.NewInt(3000), sqrtP))
	bal := func(tok common.Address) *big.Int {
		b, err := dex.BalanceOf(ctx, w.client.Backend(), tok, lpKey.Address(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tok := range []common.Address{t0, t1} {
		send(&tok, tokenABIb.PackApprove(npm, bal(tok)))
	}
	send(&npm, pack(npmArt.ABI, "mint", v3Mint{
		Token0: t0, Token1: t1, Fee: big.NewInt(3000),
		TickLower: big.NewInt(-887220), TickUpper: big.NewInt(887220), // full range at spacing 60
		Amount0Desired: bal(t0), Amount1Desired: bal(t1), Amount0Min: new(big.Int), Amount1Min: new(big.Int),
		Recipient: lpKey.Address(), Deadline: new(big.Int).SetUint64(1 << 40),
	}))
	w.cat.Add(v3Venue, venue)
	return w, venue
}

// waitBlock waits until the latest block is at least n: a node shows a
// receipt a moment before it moves "latest" to the receipt's block.
func (w *world) waitBlock(n *big.Int) {
	w.tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h, err := w.client.Backend().HeaderByNumber(context.Background(), nil)
		if err != nil {
			w.tb.Fatal(err)
		}
		if h.Number.Cmp(n) >= 0 {
			return
		}
		if time.Now().After(deadline) {
			w.tb.Fatal("the chain head did not reach the last receipt's block")
		}
		time.Sleep(time.Millisecond)
	}
}
