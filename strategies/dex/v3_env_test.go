package dex

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/tools"
)

// The published artifacts the V3 tests deploy.
var (
	artV3Factory = [2]string{"@uniswap/v3-core", "artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json"}
	artV3Pool    = [2]string{"@uniswap/v3-core", "artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json"}
	artNPM       = [2]string{"@uniswap/v3-periphery", "artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json"}
	artQuoterV2  = [2]string{"@uniswap/swap-router-contracts", "artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json"}
	artRouter02  = [2]string{"@uniswap/swap-router-contracts", "artifacts/contracts/SwapRouter02.sol/SwapRouter02.json"}
)

func loadArt(tb testing.TB, a [2]string) *tools.Artifact { return tools.LoadArtifact(tb, a[0], a[1]) }

// v3env is a simulated chain with Uniswap V3 deployed from its npm build
// artifacts, three test tokens and funded accounts.
type v3env struct {
	t       testing.TB
	backend *simulated.Backend
	client  simulated.Client
	owner   *bind.TransactOpts
	venue   V3Venue
	npm     common.Address
	npmABI  abi.ABI
	quoter  *tools.Artifact
	tokens  map[string]strategies.Token
	spare   []*ecdsa.PrivateKey
}

const (
	v3FullLower = -887220 // full range at tick spacing 60
	v3FullUpper = 887220
)

func newV3Env(tb testing.TB) *v3env {
	tb.Helper()
	factoryArt, npmArt := loadArt(tb, artV3Factory), loadArt(tb, artNPM)
	quoterArt, routerArt := loadArt(tb, artQuoterV2), loadArt(tb, artRouter02)
	key := newV3Key(tb)
	alloc := types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: ether18(1_000_000)}}
	var spare []*ecdsa.PrivateKey // funded at genesis for account()
	for range 4 {
		k := newV3Key(tb)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: ether18(10)}
		spare = append(spare, k)
	}
	backend := simulated.NewBackend(alloc, func(_ *node.Config, eth *ethconfig.Config) {
		cfg := *params.AllDevChainProtocolChanges
		cfg.BogotaTime = nil // mainnet's EVM, as contracts/ tests run
		eth.Genesis.Config = &cfg
	})
	tb.Cleanup(func() { _ = backend.Close() })
	e := &v3env{t: tb, backend: backend, client: backend.Client(), tokens: map[string]strategies.Token{}, spare: spare}
	e.owner = bind.NewKeyedTransactor(key, big.NewInt(1337))

	weth, err := contracts.Load("WETH")
	if err != nil {
		tb.Fatal(err)
	}
	wethAddr := e.deploy(weth.Bytecode, nil)
	factory := e.deploy(factoryArt.Bytecode, nil)
	e.npm = e.deploy(npmArt.Bytecode, pack(tb, npmArt.ABI, "", factory, wethAddr, e.owner.From))
	e.npmABI = npmArt.ABI
	e.quoter = quoterArt
	quoter := e.deploy(quoterArt.Bytecode, pack(tb, quoterArt.ABI, "", factory, wethAddr))
	router := e.deploy(routerArt.Bytecode, pack(tb, routerArt.ABI, "", common.Address{}, factory, e.npm, wethAddr))
	e.venue = V3Venue{Name: "uniswap-v3", Factory: factory, Quoter: quoter, SwapRouter02: router}
	for _, sym := range []string{"AAA", "BBB", "CCC"} {
		tt := contracts.NewTestToken()
		tok, err := contracts.Load("TestToken")
		if err != nil {
			tb.Fatal(err)
		}
		addr := e.deploy(tok.Bytecode, tt.PackConstructor(sym, sym, 18, e.owner.From))
		e.tokens[sym] = strategies.Token{Address: addr, Symbol: sym, Decimals: 18}
		e.mint(sym, e.owner.From, ether18(100_000_000))
	}
	return e
}

