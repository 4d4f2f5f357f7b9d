package dex

import (
	"bytes"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestV3SqrtRatioAtTickBounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		tick int
		want *big.Int
	}{
		{MinTick, MinSqrtRatio},
		{MaxTick, MaxSqrtRatio},
		{0, new(big.Int).Lsh(big.NewInt(1), 96)},
	} {
		got, err := SqrtRatioAtTick(tc.tick)
		if err != nil || got.Cmp(tc.want) != 0 {
			t.Errorf("SqrtRatioAtTick(%d) = %v, %v; want %s", tc.tick, got, err, tc.want)
		}
	}
	for _, bad := range []int{MinTick - 1, MaxTick + 1} {
		if _, err := SqrtRatioAtTick(bad); !errors.Is(err, ErrV3Math) {
			t.Errorf("SqrtRatioAtTick(%d): %v, want ErrV3Math", bad, err)
		}
	}
	// strictly increasing, and tick -t is the reciprocal of t to within rounding
	prev := new(big.Int)
	for tick := -2000; tick <= 2000; tick += 37 {
		s, _ := SqrtRatioAtTick(tick)
		if s.Cmp(prev) <= 0 {
			t.Fatalf("sqrt ratio at %d (%s) is not above the previous %s", tick, s, prev)
		}
		prev = s
	}
}

// Initialized ticks at spacing 1 spread over words -1, 0 and 2.
func testBitmap() *MemTicks {
	m := &MemTicks{Words: map[int16]*big.Int{}}
	for _, tick := range []int{-200, -55, -4, 70, 78, 84, 139, 240, 535} {
		w := int16(tick >> 8)
		if m.Words[w] == nil {
			m.Words[w] = new(big.Int)
		}
		m.Words[w].SetBit(m.Words[w], tick&0xff, 1)
	}
	return m
}

func TestV3NextInitializedTick(t *testing.T) {
	t.Parallel()
	bm := testBitmap()
	for _, tc := range []struct {
		tick, spacing int
		lte           bool
		next          int
		init          bool
	}{
		{78, 1, false, 84, true},
		{77, 1, false, 78, true},
		{-55, 1, false, -4, true},
		{-56, 1, false, -55, true},
		{255, 1, false, 511, false}, // word 1 is empty: its end
		{-257, 1, false, -200, true},
		{78, 1, true, 78, true},
		{79, 1, true, 78, true},
		{72, 1, true, 70, true},
		{-56, 1, true, -200, true},
		{258, 1, true, 256, false},
		{-257, 1, true, -512, false},
		{1023, 1, true, 768, false},
		// spacing 60: tick -1 compresses to -1 (rounded toward -inf)
		{-1, 60, true, -4 * 60, true},
		{-1, 60, false, 70 * 60, true},
		{-61, 60, true, -4 * 60, true},
	} {
		next, init, err := nextInitializedTick(tc.tick, tc.spacing, tc.lte, bm.Word)
		if err != nil || next != tc.next || init != tc.init {
			t.Errorf("next from %d (spacing %d, lte %v) = %d, %v, %v; want %d, %v", tc.tick, tc.spacing, tc.lte, next, init, err, tc.next, tc.init)
		}
	}
}

func TestV3PathEncoding(t *testing.T) {
	t.Parallel()
	a, b, c := common.HexToAddress("0x0a"), common.HexToAddress("0x0b"), common.HexToAddress("0x0c")
	p := V3Path{Tokens: []common.Address{a, b, c}, Fees: []uint32{3000, 500}}
	enc, err := p.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(append(append(a.Bytes(), 0x00, 0x0b, 0xb8), b.Bytes()...), 0x00, 0x01, 0xf4), c.Bytes()...)
	if !bytes.Equal(enc, want) {
		t.Fatalf("encoded %x, want %x", enc, want)
	}
	back, err := DecodeV3Path(enc)
	if err != nil || len(back.Tokens) != 3 || back.Tokens[2] != c || back.Fees[1] != 500 {
		t.Fatalf("decoded %+v, %v", back, err)
	}
	r := p.Reverse()
	if r.Tokens[0] != c || r.Tokens[2] != a || r.Fees[0] != 500 || r.Fees[1] != 3000 {
		t.Fatalf("reverse = %+v", r)
	}
	for _, bad := range []V3Path{
		{Tokens: []common.Address{a}},
		{Tokens: []common.Address{a, b}, Fees: []uint32{3000, 500}},
		{Tokens: []common.Address{a, a}, Fees: []uint32{3000}},
		{Tokens: []common.Address{a, b}, Fees: []uint32{1_000_000}},
	} {
		if _, err := bad.Encode(); err == nil {
			t.Errorf("path %+v encoded without error", bad)
		}
	}
	for _, n := range []int{0, 20, 42, 44, 65} {
		if _, err := DecodeV3Path(make([]byte, n)); err == nil {
			t.Errorf("a %d-byte path decoded without error", n)
		}
	}
}

