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

// TestCtfCollateralAdapterMetaData contains all meta data concerning the TestCtfCollateralAdapter contract.
var TestCtfCollateralAdapterMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIConditionalTokensLike\",\"name\":\"ctf_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"positionCollateral_\",\"type\":\"address\"},{\"internalType\":\"contractIERC20\",\"name\":\"pusd_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"conditionalTokens\",\"outputs\":[{\"internalType\":\"contractIConditionalTokensLike\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155BatchReceived\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"name\":\"onERC1155Received\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"positionCollateral\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pusd\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"conditionId\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"\",\"type\":\"uint256[]\"}],\"name\":\"redeemPositions\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "TestCtfCollateralAdapter",
	Bin: "0x60e060405234801561000f575f5ffd5b50604051610c66380380610c6683398101604081905261002e91610062565b6001600160a01b0392831660805290821660a0521660c0526100ac565b6001600160a01b038116811461005f575f5ffd5b50565b5f5f5f60608486031215610074575f5ffd5b835161007f8161004b565b60208501519093506100908161004b565b60408501519092506100a18161004b565b809150509250925092565b60805160a05160c051610b4c61011a5f395f818160c201526106c301525f8181610124015281816102cd015281816104fd015281816105b5015261063101525f8181607e015281816101fd015281816102ff0152818161038a0152818161047f01526105880152610b4c5ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c806301b7037c146100645780635bd9e29914610079578063b211ad9b146100bd578063bc197c81146100e4578063e380420d1461011f578063f23a6e6114610146575b5f5ffd5b610077610072366004610804565b610166565b005b6100a07f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100a07f000000000000000000000000000000000000000000000000000000000000000081565b6101066100f23660046108a5565b63bc197c8160e01b98975050505050505050565b6040516001600160e01b031990911681526020016100b4565b6100a07f000000000000000000000000000000000000000000000000000000000000000081565b610106610154366004610964565b63f23a6e6160e01b9695505050505050565b6040805160028082526060820183525f9260208301908036833750506040805160028082526060820183529394505f939092509060208301908036833750506040805160028082526060820183529394505f93909250906020830190803683370190505090505f5b600281101561046757806001901b8282815181106101ee576101ee6109d7565b6020026020010181815250505f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663856296f75f5f1b8a868681518110610240576102406109d7565b60200260200101516040518463ffffffff1660e01b8152600401610277939291909283526020830191909152604082015260600190565b602060405180830381865afa158015610292573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102b691906109eb565b60405163039dd75360e41b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000081166004830152602482018390529192507f0000000000000000000000000000000000000000000000000000000000000000909116906339dd753090604401602060405180830381865afa158015610346573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061036a91906109eb565b85838151811061037c5761037c6109d7565b6020026020010181815250507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031662fdd58e338785815181106103c9576103c96109d7565b60200260200101516040518363ffffffff1660e01b81526004016104029291906001600160a01b03929092168252602082015260400190565b602060405180830381865afa15801561041d573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061044191906109eb565b848381518110610453576104536109d7565b6020908102919091010152506001016101ce565b50604051631759616b60e11b81526001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690632eb2c2d6906104ba903390309088908890600401610a3c565b5f604051808303815f87803b1580156104d1575f5ffd5b505af11580156104e3573d5f5f3e3d5ffd5b50506040516370a0823160e01b81523060048201525f92507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031691506370a0823190602401602060405180830381865afa15801561054b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061056f91906109eb565b604051626dc0df60e21b81529091506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906301b7037c906105e3907f0000000000000000000000000000000000000000000000000000000000000000905f908c908890600401610a95565b5f604051808303815f87803b1580156105fa575f5ffd5b505af115801561060c573d5f5f3e3d5ffd5b50506040516370a0823160e01b81523060048201525f92508391506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906370a0823190602401602060405180830381865afa158015610676573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061069a91906109eb565b6106a49190610acb565b60405163a9059cbb60e01b8152336004820152602481018290529091507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063a9059cbb906044016020604051808303815f875af1158015610711573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107359190610af0565b6107955760405162461bcd60e51b815260206004820152602760248201527f54657374437466436f6c6c61746572616c416461707465723a2072657365727660448201526619481cda1bdc9d60ca1b606482015260840160405180910390fd5b50505050505050505050565b80356001600160a01b03811681146107b7575f5ffd5b919050565b5f5f83601f8401126107cc575f5ffd5b50813567ffffffffffffffff8111156107e3575f5ffd5b6020830191508360208260051b85010111156107fd575f5ffd5b9250929050565b5f5f5f5f5f60808688031215610818575f5ffd5b610821866107a1565b94506020860135935060408601359250606086013567ffffffffffffffff81111561084a575f5ffd5b610856888289016107bc565b969995985093965092949392505050565b5f5f83601f840112610877575f5ffd5b50813567ffffffffffffffff81111561088e575f5ffd5b6020830191508360208285010111156107fd575f5ffd5b5f5f5f5f5f5f5f5f60a0898b0312156108bc575f5ffd5b6108c5896107a1565b97506108d360208a016107a1565b9650604089013567ffffffffffffffff8111156108ee575f5ffd5b6108fa8b828c016107bc565b909750955050606089013567ffffffffffffffff811115610919575f5ffd5b6109258b828c016107bc565b909550935050608089013567ffffffffffffffff811115610944575f5ffd5b6109508b828c01610867565b999c989b5096995094979396929594505050565b5f5f5f5f5f5f60a08789031215610979575f5ffd5b610982876107a1565b9550610990602088016107a1565b94506040870135935060608701359250608087013567ffffffffffffffff8111156109b9575f5ffd5b6109c589828a01610867565b979a9699509497509295939492505050565b634e487b7160e01b5f52603260045260245ffd5b5f602082840312156109fb575f5ffd5b5051919050565b5f8151808452602084019350602083015f5b82811015610a32578151865260209586019590910190600101610a14565b5093949350505050565b6001600160a01b0385811682528416602082015260a0604082018190525f90610a6790830185610a02565b8281036060840152610a798185610a02565b83810360809094019390935250505f8152602001949350505050565b60018060a01b0385168152836020820152826040820152608060608201525f610ac16080830184610a02565b9695505050505050565b81810381811115610aea57634e487b7160e01b5f52601160045260245ffd5b92915050565b5f60208284031215610b00575f5ffd5b81518015158114610b0f575f5ffd5b939250505056fea264697066735822122019c6469d406ad98f838004693d0f5c0263f99aab5110bfe8319bd33b12ad29a864736f6c634300081c0033",
}

