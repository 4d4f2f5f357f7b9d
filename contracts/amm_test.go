package contracts

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

var (
	factoryABI = NewUniswapV2Factory()
	pairABI    = NewUniswapV2Pair()
	routerABI  = NewUniswapV2Router()
)

// amm is one deployment of WETH, factory and router plus two funded test tokens:
// tkA (18 decimals) and tkB (6 decimals, like USDC). Both users hold plenty of
// each and have approved the router without limit.
type amm struct {
	c       *chain
	weth    common.Address
	wethI   *bind.BoundContract
	factory common.Address
	factI   *bind.BoundContract
	router  common.Address
	routerI *bind.BoundContract
	tkA     token
	tkB     token
}

func deployAMM(t testing.TB) *amm {
	t.Helper()
	c := newChain(t)
	x := &amm{c: c}
	x.weth, x.wethI = c.deployWETH()
	x.factory = c.deploy(UniswapV2FactoryMetaData.Bin, factoryABI.PackConstructor(c.owner.From))
	x.factI = factoryABI.Instance(c.client, x.factory)
	x.router = c.deploy(UniswapV2RouterMetaData.Bin, routerABI.PackConstructor(x.factory, x.weth))
	x.routerI = routerABI.Instance(c.client, x.router)
	x.tkA = c.deployToken("Token A", "TKA", 18)
	x.tkB = c.deployToken("Token B", "TKB", 6)
	for _, user := range []*bind.TransactOpts{c.owner, c.alice} {
		for _, tk := range []token{x.tkA, x.tkB} {
			c.mint(tk, user.From, ether(1_000_000_000))
			c.send(user, tk.inst, tokenABI.PackApprove(x.router, maxUint256))
		}
	}
	return x
}

// deadline is an hour after the latest block.
func (x *amm) deadline() *big.Int {
	return new(big.Int).SetUint64(x.c.now() + 3600)
}

// addLiquidity adds amtA of a and amtB of b for from through the router.
func (x *amm) addLiquidity(from *bind.TransactOpts, a, b token, amtA, amtB *big.Int) *types.Receipt {
	x.c.t.Helper()
	return x.c.send(from, x.routerI, routerABI.PackAddLiquidity(a.addr, b.addr, amtA, amtB, big.NewInt(0), big.NewInt(0), from.From, x.deadline()))
}

// pair returns the pair of two tokens as the factory records it, failing if none.
func (x *amm) pair(a, b common.Address) (common.Address, *bind.BoundContract) {
	x.c.t.Helper()
	addr := call(x.c.t, x.factI, factoryABI.PackGetPair(a, b), factoryABI.UnpackGetPair)
	if addr == (common.Address{}) {
		x.c.t.Fatalf("no pair for %s/%s", a, b)
	}
	return addr, pairABI.Instance(x.c.client, addr)
}

// reserves returns the pair's reserves ordered as (a, b).
func (x *amm) reserves(a, b common.Address) (*big.Int, *big.Int) {
	x.c.t.Helper()
	_, p := x.pair(a, b)
	r := call(x.c.t, p, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	if token0 := call(x.c.t, p, pairABI.PackToken0(), pairABI.UnpackToken0); token0 == a {
		return r.Reserve0, r.Reserve1
	}
	return r.Reserve1, r.Reserve0
}

func (x *amm) lpBalance(pair *bind.BoundContract, who common.Address) *big.Int {
	x.c.t.Helper()
	return call(x.c.t, pair, pairABI.PackBalanceOf(who), pairABI.UnpackBalanceOf)
}

// amountOut is Uniswap V2's quote: in*997*rOut / (rIn*1000 + in*997), floored.
func amountOut(in, rIn, rOut *big.Int) *big.Int {
	inFee := new(big.Int).Mul(in, big.NewInt(997))
	num := new(big.Int).Mul(inFee, rOut)
	den := new(big.Int).Add(new(big.Int).Mul(rIn, big.NewInt(1000)), inFee)
	return num.Quo(num, den)
}

// amountIn is the least input that yields out: rIn*out*1000 / ((rOut-out)*997) + 1.
func amountIn(out, rIn, rOut *big.Int) *big.Int {
	num := new(big.Int).Mul(new(big.Int).Mul(rIn, out), big.NewInt(1000))
	den := new(big.Int).Mul(new(big.Int).Sub(rOut, out), big.NewInt(997))
	return num.Quo(num, den).Add(num, big.NewInt(1))
}

// events decodes every log of rcpt emitted by addr that unpack recognises.
func events[T any](t testing.TB, rcpt *types.Receipt, addr common.Address, unpack func(*types.Log) (*T, error)) []*T {
	t.Helper()
	var out []*T
	for _, l := range rcpt.Logs {
		if l.Address != addr {
			continue
		}
		ev, err := unpack(l)
		if errors.Is(err, bind.ErrEventSignatureMismatch) {
			continue
		}
		if err != nil {
			t.Fatalf("decoding log of %s: %v", addr, err)
		}
		out = append(out, ev)
	}
	return out
}

func bigs(vals ...string) []*big.Int {
	out := make([]*big.Int, len(vals))
	for i, v := range vals {
		n, ok := new(big.Int).SetString(v, 0)
		if !ok {
			panic("bad number " + v)
		}
		out[i] = n
	}
	return out
}

// with returns a copy of x that reports to t, for use inside subtests.
func (x *amm) with(t *testing.T) *amm {
	cp := *x
	cp.c = x.c.with(t)
	return &cp
}