func newV3Key(tb testing.TB) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func ether18(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// pack packs a constructor (method "") or method call from an artifact ABI.
func pack(tb testing.TB, a abi.ABI, method string, args ...any) []byte {
	tb.Helper()
	data, err := a.Pack(method, args...)
	if err != nil {
		tb.Fatalf("pack %q: %v", method, err)
	}
	return data
}

func (e *v3env) deploy(code, ctor []byte) common.Address {
	e.t.Helper()
	addr, tx, err := bind.DeployContract(e.owner, code, e.client, ctor)
	if err != nil {
		e.t.Fatal(err)
	}
	e.mined(tx)
	return addr
}

// send transacts data to to from opts, mines it and requires success. The
// gas estimate is padded by half, as the wallet pads it: a V3 swap that
// crosses a tick can run out at the bare estimate (storage refunds).
func (e *v3env) send(opts *bind.TransactOpts, to common.Address, data []byte) *types.Receipt {
	e.t.Helper()
	gas, err := e.client.EstimateGas(context.Background(), ethereum.CallMsg{From: opts.From, To: &to, Data: data})
	if err != nil {
		e.t.Fatal(err)
	}
	padded := *opts
	padded.GasLimit = gas * 3 / 2
	tx, err := bind.NewBoundContract(to, abi.ABI{}, e.client, e.client, e.client).RawTransact(&padded, data)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.mined(tx)
}

func (e *v3env) mined(tx *types.Transaction) *types.Receipt {
	e.t.Helper()
	e.backend.Commit()
	r, err := e.client.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		e.t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		e.t.Fatalf("transaction %s reverted", tx.Hash().Hex())
	}
	return r
}

func (e *v3env) mint(sym string, to common.Address, amt *big.Int) {
	e.t.Helper()
	e.send(e.owner, e.tokens[sym].Address, contracts.NewTestToken().PackMint(to, amt))
}

func (e *v3env) balance(sym string, who common.Address) *big.Int {
	e.t.Helper()
	b, err := BalanceOf(context.Background(), e.client, e.tokens[sym].Address, who, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// account is a key funded at genesis with 10 ETH, given whole tokens.
func (e *v3env) account(fund map[string]int64) *bind.TransactOpts {
	e.t.Helper()
	if len(e.spare) == 0 {
		e.t.Fatal("no funded keys left: raise the spare count in newV3Env")
	}
	opts := bind.NewKeyedTransactor(e.spare[0], big.NewInt(1337))
	e.spare = e.spare[1:]
	for sym, n := range fund {
		e.mint(sym, opts.From, ether18(n))
	}
	return opts
}

// approve lets spender take amt of sym from opts.
func (e *v3env) approve(opts *bind.TransactOpts, sym string, spender common.Address, amt *big.Int) {
	e.t.Helper()
	e.send(opts, e.tokens[sym].Address, contracts.NewIERC20().PackApprove(spender, amt))
}

// nfpMint is NonfungiblePositionManager.MintParams.
type nfpMint struct {
	Token0, Token1                 common.Address
	Fee                            *big.Int
	TickLower, TickUpper           *big.Int
	Amount0Desired, Amount1Desired *big.Int
	Amount0Min, Amount1Min         *big.Int
	Recipient                      common.Address
	Deadline                       *big.Int
}

// pool creates and initializes the a/b pool of fee at sqrtPrice (nil: it
// exists already) through the position manager and adds wholeEach of both tokens as
// liquidity between the ticks.
func (e *v3env) pool(a, b string, fee uint32, sqrtPrice *big.Int, lower, upper int, wholeEach int64) {
	e.t.Helper()
	t0, t1 := e.tokens[a].Address, e.tokens[b].Address
	if t0.Cmp(t1) > 0 {
		t0, t1 = t1, t0
	}
	feeB := big.NewInt(int64(fee))
	if sqrtPrice != nil {
		e.send(e.owner, e.npm, pack(e.t, e.npmABI, "createAndInitializePoolIfNecessary", t0, t1, feeB, sqrtPrice))
	}
	amt := ether18(wholeEach)
	e.approve(e.owner, a, e.npm, amt)
	e.approve(e.owner, b, e.npm, amt)
	e.send(e.owner, e.npm, pack(e.t, e.npmABI, "mint", nfpMint{
		Token0: t0, Token1: t1, Fee: feeB,
		TickLower: big.NewInt(int64(lower)), TickUpper: big.NewInt(int64(upper)),
		Amount0Desired: amt, Amount1Desired: amt, Amount0Min: new(big.Int), Amount1Min: new(big.Int),
		Recipient: e.owner.From, Deadline: new(big.Int).SetUint64(1 << 40),
	}))
}

// client is our V3 client on this chain.
func (e *v3env) v3() *V3 {
	e.t.Helper()
	c, err := NewV3(e.client, e.venue)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// deadline is an hour past the head block.
func (e *v3env) deadline() *big.Int {
	e.t.Helper()
	h, err := e.client.HeaderByNumber(context.Background(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return new(big.Int).SetUint64(h.Time + 3600)
}