// TestCtfCollateralAdapter is an auto generated Go binding around an Ethereum contract.
type TestCtfCollateralAdapter struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *TestCtfCollateralAdapter) GetABI() abi.ABI {
	return c.abi
}

// NewTestCtfCollateralAdapter creates a new instance of TestCtfCollateralAdapter.
func NewTestCtfCollateralAdapter() *TestCtfCollateralAdapter {
	parsed, err := TestCtfCollateralAdapterMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &TestCtfCollateralAdapter{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *TestCtfCollateralAdapter) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address ctf_, address positionCollateral_, address pusd_) returns()
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackConstructor(ctf_ common.Address, positionCollateral_ common.Address, pusd_ common.Address) []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("", ctf_, positionCollateral_, pusd_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackConditionalTokens is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5bd9e299.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function conditionalTokens() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackConditionalTokens() []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("conditionalTokens")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackConditionalTokens is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5bd9e299.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function conditionalTokens() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackConditionalTokens() ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("conditionalTokens")
}

// UnpackConditionalTokens is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5bd9e299.
//
// Solidity: function conditionalTokens() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) UnpackConditionalTokens(data []byte) (common.Address, error) {
	out, err := testCtfCollateralAdapter.abi.Unpack("conditionalTokens", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155BatchReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc197c81.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackOnERC1155BatchReceived(arg0 common.Address, arg1 common.Address, arg2 []*big.Int, arg3 []*big.Int, arg4 []byte) ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("onERC1155BatchReceived", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155BatchReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc197c81.
//
// Solidity: function onERC1155BatchReceived(address , address , uint256[] , uint256[] , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) UnpackOnERC1155BatchReceived(data []byte) ([4]byte, error) {
	out, err := testCtfCollateralAdapter.abi.Unpack("onERC1155BatchReceived", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnERC1155Received is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf23a6e61.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackOnERC1155Received(arg0 common.Address, arg1 common.Address, arg2 *big.Int, arg3 *big.Int, arg4 []byte) ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("onERC1155Received", arg0, arg1, arg2, arg3, arg4)
}

// UnpackOnERC1155Received is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf23a6e61.
//
// Solidity: function onERC1155Received(address , address , uint256 , uint256 , bytes ) pure returns(bytes4)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) UnpackOnERC1155Received(data []byte) ([4]byte, error) {
	out, err := testCtfCollateralAdapter.abi.Unpack("onERC1155Received", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackPositionCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe380420d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function positionCollateral() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackPositionCollateral() []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("positionCollateral")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPositionCollateral is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe380420d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function positionCollateral() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackPositionCollateral() ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("positionCollateral")
}

// UnpackPositionCollateral is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe380420d.
//
// Solidity: function positionCollateral() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) UnpackPositionCollateral(data []byte) (common.Address, error) {
	out, err := testCtfCollateralAdapter.abi.Unpack("positionCollateral", data)
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
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackPusd() []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("pusd")
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
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackPusd() ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("pusd")
}

// UnpackPusd is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb211ad9b.
//
// Solidity: function pusd() view returns(address)
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) UnpackPusd(data []byte) (common.Address, error) {
	out, err := testCtfCollateralAdapter.abi.Unpack("pusd", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRedeemPositions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01b7037c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function redeemPositions(address , bytes32 , bytes32 conditionId, uint256[] ) returns()
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) PackRedeemPositions(arg0 common.Address, arg1 [32]byte, conditionId [32]byte, arg3 []*big.Int) []byte {
	enc, err := testCtfCollateralAdapter.abi.Pack("redeemPositions", arg0, arg1, conditionId, arg3)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRedeemPositions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01b7037c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function redeemPositions(address , bytes32 , bytes32 conditionId, uint256[] ) returns()
func (testCtfCollateralAdapter *TestCtfCollateralAdapter) TryPackRedeemPositions(arg0 common.Address, arg1 [32]byte, conditionId [32]byte, arg3 []*big.Int) ([]byte, error) {
	return testCtfCollateralAdapter.abi.Pack("redeemPositions", arg0, arg1, conditionId, arg3)
}
