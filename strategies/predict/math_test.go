package predict

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
)

func bi(v ...int64) []*big.Int {
	out := make([]*big.Int, len(v))
	for i, x := range v {
		out[i] = big.NewInt(x)
	}
	return out
}

// TestCalcByHand pins the rounding on cases worked out by hand.
func TestCalcByHand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		pool    []*big.Int
		fee     *big.Int
		amount  int64
		outcome int
		buy     bool
		want    int64
	}{
		// 100+10 - ceil(100*100/110) = 110 - ceil(90.90..) = 19; exact 19.09 rounds down.
		{"buy, no fee", bi(100, 100), big.NewInt(0), 10, 0, true, 19},
		// fee 2% of 10 is 0.2, floored to 0: the whole 10 is invested.
		{"buy, fee rounds to zero", bi(100, 100), feeOf(2, 100), 10, 0, true, 19},
		// fee 2% of 100 = 2: net 98; 100+98 - ceil(100*100/198) = 198 - 51 = 147.
		{"buy, fee taken", bi(100, 100), feeOf(2, 100), 100, 0, true, 147},
		// 1 unit into [1,1]: 1+1 - ceil(1*1/2) = 1.
		{"buy, smallest pool", bi(1, 1), big.NewInt(0), 1, 1, true, 1},
		// Sell for 10 with no fee from [100,100]: 10 + ceil(100*100/90) - 100 = 10 + 112 - 100 = 22.
		{"sell, no fee", bi(100, 100), big.NewInt(0), 10, 0, false, 22},
		// Fee 2%: gross = floor(10/0.98) = 10; same as without fee at this size.
		{"sell, fee rounds down", bi(100, 100), feeOf(2, 100), 10, 0, false, 22},
		// Fee 50%: gross = 20; 20 + ceil(100*100/80) - 100 = 20 + 125 - 100 = 45.
		{"sell, large fee", bi(100, 100), feeOf(1, 2), 10, 1, false, 45},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got *big.Int
			var err error
			if tc.buy {
				got, err = CalcBuyAmount(tc.pool, tc.fee, big.NewInt(tc.amount), tc.outcome)
			} else {
				got, err = CalcSellAmount(tc.pool, tc.fee, big.NewInt(tc.amount), tc.outcome)
			}
			if err != nil || got.Int64() != tc.want {
				t.Fatalf("got %v (%v), want %d", got, err, tc.want)
			}
		})
	}
	// Three outcomes, worked out: ceil(100e18*200/210) = 95238095238095238096;
	// ceil(that*300/310) = 92165898617511520739 -> ceil /1e18 = 93: 110 - 93 = 17.
	got, err := CalcBuyAmount(bi(100, 200, 300), big.NewInt(0), big.NewInt(10), 0)
	if err != nil || got.Int64() != 17 {
		t.Fatalf("three outcomes: %v (%v), want 17", got, err)
	}
}

