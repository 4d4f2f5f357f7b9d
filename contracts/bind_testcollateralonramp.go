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

// TestCollateralOnrampMetaData contains all meta data concerning the TestCollateralOnramp contract.
var TestCollateralOnrampMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"asset_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"pusd_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"asset\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pusd\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"_asset\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"_to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"_amount\",\"type\":\"uint256\"}],\"name\":\"wrap\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "TestCollateralOnramp",
	Bin: "0x60c060405234801561000f575f5ffd5b506040516104a73803806104a783398101604081905261002e91610060565b6001600160a01b039182166080521660a052610091565b80516001600160a01b038116811461005b575f5ffd5b919050565b5f5f60408385031215610071575f5ffd5b61007a83610045565b915061008860208401610045565b90509250929050565b60805160a0516103e36100c45f395f818160a0015261026c01525f818160480152818160c4015261017601526103e35ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c806338d52e0f146100435780636235563814610086578063b211ad9b1461009b575b5f5ffd5b61006a7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200160405180910390f35b61009961009436600461034e565b6100c2565b005b61006a7f000000000000000000000000000000000000000000000000000000000000000081565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316836001600160a01b0316146101545760405162461bcd60e51b815260206004820152602360248201527f54657374436f6c6c61746572616c4f6e72616d703a20756e6b6e6f776e2061736044820152621cd95d60ea1b60648201526084015b60405180910390fd5b6040516323b872dd60e01b8152336004820152306024820152604481018290527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906323b872dd906064016020604051808303815f875af11580156101c4573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906101e89190610387565b6102465760405162461bcd60e51b815260206004820152602960248201527f54657374436f6c6c61746572616c4f6e72616d703a207472616e7366657246726044820152681bdb4819985a5b195960ba1b606482015260840161014b565b60405163a9059cbb60e01b81526001600160a01b038381166004830152602482018390527f0000000000000000000000000000000000000000000000000000000000000000169063a9059cbb906044016020604051808303815f875af11580156102b2573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102d69190610387565b61032e5760405162461bcd60e51b815260206004820152602360248201527f54657374436f6c6c61746572616c4f6e72616d703a20726573657276652073686044820152621bdc9d60ea1b606482015260840161014b565b505050565b80356001600160a01b0381168114610349575f5ffd5b919050565b5f5f5f60608486031215610360575f5ffd5b61036984610333565b925061037760208501610333565b9150604084013590509250925092565b5f60208284031215610397575f5ffd5b815180151581146103a6575f5ffd5b939250505056fea264697066735822122027cdfe8cf76ba6584fdffa7e6e8fc27a38e7b477a4e66a79e720849a4451fe2564736f6c634300081c0033",
}

// TestCollateralOnramp is an auto generated Go binding around an Ethereum contract.
type TestCollateralOnramp struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *TestCollateralOnramp) GetABI() abi.ABI {
	return c.abi
}

// NewTestCollateralOnramp creates a new instance of TestCollateralOnramp.
func NewTestCollateralOnramp() *TestCollateralOnramp {
	parsed, err := TestCollateralOnrampMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &TestCollateralOnramp{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *TestCollateralOnramp) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address asset_, address pusd_) returns()
func (testCollateralOnramp *TestCollateralOnramp) PackConstructor(asset_ common.Address, pusd_ common.Address) []byte {
	enc, err := testCollateralOnramp.abi.Pack("", asset_, pusd_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAsset is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x38d52e0f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function asset() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) PackAsset() []byte {
	enc, err := testCollateralOnramp.abi.Pack("asset")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAsset is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x38d52e0f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function asset() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) TryPackAsset() ([]byte, error) {
	return testCollateralOnramp.abi.Pack("asset")
}

// UnpackAsset is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x38d52e0f.
//
// Solidity: function asset() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) UnpackAsset(data []byte) (common.Address, error) {
	out, err := testCollateralOnramp.abi.Unpack("asset", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPusd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb211ad9b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pusd() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) PackPusd() []byte {
	enc, err := testCollateralOnramp.abi.Pack("pusd")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPusd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb211ad9b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pusd() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) TryPackPusd() ([]byte, error) {
	return testCollateralOnramp.abi.Pack("pusd")
}

// UnpackPusd is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb211ad9b.
//
// Solidity: function pusd() view returns(address)
func (testCollateralOnramp *TestCollateralOnramp) UnpackPusd(data []byte) (common.Address, error) {
	out, err := testCollateralOnramp.abi.Unpack("pusd", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackWrap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x62355638.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function wrap(address _asset, address _to, uint256 _amount) returns()
func (testCollateralOnramp *TestCollateralOnramp) PackWrap(asset common.Address, to common.Address, amount *big.Int) []byte {
	enc, err := testCollateralOnramp.abi.Pack("wrap", asset, to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWrap is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x62355638.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function wrap(address _asset, address _to, uint256 _amount) returns()
func (testCollateralOnramp *TestCollateralOnramp) TryPackWrap(asset common.Address, to common.Address, amount *big.Int) ([]byte, error) {
	return testCollateralOnramp.abi.Pack("wrap", asset, to, amount)
}
