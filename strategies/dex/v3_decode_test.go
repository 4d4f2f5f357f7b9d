package dex

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func TestDecodeSwapRouter02(t *testing.T) {
	t.Parallel()
	a, b, c := common.HexToAddress("0xaa"), common.HexToAddress("0xbb"), common.HexToAddress("0xcc")
	me := common.HexToAddress("0x1234")
	dl := big.NewInt(1_800_000_000)
	fwd := V3Path{Tokens: []common.Address{a, b, c}, Fees: []uint32{3000, 500}}
	fwdEnc, _ := fwd.Encode()
	revEnc, _ := fwd.Reverse().Encode()
	limit := big.NewInt(4295128740)
	data := MulticallData(dl,
		ExactInputSingleData(a, b, 3000, me, big.NewInt(100), big.NewInt(97), limit),
		ExactInputData(fwdEnc, me, big.NewInt(5), big.NewInt(4)),
		ExactOutputSingleData(b, a, 10000, me, big.NewInt(50), big.NewInt(52), nil),
		ExactOutputData(revEnc, me, big.NewInt(9), big.NewInt(11)),
	)
	got, err := DecodeSwapRouter02(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		method   string
		exactOut bool
		in, out  common.Address
		hops     int
		fee      uint32
		amtIn    int64
		amtOut   int64
		limit    *big.Int
	}{
		{"exactInputSingle", false, a, b, 1, 3000, 100, 97, limit},
		{"exactInput", false, a, c, 2, 3000, 5, 4, nil},
		{"exactOutputSingle", true, b, a, 1, 10000, 52, 50, new(big.Int)},
		{"exactOutput", true, a, c, 2, 3000, 11, 9, nil},
	}
	if len(got) != len(want) {
		t.Fatalf("decoded %d swaps, want %d", len(got), len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Method != w.method || s.ExactOutput != w.exactOut || s.TokenIn != w.in || s.TokenOut != w.out ||
			len(s.Path.Fees) != w.hops || s.Fee() != w.fee || s.AmountIn.Int64() != w.amtIn || s.AmountOut.Int64() != w.amtOut ||
			s.Recipient != me || s.Deadline.Cmp(dl) != 0 || (w.limit == nil) != (s.SqrtPriceLimitX96 == nil) ||
			(w.limit != nil && s.SqrtPriceLimitX96.Cmp(w.limit) != 0) {
			t.Errorf("swap %d = %+v, want %+v", i, s, w)
		}
	}
	if got[3].Path.Tokens[1] != b || got[3].Path.Fees[1] != 500 {
		t.Errorf("exactOutput path not in swap order: %+v", got[3].Path)
	}

	// an unwrapped call has no deadline
	one, err := DecodeSwapRouter02(ExactInputSingleData(a, b, 500, routerMsgSender, big.NewInt(1), big.NewInt(1), nil))
	if err != nil || one[0].Deadline != nil || one[0].Payee(me, c) != me {
		t.Fatalf("bare exactInputSingle: %+v, %v", one, err)
	}
	if p := (RouterSwap{Recipient: routerAddressThis}).Payee(me, c); p != c {
		t.Fatalf("address(2) pays %s, want the router", p)
	}
}

func TestDecodeSwapRouter02Refuses(t *testing.T) {
	t.Parallel()
	a, b := common.HexToAddress("0xaa"), common.HexToAddress("0xbb")
	swap := ExactInputSingleData(a, b, 3000, a, big.NewInt(1), big.NewInt(1), nil)
	sel := func(sig string) []byte { return crypto.Keccak256([]byte(sig))[:4] }
	sweep := append(sel("sweepToken(address,uint256,address)"), make([]byte, 96)...)
	v2 := append(sel("swapExactTokensForTokens(uint256,uint256,address[],address)"), make([]byte, 160)...)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a SwapRouter02 swap"},
		{"a sweep", sweep, "not one agentctl decodes"},
		{"a sweep inside a multicall", MulticallData(big.NewInt(1), swap, sweep), "multicall call 1"},
		{"a V2 swap through the router", v2, "not one agentctl decodes"},
		{"a nested multicall", MulticallData(big.NewInt(1), MulticallData(big.NewInt(1), swap)), "not a swap the policy can judge"},
		{"an empty multicall", MulticallData(big.NewInt(1)), "no calls"},
		{"truncated", swap[:100], "malformed"},
		{"a trailing byte", append(append([]byte{}, swap...), 0), "canonical"},
		{"a bad path", ExactInputData([]byte{1, 2, 3}, a, big.NewInt(1), big.NewInt(1)), "v3 path"},
	} {
		_, err := DecodeSwapRouter02(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := DecodeSwapRouter02(nil); !errors.Is(err, errNotRouterSwap) {
		t.Errorf("empty calldata: %v", err)
	}
}

// FuzzDecodeSwapRouter02: calldata comes from plans but the policy must
// survive any bytes: no panic, and whatever decodes is a whole swap.
func FuzzDecodeSwapRouter02(f *testing.F) {
	a, b := common.HexToAddress("0xaa"), common.HexToAddress("0xbb")
	path, _ := V3Path{Tokens: []common.Address{a, b}, Fees: []uint32{500}}.Encode()
	f.Add(MulticallData(big.NewInt(9), ExactInputSingleData(a, b, 3000, a, big.NewInt(1), big.NewInt(1), nil)))
	f.Add(ExactInputData(path, b, big.NewInt(7), big.NewInt(3)))
	f.Add(ExactOutputData(path, b, big.NewInt(7), big.NewInt(3)))
	f.Add([]byte{0xac, 0x96, 0x50, 0xd8})
	f.Fuzz(func(t *testing.T, data []byte) {
		swaps, err := DecodeSwapRouter02(data)
		if err != nil {
			return
		}
		for _, s := range swaps {
			if len(s.Path.Tokens) < 2 || len(s.Path.Fees) != len(s.Path.Tokens)-1 || s.AmountIn == nil || s.AmountOut == nil {
				t.Fatalf("decoded an incomplete swap %+v", s)
			}
			if s.TokenIn != s.Path.Tokens[0] || s.TokenOut != s.Path.Tokens[len(s.Path.Tokens)-1] {
				t.Fatalf("tokens %s -> %s disagree with the path %+v", s.TokenIn.Hex(), s.TokenOut.Hex(), s.Path)
			}
		}
	})
}
