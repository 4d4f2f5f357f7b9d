package dex

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestV3LocalMathSweepEqualsQuoterV2 compares the exact local math with
// QuoterV2 on amounts from 1 wei to past the pool's depth, both ways, exact
// input and output, on a pool with three overlapping ranges.
func TestV3LocalMathSweepEqualsQuoterV2(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	e.pool("AAA", "BBB", 3000, nil, -1200, -60, 30_000) // a one-sided range below the price
	c := e.v3()
	ctx := context.Background()
	a, b := e.tokens["AAA"].Address, e.tokens["BBB"].Address
	pools, err := c.Pools(ctx, a, b, nil)
	if err != nil {
		t.Fatal(err)
	}
	pool := pools[0]
	ticks := c.Ticks(ctx, pool)
	rng := rand.New(rand.NewPCG(12, 34))
	checked, refused := 0, 0
	for i := range 60 {
		// log-uniform from 1 wei to ~10^24 (a million tokens)
		amt := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(rng.IntN(25))), nil)
		amt.Mul(amt, big.NewInt(1+rng.Int64N(9)))
		in, out := a, b
		if i%2 == 1 {
			in, out = b, a
		}
		zeroForOne := in == pool.Token0
		exactOut := i%4 >= 2
		if i >= 56 { // more out than the pool holds: both must refuse
			amt, exactOut = ether18(2_000_000*int64(i-55)), true
		}
		var q *V3Quote
		signed := new(big.Int).Set(amt)
		if exactOut {
			signed.Neg(signed)
			q, err = c.QuoteExactOutputSingle(ctx, in, out, 3000, amt, nil, nil)
		} else {
			q, err = c.QuoteExactInputSingle(ctx, in, out, 3000, amt, nil, nil)
		}
		local, lerr := SimulateV3Swap(pool, ticks, zeroForOne, signed, nil, 16)
		if err != nil {
			// QuoterV2 refuses an exact output the pool cannot fill; so must we
			if lerr == nil && local.AmountOut.Cmp(amt) == 0 {
				t.Fatalf("%s: QuoterV2 failed (%v) where the local math filled it", amt, err)
			}
			refused++
			continue
		}
		if lerr != nil {
			t.Fatalf("amount %s (exact out %v): local math failed: %v", amt, exactOut, lerr)
		}
		got := local.AmountOut
		if exactOut {
			got = local.AmountIn
		}
		if got.Cmp(q.Amount) != 0 || local.SqrtAfter.Cmp(q.SqrtAfter[0]) != 0 || uint32(local.Crossed) != q.TicksCrossed[0] {
			t.Fatalf("amount %s (exact out %v): local %s sqrt %s crossed %d; QuoterV2 %s sqrt %s crossed %d",
				amt, exactOut, got, local.SqrtAfter, local.Crossed, q.Amount, q.SqrtAfter[0], q.TicksCrossed[0])
		}
		checked++
	}
	t.Logf("%d of 60 amounts equal QuoterV2's to the wei; %d past the pool's depth refused by both", checked, refused)
	if checked < 50 || refused < 4 {
		t.Fatalf("only %d of 60 amounts were compared and %d refused", checked, refused)
	}
}

// TestV3PlanRefusesWhatThePoolCannotAbsorb: an exact input beyond every
// range (10^45 wei pushes a full-range position to the price bound) would
// be filled only in part by the pool; the plan says so.
func TestV3PlanRefusesWhatThePoolCannotAbsorb(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	spec := V3SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], Fee: 3000, AmountIn: new(big.Int).Exp(big.NewInt(10), big.NewInt(45), nil),
		SlippageBps: 50, Deadline: e.deadline(), Recipient: e.owner.From}
	_, err := e.v3().PlanExactInputSingle(context.Background(), spec, nil)
	if err == nil || !strings.Contains(err.Error(), "not enough liquidity") {
		t.Fatalf("a swap past the pool's depth: %v, want a refusal naming the liquidity", err)
	}
	spec.Fee = 500
	if _, err := e.v3().PlanExactInputSingle(context.Background(), spec, nil); !errors.Is(err, ErrNoV3Pool) {
		t.Fatalf("a fee tier without a pool: %v, want ErrNoV3Pool", err)
	}
}

