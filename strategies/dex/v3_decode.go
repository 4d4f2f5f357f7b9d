package dex

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// RouterSwap is one swap decoded from SwapRouter02 calldata, for the policy
// to judge: what goes in, what must come out, where it goes, by when.
type RouterSwap struct {
	// Method is exactInputSingle, exactInput, exactOutputSingle or exactOutput.
	Method      string
	ExactOutput bool
	// Path runs in swap order, TokenIn first, even for exact-output calls
	// (whose calldata carries it reversed). Fees are per hop, in pips.
	Path              V3Path
	TokenIn, TokenOut common.Address
	// AmountIn is the exact input, or for an exact output amountInMaximum.
	AmountIn *big.Int
	// AmountOut is amountOutMinimum, or for an exact output the exact amount.
	AmountOut *big.Int
	// Recipient as written: SwapRouter02 reads address(1) as the caller and
	// address(2) as the router itself (see Payee).
	Recipient         common.Address
	SqrtPriceLimitX96 *big.Int // single-pool calls; nil for paths
	// Deadline from multicall(deadline, ...); nil when the call has none.
	Deadline *big.Int
}

// SwapRouter02's recipient shorthands (its Constants library).
var (
	routerMsgSender   = common.BigToAddress(big.NewInt(1))
	routerAddressThis = common.BigToAddress(big.NewInt(2))
)

// Payee is the address the swap's output reaches when sender calls router:
// address(1) is the sender and address(2) the router itself (where anyone's
// next sweep could take it).
func (s RouterSwap) Payee(sender, router common.Address) common.Address {
	switch s.Recipient {
	case routerMsgSender:
		return sender
	case routerAddressThis:
		return router
	}
	return s.Recipient
}

// Fee is the fee tier of a single-pool swap (the first hop's for a path).
func (s RouterSwap) Fee() uint32 { return s.Path.Fees[0] }

var errNotRouterSwap = errors.New("not a SwapRouter02 swap")

// DecodeSwapRouter02 decodes calldata sent to SwapRouter02: one swap call,
// or a multicall (with or without a deadline) whose every inner call is a
// swap. Anything else (a sweep, an unwrap, a nested multicall, a V2 swap
// through the router, a position call) is refused: a policy that allows
// only what it can judge must see nothing it cannot.
func DecodeSwapRouter02(data []byte) ([]RouterSwap, error) {
	m, args, err := routerMethod(data)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(m.Sig, "multicall(") {
		s, err := decodeRouterSwap(m, args)
		if err != nil {
			return nil, err
		}
		return []RouterSwap{s}, nil
	}
	var deadline *big.Int
	var inner [][]byte
	switch m.Sig {
	case "multicall(uint256,bytes[])":
		deadline, inner = args[0].(*big.Int), args[1].([][]byte)
	case "multicall(bytes32,bytes[])":
		inner = args[1].([][]byte)
	default:
		inner = args[0].([][]byte)
	}
	if len(inner) == 0 {
		return nil, errors.New("SwapRouter02 multicall with no calls")
	}
	out := make([]RouterSwap, 0, len(inner))
	for i, call := range inner {
		im, iargs, err := routerMethod(call)
		if err != nil {
			return nil, fmt.Errorf("multicall call %d: %w", i, err)
		}
		s, err := decodeRouterSwap(im, iargs)
		if err != nil {
			return nil, fmt.Errorf("multicall call %d: %w", i, err)
		}
		s.Deadline = deadline
		out = append(out, s)
	}
	return out, nil
}

func routerMethod(data []byte) (*abi.Method, []any, error) {
	if len(data) < 4 {
		return nil, nil, fmt.Errorf("%w: %d bytes of calldata", errNotRouterSwap, len(data))
	}
	m, err := router02ABI.MethodById(data[:4])
	if err != nil {
		return nil, nil, fmt.Errorf("%w: selector %x is not one agentctl decodes", errNotRouterSwap, data[:4])
	}
	args, err := m.Inputs.Unpack(data[4:])
	if err != nil {
		return nil, nil, fmt.Errorf("SwapRouter02 %s: malformed arguments: %w", m.Name, err)
	}
	// a trailing byte or a short word would still unpack: re-encode to be sure
	if again, err := m.Inputs.Pack(args...); err != nil || string(again) != string(data[4:]) {
		return nil, nil, fmt.Errorf("SwapRouter02 %s: calldata is not in canonical ABI encoding", m.Name)
	}
	return m, args, nil
}