func TestV3SlippageLimits(t *testing.T) {
	t.Parallel()
	maxIn, err := MaxIn(big.NewInt(10_001), 50)
	if err != nil || maxIn.Cmp(big.NewInt(10_052)) != 0 { // 10001*1.005 = 10051.005, up
		t.Fatalf("MaxIn = %v, %v; want 10052", maxIn, err)
	}
	one := new(big.Int).Lsh(big.NewInt(1), 96)
	down, err := PriceLimit(one, true, 50) // price may fall 1%: sqrt(0.99)
	if err != nil {
		t.Fatal(err)
	}
	up, err := PriceLimit(one, false, 50) // price may rise to 1/0.99
	if err != nil {
		t.Fatal(err)
	}
	// limit^2 / 2^192 against the target price, exactly
	sq := func(v *big.Int) *big.Rat {
		return new(big.Rat).SetFrac(new(big.Int).Mul(v, v), new(big.Int).Lsh(big.NewInt(1), 192))
	}
	if sq(down).Cmp(big.NewRat(99, 100)) < 0 || sq(new(big.Int).Sub(down, bigOne)).Cmp(big.NewRat(99, 100)) >= 0 {
		t.Fatalf("zeroForOne limit %s is not the least sqrt price at or above sqrt(0.99)", down)
	}
	if sq(up).Cmp(big.NewRat(100, 99)) > 0 || sq(new(big.Int).Add(up, bigOne)).Cmp(big.NewRat(100, 99)) <= 0 {
		t.Fatalf("oneForZero limit %s is not the greatest sqrt price at or below sqrt(1/0.99)", up)
	}
	if l, _ := PriceLimit(new(big.Int).Add(MinSqrtRatio, big.NewInt(5)), true, 50); l.Cmp(new(big.Int).Add(MinSqrtRatio, bigOne)) != 0 {
		t.Fatalf("a limit below the price bound is not clamped: %s", l)
	}
	if _, err := PriceLimit(one, true, 5_000); err == nil {
		t.Fatal("a 50% slippage limit was accepted")
	}
}

// TestV3SimulateRefusesBadInput: the local math fails where the pool reverts.
func TestV3SimulateRefusesBadInput(t *testing.T) {
	t.Parallel()
	one := new(big.Int).Lsh(big.NewInt(1), 96)
	p := &V3Pool{SqrtPriceX96: one, Liquidity: big.NewInt(1e18), Fee: 3000, TickSpacing: 60}
	if _, err := SimulateV3Swap(p, &MemTicks{}, true, big.NewInt(1), new(big.Int).Add(one, bigOne), 0); !errors.Is(err, ErrV3Math) {
		t.Fatalf("a limit above the price for a price-lowering swap: %v", err)
	}
	if _, err := SimulateV3Swap(p, &MemTicks{}, true, new(big.Int), nil, 0); err == nil {
		t.Fatal("a zero amount was simulated")
	}
	empty := *p
	empty.Liquidity = new(big.Int)
	s, err := SimulateV3Swap(&empty, &MemTicks{}, true, big.NewInt(1000), nil, 0)
	if err != nil || s.AmountIn.Sign() != 0 || s.AmountOut.Sign() != 0 {
		t.Fatalf("a swap in an empty pool: %+v, %v; want nothing moved", s, err)
	}
}
