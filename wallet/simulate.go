package wallet

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// Selectors of the two errors Solidity itself emits.
var (
	errorSelector = []byte{0x08, 0xc3, 0x79, 0xa0} // Error(string)
	panicSelector = []byte{0x4e, 0x48, 0x7b, 0x71} // Panic(uint256)
)

// RevertKind says how revert data was encoded.
type RevertKind int

const (
	RevertKindEmpty  RevertKind = iota // no data: revert() or require without message
	RevertKindError                    // Error(string), from require/revert with a message
	RevertKindPanic                    // Panic(uint256), from assert, overflow, ...
	RevertKindCustom                   // a custom error (decoded when its ABI is known)
	RevertKindRaw                      // data too short to hold a selector
)

// RevertError is a transaction or call that reverted, with its reason decoded.
type RevertError struct {
	Kind      RevertKind
	Reason    string   // human-readable, safe to print on a terminal
	Message   string   // the Error(string) message (RevertError kind)
	PanicCode *big.Int // RevertKindPanic kind
	Selector  [4]byte  // RevertKindCustom kind
	Data      []byte   // the raw revert data
}

func (e *RevertError) Error() string { return "execution reverted: " + e.Reason }

// panicMeanings are Solidity's documented panic codes.
var panicMeanings = map[uint64]string{
	0x00: "generic compiler panic",
	0x01: "assertion failed",
	0x11: "arithmetic overflow or underflow",
	0x12: "division or modulo by zero",
	0x21: "conversion to an invalid enum value",
	0x22: "incorrectly encoded storage byte array",
	0x31: "pop on an empty array",
	0x32: "array index out of bounds",
	0x41: "out of memory (too large allocation)",
	0x51: "call to an uninitialised internal function",
}

var (
	stringArgs, _  = abi.NewType("string", "", nil)
	uint256Args, _ = abi.NewType("uint256", "", nil)
)

// DecodeRevert decodes revert data: Error(string), Panic(uint256) with the
// panic code's meaning, a custom error found in one of abis (or among the
// standard ERC-20 errors of EIP-6093), or else the bare selector and data.
func DecodeRevert(data []byte, abis ...*abi.ABI) *RevertError {
	e := &RevertError{Data: bytes.Clone(data)}
	switch {
	case len(data) == 0:
		e.Kind, e.Reason = RevertKindEmpty, "no reason given"
		return e
	case len(data) < 4:
		e.Kind, e.Reason = RevertKindRaw, fmt.Sprintf("undecodable revert data %s", hexutil.Encode(data))
		return e
	}
	copy(e.Selector[:], data[:4])
	switch {
	case bytes.Equal(data[:4], errorSelector):
		vals, err := abi.Arguments{{Type: stringArgs}}.Unpack(data[4:])
		if err == nil {
			e.Kind = RevertKindError
			e.Message = vals[0].(string)
			e.Reason = Printable(e.Message)
			if e.Reason == "" {
				e.Reason = "empty reason string"
			}
			return e
		}
	case bytes.Equal(data[:4], panicSelector):
		vals, err := abi.Arguments{{Type: uint256Args}}.Unpack(data[4:])
		if err == nil {
			e.Kind = RevertKindPanic
			e.PanicCode = vals[0].(*big.Int)
			meaning := "unknown panic code"
			if e.PanicCode.IsUint64() {
				if m, ok := panicMeanings[e.PanicCode.Uint64()]; ok {
					meaning = m
				}
			}
			e.Reason = fmt.Sprintf("panic 0x%02x: %s", e.PanicCode, meaning)
			return e
		}
	}
	e.Kind = RevertKindCustom
	for _, a := range append(abis, erc20ErrorsABI) {
		if a == nil {
			continue
		}
		def, err := a.ErrorByID(e.Selector)
		if err != nil {
			continue
		}
		if vals, err := def.Unpack(data); err == nil {
			e.Reason = formatCustomError(def, vals)
			return e
		}
	}
	e.Reason = fmt.Sprintf("custom error %s", hexutil.Encode(data[:4]))
	if len(data) > 4 {
		e.Reason += fmt.Sprintf(" with data %s", hexutil.Encode(data[4:]))
	}
	return e
}

func formatCustomError(def *abi.Error, vals any) string {
	list, _ := vals.([]any)
	parts := make([]string, len(def.Inputs))
	for i, in := range def.Inputs {
		v := "?"
		if i < len(list) {
			v = Printable(fmt.Sprint(list[i]))
		}
		if in.Name != "" {
			parts[i] = in.Name + "=" + v
		} else {
			parts[i] = v
		}
	}
	return def.Name + "(" + strings.Join(parts, ", ") + ")"
}

// Printable strips control characters from text that came from a contract,
// so a revert reason cannot move the cursor or recolour a terminal.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			if r == ' ' {
				return r
			}
			return -1
		}
		return r
	}, s)
}

// RevertFromError extracts the revert of a failed eth_call or eth_estimateGas.
// Nodes send revert data as the JSON-RPC error's data field.
func RevertFromError(err error, abis ...*abi.ABI) (*RevertError, bool) {
	if err == nil {
		return nil, false
	}
	var re *RevertError
	if errors.As(err, &re) {
		return re, true
	}
	var de rpc.DataError
	if errors.As(err, &de) {
		if s, ok := de.ErrorData().(string); ok {
			if data, derr := hexutil.Decode(s); derr == nil {
				return DecodeRevert(data, abis...), true
			}
		}
	}
	if strings.Contains(err.Error(), "execution reverted") {
		return DecodeRevert(nil), true
	}
	return nil, false
}
