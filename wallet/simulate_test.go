package wallet

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// errorData encodes Error(msg) as Solidity's require does.
func errorData(t *testing.T, msg string) []byte {
	t.Helper()
	enc, err := abi.Arguments{{Type: stringArgs}}.Pack(msg)
	if err != nil {
		t.Fatal(err)
	}
	return append(append([]byte{}, errorSelector...), enc...)
}

// panicData encodes Panic(code) as the compiler does.
func panicData(t *testing.T, code int64) []byte {
	t.Helper()
	enc, err := abi.Arguments{{Type: uint256Args}}.Pack(big.NewInt(code))
	if err != nil {
		t.Fatal(err)
	}
	return append(append([]byte{}, panicSelector...), enc...)
}

// customData encodes a custom error by its signature.
func customData(t *testing.T, sig string, args abi.Arguments, vals ...any) []byte {
	t.Helper()
	enc, err := args.Pack(vals...)
	if err != nil {
		t.Fatal(err)
	}
	return append(crypto.Keccak256([]byte(sig))[:4], enc...)
}

func revertCases(t *testing.T) []struct {
	name   string
	data   []byte
	kind   RevertKind
	reason string
} {
	addrT, _ := abi.NewType("address", "", nil)
	holder := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	return []struct {
		name   string
		data   []byte
		kind   RevertKind
		reason string
	}{
		{"Error(string)", errorData(t, "boom: not allowed"), RevertKindError, "boom: not allowed"},
		{"Error with terminal escapes", errorData(t, "evil\x1b[2J\nreason"), RevertKindError, "evil[2Jreason"},
		{"Panic overflow", panicData(t, 0x11), RevertKindPanic, "panic 0x11: arithmetic overflow or underflow"},
		{"Panic division", panicData(t, 0x12), RevertKindPanic, "panic 0x12: division or modulo by zero"},
		{"Panic unknown", panicData(t, 0x99), RevertKindPanic, "panic 0x99: unknown panic code"},
		{"custom error unknown ABI", customData(t, "Unauthorized(uint256)", abi.Arguments{{Type: uint256Args}}, big.NewInt(42)),
			RevertKindCustom, "custom error 0x" + common.Bytes2Hex(crypto.Keccak256([]byte("Unauthorized(uint256)"))[:4]) + " with data 0x" + strings.Repeat("0", 62) + "2a"},
		{"custom error no args", crypto.Keccak256([]byte("Paused()"))[:4], RevertKindCustom,
			"custom error 0x" + common.Bytes2Hex(crypto.Keccak256([]byte("Paused()"))[:4])},
		{"EIP-6093 error", customData(t, "ERC20InsufficientBalance(address,uint256,uint256)", abi.Arguments{{Type: addrT}, {Type: uint256Args}, {Type: uint256Args}}, holder, big.NewInt(5), big.NewInt(7)),
			RevertKindCustom, "ERC20InsufficientBalance(sender=" + holder.Hex() + ", balance=5, needed=7)"},
		{"empty", nil, RevertKindEmpty, "no reason given"},
		{"too short", []byte{1, 2}, RevertKindRaw, "undecodable revert data 0x0102"},
	}
}

func TestDecodeRevert(t *testing.T) {
	t.Parallel()
	for _, tc := range revertCases(t) {
		got := DecodeRevert(tc.data)
		if got.Kind != tc.kind || got.Reason != tc.reason {
			t.Errorf("%s: kind %d reason %q, want %d %q", tc.name, got.Kind, got.Reason, tc.kind, tc.reason)
		}
	}
}

func TestDecodeRevertWithKnownABI(t *testing.T) {
	t.Parallel()
	known, err := abi.JSON(strings.NewReader(`[{"type":"error","name":"Unauthorized","inputs":[{"name":"role","type":"uint256"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	data := customData(t, "Unauthorized(uint256)", abi.Arguments{{Type: uint256Args}}, big.NewInt(42))
	if got := DecodeRevert(data, &known).Reason; got != "Unauthorized(role=42)" {
		t.Errorf("reason %q, want Unauthorized(role=42)", got)
	}
}

// TestSimulationRevertsAreDecodedAndNothingSent drives real EVM reverts
// through eth_call: the echo contract reverts with whatever it is sent.
func TestSimulationRevertsAreDecodedAndNothingSent(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	to := echoRevertAddr
	for _, tc := range revertCases(t) {
		_, err := s.tr.Send(ctx, Intent{To: &to, Data: tc.data})
		var re *RevertError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want *RevertError", tc.name, err)
			continue
		}
		if re.Kind != tc.kind || re.Reason != tc.reason {
			t.Errorf("%s: kind %d reason %q, want %d %q", tc.name, re.Kind, re.Reason, tc.kind, tc.reason)
		}
		if !strings.HasPrefix(err.Error(), "execution reverted: ") {
			t.Errorf("%s: error %q", tc.name, err)
		}
	}
	if n := s.signs.Load(); n != 0 {
		t.Errorf("signer called %d times for reverting transactions", n)
	}
	if n := s.pendingNonce(); n != 0 {
		t.Errorf("pending nonce %d: a reverting transaction was sent", n)
	}
}

func TestPrintable(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"USDC":               "USDC",
		"a\x1b[31mred":       "a[31mred",
		"line\r\nbreak\ttab": "linebreaktab",
		"Ünïcode ok":         "Ünïcode ok",
		"bad\xffbyte":        "badbyte",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
