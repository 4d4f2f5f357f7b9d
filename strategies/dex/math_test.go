package dex

import (
	"math/big"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
)

func bi(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad test number " + s)
	}
	return v
}

func TestAmountOutKnownValues(t *testing.T) {
	t.Parallel()
	pow := func(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }
	cases := []struct {
		name          string
		in, rIn, rOut *big.Int
		want          *big.Int
		err           string
	}{
		{"textbook", bi("1000"), bi("10000"), bi("10000"), bi("906"), ""},
		{"one wei rounds to zero", bi("1"), bi("1000000"), bi("1000000"), bi("0"), ""},
		{"one wei into a deep output side", bi("1"), bi("1"), bi("1000000"), bi("499248"), ""},
		{"huge in takes almost all", pow(200), bi("1000"), bi("1000"), bi("999"), ""},
		{"zero in", bi("0"), bi("1"), bi("1"), nil, "must be positive"},
		{"negative in", bi("-5"), bi("1"), bi("1"), nil, "must be positive"},
		{"empty pool", bi("1"), bi("0"), bi("1"), nil, "no liquidity"},
		{"overflow", pow(250), pow(100), pow(100), nil, ErrOverflow.Error()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := AmountOut(c.in, c.rIn, c.rOut)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("AmountOut = %v, %v; want error %q", got, err, c.err)
				}
				return
			}
			if err != nil || got.Cmp(c.want) != 0 {
				t.Fatalf("AmountOut = %v, %v; want %s", got, err, c.want)
			}
		})
	}
}

func TestAmountInKnownValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name           string
		out, rIn, rOut *big.Int
		want           *big.Int
		err            string
	}{
		{"textbook", bi("906"), bi("10000"), bi("10000"), bi("1000"), ""},
		{"one wei", bi("1"), bi("1000000"), bi("1000000"), bi("2"), ""},
		{"whole reserve", bi("10"), bi("10"), bi("10"), nil, "not below the pool's reserve"},
		{"zero out", bi("0"), bi("10"), bi("10"), nil, "must be positive"},
		{"empty pool", bi("1"), bi("10"), bi("0"), nil, "no liquidity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := AmountIn(c.out, c.rIn, c.rOut)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("AmountIn = %v, %v; want error %q", got, err, c.err)
				}
				return
			}
			if err != nil || got.Cmp(c.want) != 0 {
				t.Fatalf("AmountIn = %v, %v; want %s", got, err, c.want)
			}
		})
	}
}

// AmountIn is (at most one wei above) the least input that buys out.
func TestAmountInInvertsAmountOut(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	for range 2000 {
		rIn := new(big.Int).Rand(rng, bi("1000000000000000000000000"))
		rOut := new(big.Int).Rand(rng, bi("1000000000000000000000000"))
		rIn.Add(rIn, big.NewInt(1))
		rOut.Add(rOut, big.NewInt(2))
		out := new(big.Int).Rand(rng, new(big.Int).Sub(rOut, big.NewInt(1)))
		out.Add(out, big.NewInt(1))
		in, err := AmountIn(out, rIn, rOut)
		if err != nil {
			t.Fatalf("AmountIn(%s, %s, %s): %v", out, rIn, rOut, err)
		}
		got, err := AmountOut(in, rIn, rOut)
		if err != nil || got.Cmp(out) < 0 {
			t.Fatalf("AmountOut(AmountIn(%s)) = %v, %v: buys less than asked (reserves %s/%s)", out, got, err, rIn, rOut)
		}
		if less := new(big.Int).Sub(in, big.NewInt(2)); less.Sign() > 0 {
			if got, _ := AmountOut(less, rIn, rOut); got.Cmp(out) >= 0 {
				t.Fatalf("AmountIn(%s) = %s is not minimal: %s also buys it", out, in, less)
			}
		}
	}
}

func TestMinOut(t *testing.T) {
	t.Parallel()
	cases := []struct {
		quoted string
		bps    int64
		want   string
		err    bool
	}{
		{"1000", 50, "995", false},
		{"999", 1, "998", false}, // 998.9001 rounds down
		{"1000", 0, "1000", false},
		{"1", 9999, "0", false},
		{"0", 50, "0", false},
		{"1000", 10000, "", true},
		{"1000", -1, "", true},
		{"-1", 50, "", true},
	}
	for _, c := range cases {
		got, err := MinOut(bi(c.quoted), c.bps)
		if c.err {
			if err == nil {
				t.Errorf("MinOut(%s, %d) = %v, want an error", c.quoted, c.bps, got)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("MinOut(%s, %d) = %v, %v; want %s", c.quoted, c.bps, got, err, c.want)
		}
	}
}

func TestDeadlineUsesBlockTime(t *testing.T) {
	t.Parallel()
	// A block stamped a day ahead of the wall clock: the deadline follows it.
	head := &types.Header{Number: big.NewInt(5), Time: uint64(time.Now().Add(24 * time.Hour).Unix())}
	d, err := Deadline(head, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if want := head.Time + 300; d.Uint64() != want {
		t.Fatalf("deadline %s, want block time + 300 = %d", d, want)
	}
	if _, err := Deadline(head, 0); err == nil {
		t.Fatal("a zero window was accepted")
	}
	if _, err := Deadline(nil, time.Minute); err == nil {
		t.Fatal("a missing header was accepted")
	}
}

func TestPricesAndMarks(t *testing.T) {
	t.Parallel()
	// 1000 WETH (18 decimals) against 3,000,000 USDC (6 decimals).
	rBase := new(big.Int).Mul(big.NewInt(1000), pow10(18))
	rQuote := new(big.Int).Mul(big.NewInt(3_000_000), pow10(6))
	if p := MidPrice(rBase, rQuote, 18, 6); p.Cmp(big.NewRat(3000, 1)) != 0 {
		t.Fatalf("mid price %s, want 3000", p.FloatString(6))
	}
	if m := Mark(rBase, rQuote, 18); m.Cmp(big.NewInt(3000_000000)) != 0 {
		t.Fatalf("mark %s, want 3000000000 (3000 USDC in base units)", m)
	}
	if MidPrice(new(big.Int), rQuote, 18, 6) != nil || Mark(rBase, new(big.Int), 18).Sign() != 0 {
		t.Fatal("an empty pool has a price")
	}
	if c := changeBps(big.NewRat(3000, 1), big.NewRat(3030, 1)); c.Int64() != 100 {
		t.Fatalf("change 3000 -> 3030 = %s bps, want 100", c)
	}
	if c := changeBps(big.NewRat(3000, 1), big.NewRat(2999, 1)); c.Int64() != -3 {
		t.Fatalf("change 3000 -> 2999 = %s bps, want -3 (truncated toward zero)", c)
	}
	if s := bpsText(big.NewInt(-1234)); s != "-12.34%" {
		t.Fatalf("bpsText(-1234) = %s", s)
	}
}

func BenchmarkAmountOut(b *testing.B) {
	in, rIn, rOut := bi("1000000000"), bi("3000000000000"), bi("1000000000000000000000")
	for b.Loop() {
		if _, err := AmountOut(in, rIn, rOut); err != nil {
			b.Fatal(err)
		}
	}
}
