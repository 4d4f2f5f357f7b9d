package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestLiquidityRoundTrip(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	c, owner, alice := x.c, x.c.owner, x.c.alice
	zero := big.NewInt(0)

	// First deposit: the router creates the pair; LP = sqrt(a*b) - 1000, and the
	// 1000 are locked at address zero.
	amtA, amtB := ether(1000), big.NewInt(3_000e6)
	rcpt := x.addLiquidity(owner, x.tkA, x.tkB, amtA, amtB)
	if created := events(t, rcpt, x.factory, factoryABI.UnpackPairCreatedEvent); len(created) != 1 {
		t.Fatalf("got %d PairCreated events, want 1", len(created))
	}
	pairAddr, pair := x.pair(x.tkA.addr, x.tkB.addr)
	root := new(big.Int).Sqrt(new(big.Int).Mul(amtA, amtB))
	ownerLP := new(big.Int).Sub(root, big.NewInt(1000))
	eq(t, "owner LP", x.lpBalance(pair, owner.From), ownerLP)
	eq(t, "locked LP", x.lpBalance(pair, common.Address{}), big.NewInt(1000))
	eq(t, "LP supply", call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply), root)
	mints := events(t, rcpt, pairAddr, pairABI.UnpackMintEvent)
	if len(mints) != 1 || mints[0].Sender != x.router {
		t.Fatalf("Mint events = %+v, want one from the router", mints)
	}
	if m := mints[0]; new(big.Int).Add(m.Amount0, m.Amount1).Cmp(new(big.Int).Add(amtA, amtB)) != 0 {
		t.Fatalf("Mint amounts %s/%s, want %s and %s", m.Amount0, m.Amount1, amtA, amtB)
	}

	// A later deposit keeps the pool's ratio: the router takes only the B that
	// matches the A offered, and refuses if that is below amountBMin.
	offerA, offerB := ether(100), big.NewInt(1_000e6)
	optimalB := new(big.Int).Quo(new(big.Int).Mul(offerA, amtB), amtA)
	c.reverts(alice, x.routerI, routerABI.PackAddLiquidity(x.tkA.addr, x.tkB.addr, offerA, offerB, zero, new(big.Int).Add(optimalB, big.NewInt(1)), alice.From, x.deadline()),
		"UniswapV2Router: INSUFFICIENT_B_AMOUNT")
	c.reverts(alice, x.routerI, routerABI.PackAddLiquidity(x.tkA.addr, x.tkB.addr, ether(1_000_000), big.NewInt(1e6), ether(1_000_000), zero, alice.From, x.deadline()),
		"UniswapV2Router: INSUFFICIENT_A_AMOUNT")
	balA, balB := c.tokenBalance(x.tkA, alice.From), c.tokenBalance(x.tkB, alice.From)
	x.addLiquidity(alice, x.tkA, x.tkB, offerA, offerB)
	spentA := new(big.Int).Sub(balA, c.tokenBalance(x.tkA, alice.From))
	spentB := new(big.Int).Sub(balB, c.tokenBalance(x.tkB, alice.From))
	eq(t, "alice A spent", spentA, offerA)
	eq(t, "alice B spent", spentB, optimalB)
	liqA := new(big.Int).Quo(new(big.Int).Mul(offerA, root), amtA)
	liqB := new(big.Int).Quo(new(big.Int).Mul(optimalB, root), amtB)
	aliceLP := liqA
	if liqB.Cmp(liqA) < 0 {
		aliceLP = liqB
	}
	eq(t, "alice LP", x.lpBalance(pair, alice.From), aliceLP)

	// Burning returns the pro-rata share: never more than was deposited, and less
	// only by rounding, i.e. the worth of at most two LP units.
	c.send(alice, pair, pairABI.PackApprove(x.router, aliceLP))
	c.reverts(alice, x.routerI, routerABI.PackRemoveLiquidity(x.tkA.addr, x.tkB.addr, aliceLP, offerA, zero, alice.From, x.deadline()),
		"UniswapV2Router: INSUFFICIENT_A_AMOUNT")
	supply := call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply)
	rA, rB := x.reserves(x.tkA.addr, x.tkB.addr)
	wantA := new(big.Int).Quo(new(big.Int).Mul(aliceLP, rA), supply)
	wantB := new(big.Int).Quo(new(big.Int).Mul(aliceLP, rB), supply)
	balA, balB = c.tokenBalance(x.tkA, alice.From), c.tokenBalance(x.tkB, alice.From)
	rcpt = c.send(alice, x.routerI, routerABI.PackRemoveLiquidity(x.tkA.addr, x.tkB.addr, aliceLP, wantA, wantB, alice.From, x.deadline()))
	eq(t, "A back", new(big.Int).Sub(c.tokenBalance(x.tkA, alice.From), balA), wantA)
	eq(t, "B back", new(big.Int).Sub(c.tokenBalance(x.tkB, alice.From), balB), wantB)
	for _, r := range []struct{ spent, back, reserve *big.Int }{{spentA, wantA, rA}, {spentB, wantB, rB}} {
		lost := new(big.Int).Sub(r.spent, r.back)
		unit := new(big.Int).Quo(new(big.Int).Add(r.reserve, supply), supply) // one LP unit, rounded up
		if lost.Sign() < 0 || lost.Cmp(new(big.Int).Lsh(unit, 1)) > 0 {
			t.Fatalf("round trip lost %s wei; want 0..%s (two LP units)", lost, new(big.Int).Lsh(unit, 1))
		}
	}
	burns := events(t, rcpt, pairAddr, pairABI.UnpackBurnEvent)
	if len(burns) != 1 || burns[0].Sender != x.router || burns[0].To != alice.From {
		t.Fatalf("Burn events = %+v, want one from the router to alice", burns)
	}

	// The owner leaves too; only the locked liquidity remains.
	c.send(owner, pair, pairABI.PackApprove(x.router, ownerLP))
	c.send(owner, x.routerI, routerABI.PackRemoveLiquidity(x.tkA.addr, x.tkB.addr, ownerLP, zero, zero, owner.From, x.deadline()))
	eq(t, "LP supply at the end", call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply), big.NewInt(1000))
	rA, rB = x.reserves(x.tkA.addr, x.tkB.addr)
	if rA.Sign() == 0 || rB.Sign() == 0 {
		t.Fatalf("reserves %s/%s: the locked liquidity must keep the pool non-empty", rA, rB)
	}
}