// decodeRouterSwap reads one of the four swap methods' parameter tuple.
func decodeRouterSwap(m *abi.Method, args []any) (RouterSwap, error) {
	s := RouterSwap{Method: m.Name}
	switch m.Name {
	case "exactInputSingle":
		p := abi.ConvertType(args[0], new(exactInputSingleParams)).(*exactInputSingleParams)
		s.Path = V3Path{Tokens: []common.Address{p.TokenIn, p.TokenOut}, Fees: []uint32{uint32(p.Fee.Uint64())}}
		s.AmountIn, s.AmountOut, s.Recipient, s.SqrtPriceLimitX96 = p.AmountIn, p.AmountOutMinimum, p.Recipient, p.SqrtPriceLimitX96
	case "exactOutputSingle":
		p := abi.ConvertType(args[0], new(exactOutputSingleParams)).(*exactOutputSingleParams)
		s.ExactOutput = true
		s.Path = V3Path{Tokens: []common.Address{p.TokenIn, p.TokenOut}, Fees: []uint32{uint32(p.Fee.Uint64())}}
		s.AmountIn, s.AmountOut, s.Recipient, s.SqrtPriceLimitX96 = p.AmountInMaximum, p.AmountOut, p.Recipient, p.SqrtPriceLimitX96
	case "exactInput":
		p := abi.ConvertType(args[0], new(exactInputParams)).(*exactInputParams)
		path, err := DecodeV3Path(p.Path)
		if err != nil {
			return s, fmt.Errorf("SwapRouter02 exactInput: %w", err)
		}
		s.Path, s.AmountIn, s.AmountOut, s.Recipient = path, p.AmountIn, p.AmountOutMinimum, p.Recipient
	case "exactOutput":
		p := abi.ConvertType(args[0], new(exactOutputParams)).(*exactOutputParams)
		path, err := DecodeV3Path(p.Path)
		if err != nil {
			return s, fmt.Errorf("SwapRouter02 exactOutput: %w", err)
		}
		s.ExactOutput = true
		s.Path, s.AmountIn, s.AmountOut, s.Recipient = path.Reverse(), p.AmountInMaximum, p.AmountOut, p.Recipient
	default:
		return s, fmt.Errorf("%w: %s is not a swap the policy can judge", errNotRouterSwap, m.Sig)
	}
	s.TokenIn, s.TokenOut = s.Path.Tokens[0], s.Path.Tokens[len(s.Path.Tokens)-1]
	return s, nil
}

// V3MulticallMethod is how a policy names SwapRouter02's
// multicall(uint256 deadline, bytes[] data), the one SwapRouter02 entry
// agentctl's plans use (see MulticallData).
const V3MulticallMethod = "multicall"

// IsV3Multicall reports whether data calls multicall(uint256,bytes[]).
func IsV3Multicall(data []byte) bool {
	return len(data) >= 4 && string(data[:4]) == string(multicallDeadline.ID)
}

// V3MulticallResults decodes what multicall(deadline, data) returned (one
// bytes per inner call) as the swaps' amounts: the amount out of an exact
// input, the amount in of an exact output.
func V3MulticallResults(ret []byte) ([]*big.Int, error) {
	out, err := multicallDeadline.Outputs.Unpack(ret)
	if err != nil || len(out) != 1 {
		return nil, fmt.Errorf("SwapRouter02 multicall returned no results: %v", err)
	}
	results := out[0].([][]byte)
	amounts := make([]*big.Int, len(results))
	for i, r := range results {
		if len(r) != 32 {
			return nil, fmt.Errorf("SwapRouter02 multicall result %d is %d bytes, not one amount", i, len(r))
		}
		amounts[i] = new(big.Int).SetBytes(r)
	}
	return amounts, nil
}
