package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestPairKCheckBoundary checks the 0.3% fee is exactly Uniswap V2's: after
// paying in `in`, the formula's output is the most the pair lets out.
func TestPairKCheckBoundary(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c, alice := x.c, x.c.alice
	_, pair := x.pair(x.tkA.addr, x.tkB.addr)
	token0 := call(t, pair, pairABI.PackToken0(), pairABI.UnpackToken0)

	for _, tc := range []struct {
		name    string
		in, out token
		amount  *big.Int
	}{
		{"a few B units worth of A", x.tkA, x.tkB, big.NewInt(1e13)},
		{"1 A for B", x.tkA, x.tkB, ether(1)},
		{"12345 A for B", x.tkA, x.tkB, ether(12345)},
		{"1 B for A", x.tkB, x.tkA, big.NewInt(1)},
		{"77777 B for A", x.tkB, x.tkA, big.NewInt(77_777e6)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := c.with(t)
			rIn, rOut := x.with(t).reserves(tc.in.addr, tc.out.addr)
			out := amountOut(tc.amount, rIn, rOut)
			if out.Sign() == 0 {
				t.Fatalf("test setup: %s buys nothing", tc.amount)
			}
			swapOut := func(n *big.Int) []byte {
				if tc.out.addr == token0 {
					return pairABI.PackSwap(n, big.NewInt(0), alice.From, nil)
				}
				return pairABI.PackSwap(big.NewInt(0), n, alice.From, nil)
			}
			c.send(alice, tc.in.inst, tokenABI.PackTransfer(pair.Address(), tc.amount))
			c.reverts(alice, pair, swapOut(new(big.Int).Add(out, big.NewInt(1))), "UniswapV2: K")
			before := c.tokenBalance(tc.out, alice.From)
			c.send(alice, pair, swapOut(out))
			eq(t, "received", new(big.Int).Sub(c.tokenBalance(tc.out, alice.From), before), out)
		})
	}

	zero, one := big.NewInt(0), big.NewInt(1)
	r := call(t, pair, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"no output", pairABI.PackSwap(zero, zero, alice.From, nil), "UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT"},
		{"whole reserve", pairABI.PackSwap(r.Reserve0, zero, alice.From, nil), "UniswapV2: INSUFFICIENT_LIQUIDITY"},
		{"to a pool token", pairABI.PackSwap(one, zero, token0, nil), "UniswapV2: INVALID_TO"},
		{"nothing paid in", pairABI.PackSwap(one, zero, alice.From, nil), "UniswapV2: INSUFFICIENT_INPUT_AMOUNT"},
		{"initialize by a stranger", pairABI.PackInitialize(x.tkA.addr, x.tkB.addr), "UniswapV2: FORBIDDEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.with(t).reverts(alice, pair, tc.data, tc.want)
		})
	}
}

func TestFlashSwap(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c := x.c
	probeABI := NewFlashSwapProbe()
	probeAddr := c.deploy(FlashSwapProbeMetaData.Bin, nil)
	probe := probeABI.Instance(c.client, probeAddr)
	c.mint(x.tkA, probeAddr, ether(1000))

	pairAddr, pair := x.pair(x.tkA.addr, x.tkB.addr)
	aIsToken0 := call(t, pair, pairABI.PackToken0(), pairABI.UnpackToken0) == x.tkA.addr
	borrow := ether(100)
	// Repaying in the same token needs 997*repay >= 1000*borrow.
	repay := new(big.Int).Mul(borrow, big.NewInt(1000))
	repay.Add(repay, big.NewInt(996)).Quo(repay, big.NewInt(997))
	borrowA := func(repay *big.Int, reenter bool) []byte {
		a0, a1 := borrow, big.NewInt(0)
		if !aIsToken0 {
			a0, a1 = a1, a0
		}
		return probeABI.PackBorrow(pairAddr, a0, a1, x.tkA.addr, repay, reenter)
	}

	c.reverts(c.alice, probe, borrowA(new(big.Int).Sub(repay, big.NewInt(1)), false), "UniswapV2: K")
	c.reverts(c.alice, probe, borrowA(repay, true), "UniswapV2: LOCKED")

	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	rcpt := c.send(c.alice, probe, borrowA(repay, false))
	called := events(t, rcpt, probeAddr, probeABI.UnpackCalledEvent)
	if len(called) != 1 || called[0].Sender != probeAddr {
		t.Fatalf("Called events = %+v, want one with the probe as swap sender", called)
	}
	newA, newB := x.reserves(x.tkA.addr, x.tkB.addr)
	eq(t, "A reserve keeps the fee", newA, new(big.Int).Add(rA, new(big.Int).Sub(repay, borrow)))
	eq(t, "B reserve", newB, rB)
}

