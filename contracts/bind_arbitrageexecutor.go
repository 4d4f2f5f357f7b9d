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

// ArbitrageExecutorMetaData contains all meta data concerning the ArbitrageExecutor contract.
var ArbitrageExecutorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ApproveFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"}],\"name\":\"RecipientNotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SameToken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"returned\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"required\",\"type\":\"uint256\"}],\"name\":\"Unprofitable\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"tokenOut\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"routerA\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"routerB\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amountMid\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"}],\"name\":\"Arbitraged\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"tokenIn\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"tokenOut\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"routerA\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"routerB\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amountIn\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"minProfit\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"deadline\",\"type\":\"uint256\"}],\"name\":\"arbitrage\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amountOut\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ArbitrageExecutor",
	Bin: "0x60a0604052348015600e575f5ffd5b5033608052608051610b446100365f395f8181603d0152818160a9015260f00152610b445ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80638da5cb5b14610038578063cb40ed4e1461007c575b5f5ffd5b61005f7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b61008f61008a36600461089c565b61009d565b604051908152602001610073565b5f336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146100ee5760405163245aecd360e01b81523360048201526024015b60405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316836001600160a01b03161461014b57604051636452516d60e01b81526001600160a01b03841660048201526024016100e5565b876001600160a01b0316896001600160a01b03160361018857604051638519674760e01b81526001600160a01b038a1660048201526024016100e5565b5f610193858761092f565b90506101a18a33308961026e565b5f6101af898c8c8a88610397565b90506101be888b8d8488610397565b9250818310156101eb576040516322416f1f60e11b815260048101849052602481018390526044016100e5565b6101f58b866105f7565b6101ff8a866105f7565b604080516001600160a01b038b811682528a811660208301529181018990526060810183905260808101859052818c16918d16907fbc9beb26fb059a4f0b9a5883c8981b8d93027289a48ef38e4d566f2e7b3a32f59060a00160405180910390a3505098975050505050505050565b6040516001600160a01b0384811660248301528381166044830152606482018390525f91829187169060840160408051601f198184030181529181526020820180516001600160e01b03166323b872dd60e01b179052516102cf9190610948565b5f604051808303815f865af19150503d805f8114610308576040519150601f19603f3d011682016040523d82523d5f602084013e61030d565b606091505b5091509150818015610337575080511580610337575080806020019051810190610337919061095e565b61038f5760405162461bcd60e51b8152602060048201526024808201527f5472616e7366657248656c7065723a205452414e534645525f46524f4d5f46416044820152631253115160e21b60648201526084016100e5565b505050505050565b6040516370a0823160e01b81523060048201525f9081906001600160a01b038616906370a0823190602401602060405180830381865afa1580156103dd573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104019190610984565b905061040e868886610677565b6040805160028082526060820183525f9260208301908036833701905050905086815f81518110610441576104416109af565b60200260200101906001600160a01b031690816001600160a01b0316815250508581600181518110610475576104756109af565b6001600160a01b0392831660209182029290920101526040516338ed173960e01b8152908916906338ed1739906104b89088905f90869030908b906004016109c3565b5f604051808303815f875af11580156104d3573d5f5f3e3d5ffd5b505050506040513d5f823e601f3d908101601f191682016040526104fa9190810190610a33565b50604051636eb1769f60e11b81523060048201526001600160a01b03898116602483015288169063dd62ed3e90604401602060405180830381865afa158015610545573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105699190610984565b156105795761057987895f610677565b6040516370a0823160e01b815230600482015282906001600160a01b038816906370a0823190602401602060405180830381865afa1580156105bd573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105e19190610984565b6105eb9190610afb565b98975050505050505050565b6040516370a0823160e01b81523060048201525f906001600160a01b038416906370a0823190602401602060405180830381865afa15801561063b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061065f9190610984565b9050801561067257610672838383610774565b505050565b6040516001600160a01b038381166024830152604482018390525f91829186169060640160408051601f198184030181529181526020820180516001600160e01b031663095ea7b360e01b179052516106d09190610948565b5f604051808303815f865af19150503d805f8114610709576040519150601f19603f3d011682016040523d82523d5f602084013e61070e565b606091505b509150915081158061073c575080511580159061073c57508080602001905181019061073a919061095e565b155b1561076d57604051631b6c83ab60e01b81526001600160a01b038087166004830152851660248201526044016100e5565b5050505050565b6040516001600160a01b038381166024830152604482018390525f91829186169060640160408051601f198184030181529181526020820180516001600160e01b031663a9059cbb60e01b179052516107cd9190610948565b5f604051808303815f865af19150503d805f8114610806576040519150601f19603f3d011682016040523d82523d5f602084013e61080b565b606091505b5091509150818015610835575080511580610835575080806020019051810190610835919061095e565b61076d5760405162461bcd60e51b815260206004820152601f60248201527f5472616e7366657248656c7065723a205452414e534645525f4641494c45440060448201526064016100e5565b80356001600160a01b0381168114610897575f5ffd5b919050565b5f5f5f5f5f5f5f5f610100898b0312156108b4575f5ffd5b6108bd89610881565b97506108cb60208a01610881565b96506108d960408a01610881565b95506108e760608a01610881565b94506080890135935060a0890135925061090360c08a01610881565b979a969950949793969295919450919260e001359150565b634e487b7160e01b5f52601160045260245ffd5b808201808211156109425761094261091b565b92915050565b5f82518060208501845e5f920191825250919050565b5f6020828403121561096e575f5ffd5b8151801515811461097d575f5ffd5b9392505050565b5f60208284031215610994575f5ffd5b5051919050565b634e487b7160e01b5f52604160045260245ffd5b634e487b7160e01b5f52603260045260245ffd5b5f60a0820187835286602084015260a0604084015280865180835260c0850191506020880192505f5b81811015610a135783516001600160a01b03168352602093840193909201916001016109ec565b50506001600160a01b039590951660608401525050608001529392505050565b5f60208284031215610a43575f5ffd5b815167ffffffffffffffff811115610a59575f5ffd5b8201601f81018413610a69575f5ffd5b805167ffffffffffffffff811115610a8357610a8361099b565b8060051b604051601f19603f830116810181811067ffffffffffffffff82111715610ab057610ab061099b565b604052918252602081840181019290810187841115610acd575f5ffd5b6020850194505b83851015610af057845180825260209586019590935001610ad4565b509695505050505050565b818103818111156109425761094261091b56fea264697066735822122048ca80e7663bf7c8b6020d1700f783bf914d45012daa4c1b45144f3c8ad3376164736f6c634300081c0033",
}

