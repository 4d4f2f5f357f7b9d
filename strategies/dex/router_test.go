package dex

import (
	"context"
	"errors"
	"math/big"
	"math/rand"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet/devnet"
)

// The exact local formula agrees with the router's getAmountsOut to the wei,
// in both directions on both DEXes, from 1 wei to amounts far beyond the
// pool; where the router's uint256 math would overflow, both refuse.
func TestLocalMathMatchesRouterQuotes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, nil)
	ctx := context.Background()
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	pow := func(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }
	amounts := []struct {
		name string
		v    *big.Int
	}{
		{"1 wei", big.NewInt(1)},
		{"2 wei", big.NewInt(2)},
		{"997 wei", big.NewInt(997)},
		{"tiny", big.NewInt(123_457)},
		{"1 whole USDC or 1e-12 WETH", pow10(6)},
		{"1 whole WETH", pow10(18)},
		{"million USDC", new(big.Int).Mul(big.NewInt(1_000_000), pow10(6))},
		{"2^100", pow(100)},
		{"2^160", pow(160)},
		{"overflowing 2^200", pow(200)},
	}
	for _, dex := range []string{"dex-a", "dex-b"} {
		r := e.router(t, dex)
		pool, err := r.Pool(ctx, weth.Address, usdc.Address, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, dir := range [][2]common.Address{{weth.Address, usdc.Address}, {usdc.Address, weth.Address}} {
			rIn, rOut, err := pool.Reserves(dir[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range amounts {
				local, lerr := AmountOut(a.v, rIn, rOut)
				got, rerr := bind.Call(r.router, nil, routerABI.PackGetAmountsOut(a.v, dir[:]), routerABI.UnpackGetAmountsOut)
				if (lerr != nil) != (rerr != nil) {
					t.Fatalf("%s %s: local error %v, router error %v: they must agree", dex, a.name, lerr, rerr)
				}
				if lerr != nil {
					if !errors.Is(lerr, ErrOverflow) {
						t.Fatalf("%s %s: unexpected local error %v", dex, a.name, lerr)
					}
					continue
				}
				if got[1].Cmp(local) != 0 {
					t.Fatalf("%s %s: router quotes %s, local math %s", dex, a.name, got[1], local)
				}
				q, err := r.Quote(ctx, pool, dir[0], dir[1], a.v)
				if err != nil || q.Cmp(local) != 0 {
					t.Fatalf("%s %s: Quote = %v, %v; want %s", dex, a.name, q, err, local)
				}
			}
		}
	}
}

// The router's pure getAmountOut/getAmountIn and the local formula agree
// on random reserves of every magnitude a uint112 reserve allows.
func TestLocalMathMatchesRouterPureFunctions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, nil)
	r := e.router(t, "dex-a")
	rng := rand.New(rand.NewSource(7))
	rnd := func(bits int) *big.Int {
		v := new(big.Int).Rand(rng, new(big.Int).Lsh(big.NewInt(1), uint(1+rng.Intn(bits))))
		return v.Add(v, big.NewInt(1))
	}
	for i := range 200 {
		rIn, rOut, in := rnd(112), rnd(112), rnd(160)
		local, lerr := AmountOut(in, rIn, rOut)
		got, rerr := bind.Call(r.router, nil, routerABI.PackGetAmountOut(in, rIn, rOut), routerABI.UnpackGetAmountOut)
		if (lerr != nil) != (rerr != nil) || (lerr == nil && got.Cmp(local) != 0) {
			t.Fatalf("case %d getAmountOut(%s, %s, %s): router %v (%v), local %v (%v)", i, in, rIn, rOut, got, rerr, local, lerr)
		}
		out := new(big.Int).Rand(rng, rOut)
		out.Add(out, big.NewInt(1))
		localIn, lerr := AmountIn(out, rIn, rOut)
		gotIn, rerr := bind.Call(r.router, nil, routerABI.PackGetAmountIn(out, rIn, rOut), routerABI.UnpackGetAmountIn)
		if (lerr != nil) != (rerr != nil) || (lerr == nil && gotIn.Cmp(localIn) != 0) {
			t.Fatalf("case %d getAmountIn(%s, %s, %s): router %v (%v), local %v (%v)", i, out, rIn, rOut, gotIn, rerr, localIn, lerr)
		}
	}
}