// TestCalcMatchesContract compares the local math with calcBuyAmount and
// calcSellAmount of real markets for a table of pools, fees and amounts,
// including reverts (both must fail) and rounding at the smallest sizes.
func TestCalcMatchesContract(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	huge := new(big.Int).Lsh(big.NewInt(1), 200)
	pools := []struct {
		name    string
		n       int
		fee     *big.Int
		funding *big.Int
		hint    []int64
	}{
		{"balanced, no fee", 2, big.NewInt(0), e.whole(1000), nil},
		{"balanced, 2% fee", 2, feeOf(2, 100), e.whole(1000), nil},
		{"skewed 1:3, 0.3% fee", 2, feeOf(3, 1000), e.whole(500), []int64{1, 3}},
		{"tiny pool 2:3, 2% fee", 2, feeOf(2, 100), big.NewInt(3), []int64{2, 3}},
		{"one unit, no fee", 2, big.NewInt(0), big.NewInt(1), nil},
		{"lopsided 1:1000, 1% fee", 2, feeOf(1, 100), e.whole(2000), []int64{1, 1000}},
		{"three outcomes 1:2:5, 2% fee", 3, feeOf(2, 100), e.whole(900), []int64{1, 2, 5}},
		{"fee just under 100%", 2, new(big.Int).Sub(One, big.NewInt(1)), e.whole(10), nil},
	}
	for _, p := range pools {
		m := e.newMarket(t, p.n, p.fee, p.funding, p.hint)
		st, err := m.Read(context.Background(), e.tr.From(), nil)
		if err != nil {
			t.Fatal(err)
		}
		minPool := st.Pool[0]
		for _, b := range st.Pool {
			if b.Cmp(minPool) < 0 {
				minPool = b
			}
		}
		amounts := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(7), big.NewInt(999),
			new(big.Int).Div(minPool, big.NewInt(3)), new(big.Int).Sub(minPool, big.NewInt(1)), new(big.Int).Set(minPool),
			new(big.Int).Mul(minPool, big.NewInt(5)), huge}
		for outcome := range p.n {
			for _, amt := range amounts {
				for _, side := range []string{"buy", "sell"} {
					name := fmt.Sprintf("%s/%s %s of outcome %d", p.name, side, amt, outcome)
					local, lerr := CalcBuyAmount(st.Pool, m.Fee, amt, outcome)
					pack, unpack := fpmmABI.PackCalcBuyAmount(amt, big.NewInt(int64(outcome))), fpmmABI.UnpackCalcBuyAmount
					if side == "sell" {
						local, lerr = CalcSellAmount(st.Pool, m.Fee, amt, outcome)
						pack, unpack = fpmmABI.PackCalcSellAmount(amt, big.NewInt(int64(outcome))), fpmmABI.UnpackCalcSellAmount
					}
					chain, cerr := bind.Call(m.fpmm, &bind.CallOpts{Context: context.Background(), BlockNumber: st.Block}, pack, unpack)
					switch {
					case (lerr == nil) != (cerr == nil):
						t.Errorf("%s: local err %v, contract err %v", name, lerr, cerr)
					case lerr == nil && local.Cmp(chain) != 0:
						t.Errorf("%s: local %s, contract %s", name, local, chain)
					}
				}
			}
		}
	}
}

func TestPricesAndSellSearch(t *testing.T) {
	t.Parallel()
	ps := Prices(bi(300, 100))
	if ps[0].Cmp(big.NewRat(1, 4)) != 0 || ps[1].Cmp(big.NewRat(3, 4)) != 0 {
		t.Fatalf("prices of [300 100] = %v, want [1/4 3/4]", ps)
	}
	ps = Prices(bi(1, 2, 4))
	sum := new(big.Rat)
	for _, p := range ps {
		sum.Add(sum, p)
	}
	if sum.Cmp(big.NewRat(1, 1)) != 0 || ps[0].Cmp(big.NewRat(8, 14)) != 0 {
		t.Fatalf("prices of [1 2 4] = %v (sum %v), want 8/14 first and a sum of 1", ps, sum)
	}
	if Prices(bi(0, 5)) != nil {
		t.Fatal("an empty side has no price")
	}
	pool, fee := bi(1_000_000, 2_000_000), feeOf(2, 100)
	for _, tokens := range []int64{1, 10, 1234, 500_000, 5_000_000} {
		ret, cost, err := MaxSellReturn(pool, fee, big.NewInt(tokens), 0)
		if err != nil {
			t.Fatal(err)
		}
		if ret.Sign() > 0 && cost.Int64() > tokens {
			t.Fatalf("%d tokens: return %s costs %s", tokens, ret, cost)
		}
		// One unit more of return costs more than the tokens.
		next, err := CalcSellAmount(pool, fee, new(big.Int).Add(ret, big.NewInt(1)), 0)
		if err == nil && next.Int64() <= tokens {
			t.Fatalf("%d tokens: return %s is not the largest (%s+1 costs %s)", tokens, ret, ret, next)
		}
	}
}

func TestPoolInputsRejected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		pool []*big.Int
		fee  *big.Int
		out  int
	}{
		{"one outcome", bi(5), big.NewInt(0), 0},
		{"outcome out of range", bi(5, 5), big.NewInt(0), 2},
		{"negative outcome", bi(5, 5), big.NewInt(0), -1},
		{"fee of 100%", bi(5, 5), One, 0},
		{"negative balance", bi(5, -1), big.NewInt(0), 0},
		{"empty other side", bi(5, 0), big.NewInt(0), 0},
	} {
		if _, err := CalcBuyAmount(tc.pool, tc.fee, big.NewInt(0), tc.out); err == nil {
			t.Errorf("%s: buy accepted", tc.name)
		}
		if _, err := CalcSellAmount(tc.pool, tc.fee, big.NewInt(1), tc.out); err == nil {
			t.Errorf("%s: sell accepted", tc.name)
		}
	}
}