// TestPriceAccumulators checks the UQ112x112 time-weighted prices: each update
// adds (reserve1 / reserve0) * 2^112 * seconds elapsed, and the converse.
func TestPriceAccumulators(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c := x.c
	_, pair := x.pair(x.tkA.addr, x.tkB.addr)
	r := call(t, pair, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	p0 := call(t, pair, pairABI.PackPrice0CumulativeLast(), pairABI.UnpackPrice0CumulativeLast)
	p1 := call(t, pair, pairABI.PackPrice1CumulativeLast(), pairABI.UnpackPrice1CumulativeLast)

	if err := c.backend.AdjustTime(1000 * 1e9); err != nil { // 1000 s
		t.Fatal(err)
	}
	c.send(c.alice, pair, pairABI.PackSync())
	r2 := call(t, pair, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
	elapsed := big.NewInt(int64(r2.BlockTimestampLast - r.BlockTimestampLast))
	if elapsed.Cmp(big.NewInt(1000)) < 0 {
		t.Fatalf("only %s s elapsed, want >= 1000", elapsed)
	}
	q112 := new(big.Int).Lsh(big.NewInt(1), 112)
	price0 := new(big.Int).Quo(new(big.Int).Mul(r.Reserve1, q112), r.Reserve0)
	price1 := new(big.Int).Quo(new(big.Int).Mul(r.Reserve0, q112), r.Reserve1)
	eq(t, "price0CumulativeLast", call(t, pair, pairABI.PackPrice0CumulativeLast(), pairABI.UnpackPrice0CumulativeLast),
		new(big.Int).Add(p0, new(big.Int).Mul(price0, elapsed)))
	eq(t, "price1CumulativeLast", call(t, pair, pairABI.PackPrice1CumulativeLast(), pairABI.UnpackPrice1CumulativeLast),
		new(big.Int).Add(p1, new(big.Int).Mul(price1, elapsed)))
}

func TestSkimAndSync(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c, alice := x.c, x.c.alice
	pairAddr, pair := x.pair(x.tkA.addr, x.tkB.addr)
	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	extra := ether(5)

	// skim hands out what the pool holds beyond its reserves.
	c.send(alice, x.tkA.inst, tokenABI.PackTransfer(pairAddr, extra))
	before := c.tokenBalance(x.tkA, c.owner.From)
	c.send(alice, pair, pairABI.PackSkim(c.owner.From))
	eq(t, "skimmed", new(big.Int).Sub(c.tokenBalance(x.tkA, c.owner.From), before), extra)
	newA, newB := x.reserves(x.tkA.addr, x.tkB.addr)
	eq(t, "reserve A after skim", newA, rA)
	eq(t, "reserve B after skim", newB, rB)

	// sync takes it into the reserves instead.
	c.send(alice, x.tkA.inst, tokenABI.PackTransfer(pairAddr, extra))
	rcpt := c.send(alice, pair, pairABI.PackSync())
	newA, _ = x.reserves(x.tkA.addr, x.tkB.addr)
	eq(t, "reserve A after sync", newA, new(big.Int).Add(rA, extra))
	if syncs := events(t, rcpt, pairAddr, pairABI.UnpackSyncEvent); len(syncs) != 1 {
		t.Fatalf("got %d Sync events, want 1", len(syncs))
	}
}

func TestFactoryCreatePair(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	c := x.c
	a, b := x.tkA.addr, x.tkB.addr
	rcpt := c.send(c.alice, x.factI, factoryABI.PackCreatePair(b, a)) // either order works
	created := events(t, rcpt, x.factory, factoryABI.UnpackPairCreatedEvent)
	if len(created) != 1 {
		t.Fatalf("got %d PairCreated events, want 1", len(created))
	}
	ev := created[0]
	t0, t1 := a, b
	if b.Cmp(a) < 0 {
		t0, t1 = b, a
	}
	if ev.Token0 != t0 || ev.Token1 != t1 || ev.AllPairsLength.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("PairCreated = %+v, want sorted tokens %s/%s and length 1", ev, t0, t1)
	}
	pairAddr, pair := x.pair(a, b)
	if reverse, _ := x.pair(b, a); pairAddr != ev.Pair || reverse != ev.Pair {
		t.Fatalf("getPair = %s / %s, event says %s", pairAddr, reverse, ev.Pair)
	}
	if got := call(t, x.factI, factoryABI.PackAllPairs(big.NewInt(0)), factoryABI.UnpackAllPairs); got != pairAddr {
		t.Fatalf("allPairs(0) = %s, want %s", got, pairAddr)
	}
	eq(t, "allPairsLength", call(t, x.factI, factoryABI.PackAllPairsLength(), factoryABI.UnpackAllPairsLength), big.NewInt(1))
	for what, got := range map[string]common.Address{
		"token0":  call(t, pair, pairABI.PackToken0(), pairABI.UnpackToken0),
		"token1":  call(t, pair, pairABI.PackToken1(), pairABI.UnpackToken1),
		"factory": call(t, pair, pairABI.PackFactory(), pairABI.UnpackFactory),
	} {
		want := map[string]common.Address{"token0": t0, "token1": t1, "factory": x.factory}[what]
		if got != want {
			t.Errorf("pair.%s = %s, want %s", what, got, want)
		}
	}
	eq(t, "MINIMUM_LIQUIDITY", call(t, pair, pairABI.PackMINIMUMLIQUIDITY(), pairABI.UnpackMINIMUMLIQUIDITY), big.NewInt(1000))
	if d := call(t, pair, pairABI.PackDecimals(), pairABI.UnpackDecimals); d != 18 {
		t.Errorf("LP decimals = %d, want 18", d)
	}

	// The documented CREATE2 derivation holds (clients still must use getPair).
	salt := crypto.Keccak256Hash(t0.Bytes(), t1.Bytes())
	if want := crypto.CreateAddress2(x.factory, salt, crypto.Keccak256(common.FromHex(UniswapV2PairMetaData.Bin))); want != pairAddr {
		t.Errorf("pair at %s, CREATE2 derivation gives %s", pairAddr, want)
	}

	for _, tc := range []struct {
		name string
		a, b common.Address
		want string
	}{
		{"existing pair", a, b, "UniswapV2: PAIR_EXISTS"},
		{"existing pair reversed", b, a, "UniswapV2: PAIR_EXISTS"},
		{"identical tokens", a, a, "UniswapV2: IDENTICAL_ADDRESSES"},
		{"zero address", common.Address{}, a, "UniswapV2: ZERO_ADDRESS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.with(t).reverts(c.alice, x.factI, factoryABI.PackCreatePair(tc.a, tc.b), tc.want)
		})
	}
}