func TestPoolFoundThroughFactory(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, nil)
	ctx := context.Background()
	weth, usdc, wbtc := e.token(t, "WETH"), e.token(t, "USDC"), e.token(t, "WBTC")
	r := e.router(t, "dex-a")
	if err := r.CheckFactory(ctx); err != nil {
		t.Fatal(err)
	}
	pool, err := r.Pool(ctx, weth.Address, usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := e.m.DEX("dex-a")
	if pool.Address != x.Pairs[0].Address {
		t.Fatalf("pair %s, manifest says %s", pool.Address.Hex(), x.Pairs[0].Address.Hex())
	}
	if pool.Token0.Cmp(pool.Token1) >= 0 {
		t.Fatalf("token0 %s is not below token1 %s", pool.Token0.Hex(), pool.Token1.Hex())
	}
	rb, rq, err := pool.Reserves(weth.Address)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Cmp(e.whole(t, "WETH", 1000)) != 0 || rq.Cmp(e.whole(t, "USDC", 3_000_000)) != 0 {
		t.Fatalf("seeded reserves %s WETH / %s USDC, want 1000 / 3000000 whole tokens", rb, rq)
	}
	if _, _, err := pool.Reserves(wbtc.Address); err == nil {
		t.Fatal("reserves of a token the pair does not hold")
	}
	if _, err := r.Pool(ctx, wbtc.Address, usdc.Address, nil); err == nil || !strings.Contains(err.Error(), "has no pair") {
		t.Fatalf("unlisted pair: %v", err)
	}
}

func TestRouterChecks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, devnet.Options{Manual: true}, nil)
	ctx := context.Background()
	weth, usdc := e.token(t, "WETH"), e.token(t, "USDC")
	a, _ := e.m.DEX("dex-a")
	b, _ := e.m.DEX("dex-b")

	// A router wired to another factory than the configured one.
	mixed, err := NewRouter(e.d.Client(), Venue{Name: "mixed", Router: a.Router, Factory: b.Factory})
	if err != nil {
		t.Fatal(err)
	}
	if err := mixed.CheckFactory(ctx); err == nil || !strings.Contains(err.Error(), "uses factory") {
		t.Fatalf("CheckFactory on a mixed venue: %v", err)
	}

	// A quote that disagrees with the reserves: the router is not doing V2
	// math on the pool we read, so no plan is built.
	r := e.router(t, "dex-a")
	pool, err := r.Pool(ctx, weth.Address, usdc.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	forged := *pool
	forged.Reserve0 = new(big.Int).Add(pool.Reserve0, pool.Reserve0)
	if _, err := r.Quote(ctx, &forged, usdc.Address, weth.Address, pow10(9)); !errors.Is(err, ErrNotV2) {
		t.Fatalf("mismatched quote: %v, want ErrNotV2", err)
	}

	// An address with no code as the router.
	ghost, _ := NewRouter(e.d.Client(), Venue{Name: "ghost", Router: common.HexToAddress("0x1234"), Factory: a.Factory})
	if _, err := ghost.Quote(ctx, pool, usdc.Address, weth.Address, pow10(9)); err == nil {
		t.Fatal("a quote from an address with no code")
	}
	for _, v := range []Venue{{Router: a.Router, Factory: a.Factory}, {Name: "x", Factory: a.Factory}, {Name: "x", Router: a.Router}} {
		if _, err := NewRouter(e.d.Client(), v); err == nil {
			t.Fatalf("NewRouter accepted %+v", v)
		}
	}
}
