// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package contracts

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// FlashSwapProbeMetaData contains all meta data concerning the FlashSwapProbe contract.
var FlashSwapProbeMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"}],\"name\":\"Called\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"pair\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount0Out\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount1Out\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"repayToken\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"repayAmount\",\"type\":\"uint256\"},{\"internalType\":\"bool\",\"name\":\"reenter\",\"type\":\"bool\"}],\"name\":\"borrow\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount0\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount1\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"uniswapV2Call\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "FlashSwapProbe",
	Bin: "0x6080604052348015600e575f5ffd5b506104698061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c806310d1e85c14610038578063e8c565d91461004d575b5f5ffd5b61004b610046366004610280565b610060565b005b61004b61005b36600461031d565b6101d6565b5f808061006f84860186610380565b92509250925080156100ca57336001600160a01b031663fff6cae96040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156100b3575f5ffd5b505af11580156100c5573d5f5f3e3d5ffd5b505050505b60405163a9059cbb60e01b8152336004820152602481018390526001600160a01b0384169063a9059cbb906044016020604051808303815f875af1158015610114573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061013891906103bf565b6101885760405162461bcd60e51b815260206004820152601c60248201527f466c6173685377617050726f62653a207265706179206661696c656400000000604482015260640160405180910390fd5b60408051888152602081018890526001600160a01b038a16917f54c605148cb0d8f53f3be5dab35fe97789da1987a4decb397a8e252630abf15b910160405180910390a25050505050505050565b604080516001600160a01b03858116602083015281830185905283151560608084019190915283518084039091018152608083019384905263022c0d9f60e01b90935288169163022c0d9f91610234918991899130916084016103e1565b5f604051808303815f87803b15801561024b575f5ffd5b505af115801561025d573d5f5f3e3d5ffd5b50505050505050505050565b6001600160a01b038116811461027d575f5ffd5b50565b5f5f5f5f5f60808688031215610294575f5ffd5b853561029f81610269565b94506020860135935060408601359250606086013567ffffffffffffffff8111156102c8575f5ffd5b8601601f810188136102d8575f5ffd5b803567ffffffffffffffff8111156102ee575f5ffd5b8860208284010111156102ff575f5ffd5b959894975092955050506020019190565b801515811461027d575f5ffd5b5f5f5f5f5f5f60c08789031215610332575f5ffd5b863561033d81610269565b95506020870135945060408701359350606087013561035b81610269565b92506080870135915060a087013561037281610310565b809150509295509295509295565b5f5f5f60608486031215610392575f5ffd5b833561039d81610269565b92506020840135915060408401356103b481610310565b809150509250925092565b5f602082840312156103cf575f5ffd5b81516103da81610310565b9392505050565b84815283602082015260018060a01b0383166040820152608060608201525f8251806080840152806020850160a085015e5f60a0828501015260a0601f19601f8301168401019150509594505050505056fea2646970667358221220cc8fe235b1ba7a367dfb9e2386ca1275daf9175d6a78e9d3ded93b1de8382c8d64736f6c634300081c0033",
}

// FlashSwapProbe is an auto generated Go binding around an Ethereum contract.
type FlashSwapProbe struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *FlashSwapProbe) GetABI() abi.ABI {
	return c.abi
}

// NewFlashSwapProbe creates a new instance of FlashSwapProbe.
func NewFlashSwapProbe() *FlashSwapProbe {
	parsed, err := FlashSwapProbeMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &FlashSwapProbe{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *FlashSwapProbe) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8c565d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function borrow(address pair, uint256 amount0Out, uint256 amount1Out, address repayToken, uint256 repayAmount, bool reenter) returns()
func (flashSwapProbe *FlashSwapProbe) PackBorrow(pair common.Address, amount0Out *big.Int, amount1Out *big.Int, repayToken common.Address, repayAmount *big.Int, reenter bool) []byte {
	enc, err := flashSwapProbe.abi.Pack("borrow", pair, amount0Out, amount1Out, repayToken, repayAmount, reenter)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBorrow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8c565d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function borrow(address pair, uint256 amount0Out, uint256 amount1Out, address repayToken, uint256 repayAmount, bool reenter) returns()
func (flashSwapProbe *FlashSwapProbe) TryPackBorrow(pair common.Address, amount0Out *big.Int, amount1Out *big.Int, repayToken common.Address, repayAmount *big.Int, reenter bool) ([]byte, error) {
	return flashSwapProbe.abi.Pack("borrow", pair, amount0Out, amount1Out, repayToken, repayAmount, reenter)
}

// PackUniswapV2Call is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10d1e85c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes data) returns()
func (flashSwapProbe *FlashSwapProbe) PackUniswapV2Call(sender common.Address, amount0 *big.Int, amount1 *big.Int, data []byte) []byte {
	enc, err := flashSwapProbe.abi.Pack("uniswapV2Call", sender, amount0, amount1, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUniswapV2Call is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10d1e85c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes data) returns()
func (flashSwapProbe *FlashSwapProbe) TryPackUniswapV2Call(sender common.Address, amount0 *big.Int, amount1 *big.Int, data []byte) ([]byte, error) {
	return flashSwapProbe.abi.Pack("uniswapV2Call", sender, amount0, amount1, data)
}

// FlashSwapProbeCalled represents a Called event raised by the FlashSwapProbe contract.
type FlashSwapProbeCalled struct {
	Sender  common.Address
	Amount0 *big.Int
	Amount1 *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const FlashSwapProbeCalledEventName = "Called"

// ContractEventName returns the user-defined event name.
func (FlashSwapProbeCalled) ContractEventName() string {
	return FlashSwapProbeCalledEventName
}

// UnpackCalledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Called(address indexed sender, uint256 amount0, uint256 amount1)
func (flashSwapProbe *FlashSwapProbe) UnpackCalledEvent(log *types.Log) (*FlashSwapProbeCalled, error) {
	event := "Called"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != flashSwapProbe.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(FlashSwapProbeCalled)
	if len(log.Data) > 0 {
		if err := flashSwapProbe.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range flashSwapProbe.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}