// ArbitrageExecutor is an auto generated Go binding around an Ethereum contract.
type ArbitrageExecutor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ArbitrageExecutor) GetABI() abi.ABI {
	return c.abi
}

// NewArbitrageExecutor creates a new instance of ArbitrageExecutor.
func NewArbitrageExecutor() *ArbitrageExecutor {
	parsed, err := ArbitrageExecutorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ArbitrageExecutor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ArbitrageExecutor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackArbitrage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb40ed4e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function arbitrage(address tokenIn, address tokenOut, address routerA, address routerB, uint256 amountIn, uint256 minProfit, address to, uint256 deadline) returns(uint256 amountOut)
func (arbitrageExecutor *ArbitrageExecutor) PackArbitrage(tokenIn common.Address, tokenOut common.Address, routerA common.Address, routerB common.Address, amountIn *big.Int, minProfit *big.Int, to common.Address, deadline *big.Int) []byte {
	enc, err := arbitrageExecutor.abi.Pack("arbitrage", tokenIn, tokenOut, routerA, routerB, amountIn, minProfit, to, deadline)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackArbitrage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb40ed4e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function arbitrage(address tokenIn, address tokenOut, address routerA, address routerB, uint256 amountIn, uint256 minProfit, address to, uint256 deadline) returns(uint256 amountOut)
func (arbitrageExecutor *ArbitrageExecutor) TryPackArbitrage(tokenIn common.Address, tokenOut common.Address, routerA common.Address, routerB common.Address, amountIn *big.Int, minProfit *big.Int, to common.Address, deadline *big.Int) ([]byte, error) {
	return arbitrageExecutor.abi.Pack("arbitrage", tokenIn, tokenOut, routerA, routerB, amountIn, minProfit, to, deadline)
}

// UnpackArbitrage is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcb40ed4e.
//
// Solidity: function arbitrage(address tokenIn, address tokenOut, address routerA, address routerB, uint256 amountIn, uint256 minProfit, address to, uint256 deadline) returns(uint256 amountOut)
func (arbitrageExecutor *ArbitrageExecutor) UnpackArbitrage(data []byte) (*big.Int, error) {
	out, err := arbitrageExecutor.abi.Unpack("arbitrage", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (arbitrageExecutor *ArbitrageExecutor) PackOwner() []byte {
	enc, err := arbitrageExecutor.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (arbitrageExecutor *ArbitrageExecutor) TryPackOwner() ([]byte, error) {
	return arbitrageExecutor.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (arbitrageExecutor *ArbitrageExecutor) UnpackOwner(data []byte) (common.Address, error) {
	out, err := arbitrageExecutor.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// ArbitrageExecutorArbitraged represents a Arbitraged event raised by the ArbitrageExecutor contract.
type ArbitrageExecutorArbitraged struct {
	TokenIn   common.Address
	TokenOut  common.Address
	RouterA   common.Address
	RouterB   common.Address
	AmountIn  *big.Int
	AmountMid *big.Int
	AmountOut *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const ArbitrageExecutorArbitragedEventName = "Arbitraged"

// ContractEventName returns the user-defined event name.
func (ArbitrageExecutorArbitraged) ContractEventName() string {
	return ArbitrageExecutorArbitragedEventName
}

// UnpackArbitragedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Arbitraged(address indexed tokenIn, address indexed tokenOut, address routerA, address routerB, uint256 amountIn, uint256 amountMid, uint256 amountOut)
func (arbitrageExecutor *ArbitrageExecutor) UnpackArbitragedEvent(log *types.Log) (*ArbitrageExecutorArbitraged, error) {
	event := "Arbitraged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != arbitrageExecutor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ArbitrageExecutorArbitraged)
	if len(log.Data) > 0 {
		if err := arbitrageExecutor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range arbitrageExecutor.abi.Events[event].Inputs {
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

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (arbitrageExecutor *ArbitrageExecutor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], arbitrageExecutor.abi.Errors["ApproveFailed"].ID.Bytes()[:4]) {
		return arbitrageExecutor.UnpackApproveFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], arbitrageExecutor.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return arbitrageExecutor.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], arbitrageExecutor.abi.Errors["RecipientNotOwner"].ID.Bytes()[:4]) {
		return arbitrageExecutor.UnpackRecipientNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], arbitrageExecutor.abi.Errors["SameToken"].ID.Bytes()[:4]) {
		return arbitrageExecutor.UnpackSameTokenError(raw[4:])
	}
	if bytes.Equal(raw[:4], arbitrageExecutor.abi.Errors["Unprofitable"].ID.Bytes()[:4]) {
		return arbitrageExecutor.UnpackUnprofitableError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ArbitrageExecutorApproveFailed represents a ApproveFailed error raised by the ArbitrageExecutor contract.
type ArbitrageExecutorApproveFailed struct {
	Token   common.Address
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ApproveFailed(address token, address spender)
func ArbitrageExecutorApproveFailedErrorID() common.Hash {
	return common.HexToHash("0x1b6c83ab3d6c1a2bc303598b02d3efbe429db254d638526edcac9b58afe314d8")
}

// UnpackApproveFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ApproveFailed(address token, address spender)
func (arbitrageExecutor *ArbitrageExecutor) UnpackApproveFailedError(raw []byte) (*ArbitrageExecutorApproveFailed, error) {
	out := new(ArbitrageExecutorApproveFailed)
	if err := arbitrageExecutor.abi.UnpackIntoInterface(out, "ApproveFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ArbitrageExecutorNotOwner represents a NotOwner error raised by the ArbitrageExecutor contract.
type ArbitrageExecutorNotOwner struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner(address caller)
func ArbitrageExecutorNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x245aecd3fabbd17d6c3c92dc7f0ab916ea8cbf6fc1862c8b56893090ac3fff4c")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner(address caller)
func (arbitrageExecutor *ArbitrageExecutor) UnpackNotOwnerError(raw []byte) (*ArbitrageExecutorNotOwner, error) {
	out := new(ArbitrageExecutorNotOwner)
	if err := arbitrageExecutor.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ArbitrageExecutorRecipientNotOwner represents a RecipientNotOwner error raised by the ArbitrageExecutor contract.
type ArbitrageExecutorRecipientNotOwner struct {
	To common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RecipientNotOwner(address to)
func ArbitrageExecutorRecipientNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x6452516db3a95f674b7c48da93d2867eb9b80546bacec39ca35b047689998252")
}

// UnpackRecipientNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RecipientNotOwner(address to)
func (arbitrageExecutor *ArbitrageExecutor) UnpackRecipientNotOwnerError(raw []byte) (*ArbitrageExecutorRecipientNotOwner, error) {
	out := new(ArbitrageExecutorRecipientNotOwner)
	if err := arbitrageExecutor.abi.UnpackIntoInterface(out, "RecipientNotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ArbitrageExecutorSameToken represents a SameToken error raised by the ArbitrageExecutor contract.
type ArbitrageExecutorSameToken struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SameToken(address token)
func ArbitrageExecutorSameTokenErrorID() common.Hash {
	return common.HexToHash("0x85196747b8fa1e1f4f98980128b6d5c4f2633bc0ba8bc01eacc6c61758c811a6")
}

// UnpackSameTokenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SameToken(address token)
func (arbitrageExecutor *ArbitrageExecutor) UnpackSameTokenError(raw []byte) (*ArbitrageExecutorSameToken, error) {
	out := new(ArbitrageExecutorSameToken)
	if err := arbitrageExecutor.abi.UnpackIntoInterface(out, "SameToken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ArbitrageExecutorUnprofitable represents a Unprofitable error raised by the ArbitrageExecutor contract.
type ArbitrageExecutorUnprofitable struct {
	Returned *big.Int
	Required *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Unprofitable(uint256 returned, uint256 required)
func ArbitrageExecutorUnprofitableErrorID() common.Hash {
	return common.HexToHash("0x4482de3e0f02c8428fccf492f931979add276de341424693f690491a9195382e")
}

// UnpackUnprofitableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Unprofitable(uint256 returned, uint256 required)
func (arbitrageExecutor *ArbitrageExecutor) UnpackUnprofitableError(raw []byte) (*ArbitrageExecutorUnprofitable, error) {
	out := new(ArbitrageExecutorUnprofitable)
	if err := arbitrageExecutor.abi.UnpackIntoInterface(out, "Unprofitable", raw); err != nil {
		return nil, err
	}
	return out, nil
}