func TestFirstDepositTooSmall(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	// sqrt(1000*1000) = 1000 leaves nothing after the locked minimum.
	x.c.reverts(x.c.owner, x.routerI, routerABI.PackAddLiquidity(x.tkA.addr, x.tkB.addr, big.NewInt(1000), big.NewInt(1000), big.NewInt(0), big.NewInt(0), x.c.owner.From, x.deadline()),
		"UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED")
}

func TestProtocolFee(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	c, owner, alice := x.c, x.c.owner, x.c.alice
	feeTo := freshAddress(t)

	c.reverts(alice, x.factI, factoryABI.PackSetFeeTo(feeTo), "UniswapV2: FORBIDDEN")
	c.reverts(alice, x.factI, factoryABI.PackSetFeeToSetter(alice.From), "UniswapV2: FORBIDDEN")
	c.send(owner, x.factI, factoryABI.PackSetFeeTo(feeTo))
	if got := call(t, x.factI, factoryABI.PackFeeTo(), factoryABI.UnpackFeeTo); got != feeTo {
		t.Fatalf("feeTo = %s, want %s", got, feeTo)
	}

	x.addLiquidity(owner, x.tkA, x.tkB, ether(1_000_000), big.NewInt(2_000_000e6))
	_, pair := x.pair(x.tkA.addr, x.tkB.addr)
	r0r1 := func() *big.Int {
		r := call(t, pair, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
		return new(big.Int).Mul(r.Reserve0, r.Reserve1)
	}
	kLast := call(t, pair, pairABI.PackKLast(), pairABI.UnpackKLast)
	eq(t, "kLast after mint", kLast, r0r1())

	// Swaps grow k; the next liquidity event mints feeTo 1/6 of the sqrt(k) growth.
	for i := 0; i < 3; i++ {
		c.send(alice, x.routerI, routerABI.PackSwapExactTokensForTokens(ether(50_000), big.NewInt(0), []common.Address{x.tkA.addr, x.tkB.addr}, alice.From, x.deadline()))
		c.send(alice, x.routerI, routerABI.PackSwapExactTokensForTokens(big.NewInt(100_000e6), big.NewInt(0), []common.Address{x.tkB.addr, x.tkA.addr}, alice.From, x.deadline()))
	}
	rootK := new(big.Int).Sqrt(r0r1())
	rootKLast := new(big.Int).Sqrt(kLast)
	supply := call(t, pair, pairABI.PackTotalSupply(), pairABI.UnpackTotalSupply)
	num := new(big.Int).Mul(supply, new(big.Int).Sub(rootK, rootKLast))
	den := new(big.Int).Add(new(big.Int).Mul(rootK, big.NewInt(5)), rootKLast)
	wantFee := num.Quo(num, den)
	if wantFee.Sign() == 0 {
		t.Fatal("test setup: swaps did not grow k enough to earn a fee")
	}
	x.addLiquidity(alice, x.tkA, x.tkB, ether(10), big.NewInt(100e6))
	eq(t, "feeTo LP", x.lpBalance(pair, feeTo), wantFee)
	eq(t, "kLast after second mint", call(t, pair, pairABI.PackKLast(), pairABI.UnpackKLast), r0r1())

	// Turning the fee off clears kLast at the next liquidity event.
	c.send(owner, x.factI, factoryABI.PackSetFeeTo(common.Address{}))
	x.addLiquidity(alice, x.tkA, x.tkB, ether(10), big.NewInt(100e6))
	eq(t, "kLast with fee off", call(t, pair, pairABI.PackKLast(), pairABI.UnpackKLast), big.NewInt(0))
	eq(t, "feeTo LP unchanged", x.lpBalance(pair, feeTo), wantFee)

	// The setter can hand its role over.
	c.send(owner, x.factI, factoryABI.PackSetFeeToSetter(alice.From))
	c.send(alice, x.factI, factoryABI.PackSetFeeTo(alice.From))
	c.reverts(owner, x.factI, factoryABI.PackSetFeeTo(owner.From), "UniswapV2: FORBIDDEN")
}