func TestV3BestExactInputPicksTheDeeperTier(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	c := e.v3()
	a, b := e.tokens["AAA"].Address, e.tokens["BBB"].Address
	pool, q, err := c.BestExactInput(context.Background(), a, b, ether18(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	shallow, err := c.QuoteExactInputSingle(context.Background(), a, b, 10000, ether18(100), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pool.Fee != 3000 || q.Amount.Cmp(shallow.Amount) <= 0 {
		t.Fatalf("best tier %d paying %s; the 1%% tier pays %s", pool.Fee, q.Amount, shallow.Amount)
	}
	local, err := LocalQuote(pool, c.Ticks(context.Background(), pool), a, ether18(100))
	if err != nil || local.Cmp(q.Amount) != 0 {
		t.Fatalf("LocalQuote = %v, %v; QuoterV2 %s", local, err, q.Amount)
	}
	mark, err := V3Mark(pool, e.tokens["AAA"], e.tokens["BBB"])
	if err != nil || mark.Cmp(ether18(1)) != 0 {
		t.Fatalf("mark at price 1 = %v, %v; want 10^18", mark, err)
	}
}

// TestV3VenueMisconfigured: wrong addresses in config are named, not traded.
func TestV3VenueMisconfigured(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	ctx := context.Background()
	if _, err := NewV3(e.client, V3Venue{Name: "x", Factory: e.venue.Factory}); err == nil || !strings.Contains(err.Error(), "quoter") {
		t.Fatalf("a venue without quoter: %v", err)
	}
	wrong := e.venue
	wrong.Factory = e.npm // a contract, but not the factory the router uses
	c, err := NewV3(e.client, wrong)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckRouter(ctx); err == nil || !strings.Contains(err.Error(), "not the configured") {
		t.Fatalf("a router on another factory: %v", err)
	}
	wrong.Factory = e.owner.From // no code at all
	c, _ = NewV3(e.client, wrong)
	_, err = c.PoolAddress(ctx, e.tokens["AAA"].Address, e.tokens["BBB"].Address, 3000, nil)
	if err == nil || !strings.Contains(err.Error(), "no contract at factory") {
		t.Fatalf("a factory address without code: %v", err)
	}
}

// TestV3LocalMathOverflowBranch: when amount*sqrtPrice passes 2^256 the
// pool prices the step with getNextSqrtPriceFromAmount0RoundingUp's
// fallback formula; a local math without it would overflow or refuse.
// Standard tiers never get there (a step spans one bitmap word), so the
// test enables a tier with tick spacing 16000, whose single word holds the
// whole price range, and sells ~10^49 token0 into 10^36 of liquidity in one
// step. (Where the branch is taken the two formulas round alike, so this
// proves the branch is reached and exact, not that its rounding differs.)
func TestV3LocalMathOverflowBranch(t *testing.T) {
	t.Parallel()
	e := newV3Env(t)
	const fee = 20000
	factory := loadArt(t, artV3Factory)
	e.send(e.owner, e.venue.Factory, pack(t, factory.ABI, "enableFeeAmount", big.NewInt(fee), big.NewInt(16000)))
	deep := new(big.Int).Exp(big.NewInt(10), big.NewInt(36), nil)
	for _, sym := range []string{"AAA", "CCC"} {
		e.mint(sym, e.owner.From, deep)
	}
	e.pool("AAA", "CCC", fee, sqrtPriceOf(7, 5), -880000, 880000, 1_000_000_000_000_000_000) // 10^36 wei each
	c := e.v3()
	ctx := context.Background()
	addr, err := c.PoolAddress(ctx, e.tokens["AAA"].Address, e.tokens["CCC"].Address, fee, nil)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := c.ReadPool(ctx, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"10000000000000000000000000000000000000000000000000", "31415926535897932384626433832795028841971693993751", "7777777777777777777777777777777777777777777777777"} {
		amt, _ := new(big.Int).SetString(s, 10)
		lessFee := new(big.Int).Quo(new(big.Int).Mul(amt, big.NewInt(feeDenom-fee)), big.NewInt(feeDenom))
		if new(big.Int).Mul(lessFee, pool.SqrtPriceX96).Cmp(maxU256) <= 0 {
			t.Fatalf("%s does not reach the overflow branch: the test proves nothing", s)
		}
		q, err := c.QuoteExactInputSingle(ctx, pool.Token0, pool.Token1, fee, amt, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		local, err := SimulateV3Swap(pool, c.Ticks(ctx, pool), true, amt, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if local.AmountOut.Cmp(q.Amount) != 0 || local.SqrtAfter.Cmp(q.SqrtAfter[0]) != 0 || local.AmountIn.Cmp(amt) != 0 {
			t.Fatalf("%s in: local %s (sqrt %s), QuoterV2 %s (sqrt %s)", s, local.AmountOut, local.SqrtAfter, q.Amount, q.SqrtAfter[0])
		}
	}
}

func TestV3DustBuysNothingAfterSlippage(t *testing.T) {
	t.Parallel()
	e := newV3Pools(t)
	spec := V3SwapSpec{TokenIn: e.tokens["AAA"], TokenOut: e.tokens["BBB"], Fee: 3000, AmountIn: big.NewInt(3),
		SlippageBps: 50, Deadline: e.deadline(), Recipient: e.owner.From}
	_, err := e.v3().PlanExactInputSingle(context.Background(), spec, nil)
	if err == nil || !strings.Contains(err.Error(), "buys nothing after slippage") {
		t.Fatalf("a 3 wei swap (1 wei out, 0 after slippage): %v", err)
	}
}
