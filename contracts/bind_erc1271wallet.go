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

// ERC1271WalletMetaData contains all meta data concerning the ERC1271Wallet contract.
var ERC1271WalletMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"keyHolder_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"isValidSignature\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"keyHolder\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ERC1271Wallet",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516103a43803806103a4833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b6080516103206100845f395f8181606e015261019501526103205ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80631626ba7e1461003857806345e641d014610069575b5f5ffd5b61004b6100463660046101f0565b6100a8565b6040516001600160e01b031990911681526020015b60405180910390f35b6100907f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610060565b5f604182146100c057506001600160e01b03196101e9565b5f838360408181106100d4576100d4610267565b919091013560f81c915050601b8110156100f6576100f3601b8261027b565b90505b5f60018683610108602085898b6102a6565b610111916102cd565b61011f604060208a8c6102a6565b610128916102cd565b604080515f8152602081018083529590955260ff909316928401929092526060830152608082015260a0016020604051602081039080840390855afa158015610173573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116158015906101c957507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316816001600160a01b0316145b6101db576001600160e01b03196101e4565b630b135d3f60e11b5b925050505b9392505050565b5f5f5f60408486031215610202575f5ffd5b83359250602084013567ffffffffffffffff81111561021f575f5ffd5b8401601f8101861361022f575f5ffd5b803567ffffffffffffffff811115610245575f5ffd5b866020828401011115610256575f5ffd5b939660209190910195509293505050565b634e487b7160e01b5f52603260045260245ffd5b60ff81811683821601908111156102a057634e487b7160e01b5f52601160045260245ffd5b92915050565b5f5f858511156102b4575f5ffd5b838611156102c0575f5ffd5b5050820193919092039150565b803560208310156102a0575f19602084900360031b1b169291505056fea26469706673582212201e9586462feb5b73ccde95e3cf3bbe1d71ed15201dfa09a05c1119f2f059604d64736f6c634300081c0033",
}

// ERC1271Wallet is an auto generated Go binding around an Ethereum contract.
type ERC1271Wallet struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ERC1271Wallet) GetABI() abi.ABI {
	return c.abi
}

// NewERC1271Wallet creates a new instance of ERC1271Wallet.
func NewERC1271Wallet() *ERC1271Wallet {
	parsed, err := ERC1271WalletMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ERC1271Wallet{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ERC1271Wallet) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address keyHolder_) returns()
func (eRC1271Wallet *ERC1271Wallet) PackConstructor(keyHolder_ common.Address) []byte {
	enc, err := eRC1271Wallet.abi.Pack("", keyHolder_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackIsValidSignature is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1626ba7e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isValidSignature(bytes32 hash, bytes signature) view returns(bytes4)
func (eRC1271Wallet *ERC1271Wallet) PackIsValidSignature(hash [32]byte, signature []byte) []byte {
	enc, err := eRC1271Wallet.abi.Pack("isValidSignature", hash, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsValidSignature is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1626ba7e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isValidSignature(bytes32 hash, bytes signature) view returns(bytes4)
func (eRC1271Wallet *ERC1271Wallet) TryPackIsValidSignature(hash [32]byte, signature []byte) ([]byte, error) {
	return eRC1271Wallet.abi.Pack("isValidSignature", hash, signature)
}

// UnpackIsValidSignature is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1626ba7e.
//
// Solidity: function isValidSignature(bytes32 hash, bytes signature) view returns(bytes4)
func (eRC1271Wallet *ERC1271Wallet) UnpackIsValidSignature(data []byte) ([4]byte, error) {
	out, err := eRC1271Wallet.abi.Unpack("isValidSignature", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackKeyHolder is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x45e641d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function keyHolder() view returns(address)
func (eRC1271Wallet *ERC1271Wallet) PackKeyHolder() []byte {
	enc, err := eRC1271Wallet.abi.Pack("keyHolder")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackKeyHolder is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x45e641d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function keyHolder() view returns(address)
func (eRC1271Wallet *ERC1271Wallet) TryPackKeyHolder() ([]byte, error) {
	return eRC1271Wallet.abi.Pack("keyHolder")
}

// UnpackKeyHolder is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x45e641d0.
//
// Solidity: function keyHolder() view returns(address)
func (eRC1271Wallet *ERC1271Wallet) UnpackKeyHolder(data []byte) (common.Address, error) {
	out, err := eRC1271Wallet.abi.Unpack("keyHolder", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}
