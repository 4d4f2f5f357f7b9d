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

// DecisionAnchorMetaData contains all meta data concerning the DecisionAnchor contract.
var DecisionAnchorMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"agent\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"firstSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"lastSeq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"count\",\"type\":\"uint32\"}],\"name\":\"Anchored\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"firstSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastSeq\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"count\",\"type\":\"uint32\"}],\"name\":\"anchor\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"leaf\",\"type\":\"bytes32\"}],\"name\":\"verify\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"pure\",\"type\":\"function\"}]",
	ID:  "DecisionAnchor",
	Bin: "0x6080604052348015600e575f5ffd5b506103b88061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80635a9a49c714610038578063e44d75071461005f575b5f5ffd5b61004b610046366004610241565b610074565b604051901515815260200160405180910390f35b61007261006d3660046102da565b6100b8565b005b5f81815b858110156100ac576100a2828888848181106100965761009661032e565b90506020020135610219565b9150600101610078565b50909214949350505050565b67ffffffffffffffff8316158015906100e557508267ffffffffffffffff168267ffffffffffffffff1610155b6101365760405162461bcd60e51b815260206004820152601b60248201527f4465636973696f6e416e63686f723a20656d7074792072616e6765000000000060448201526064015b60405180910390fd5b63ffffffff811661015467ffffffffffffffff808616908516610356565b61015f90600161036f565b146101bf5760405162461bcd60e51b815260206004820152602a60248201527f4465636973696f6e416e63686f723a20636f756e7420646f6573206e6f74206d604482015269617463682072616e676560b01b606482015260840161012d565b6040805167ffffffffffffffff85811682528416602082015263ffffffff8316818301529051859133917fe88da684cdbea6971e562c0ce9975eb772afa4fe0b7c83dffd5a707aef545ddd9181900360600190a350505050565b5f5f5f83851061022a57838561022d565b84845b5f9182526020526040902095945050505050565b5f5f5f5f60608587031215610254575f5ffd5b843567ffffffffffffffff81111561026a575f5ffd5b8501601f8101871361027a575f5ffd5b803567ffffffffffffffff811115610290575f5ffd5b8760208260051b84010111156102a4575f5ffd5b602091820198909750908601359560400135945092505050565b803567ffffffffffffffff811681146102d5575f5ffd5b919050565b5f5f5f5f608085870312156102ed575f5ffd5b843593506102fd602086016102be565b925061030b604086016102be565b9150606085013563ffffffff81168114610323575f5ffd5b939692955090935050565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b8181038181111561036957610369610342565b92915050565b808201808211156103695761036961034256fea2646970667358221220c030b0c0ad9384e846819b0fdb162ed91f8bd191b42c846f048fc2dc520aa86a64736f6c634300081c0033",
}

// DecisionAnchor is an auto generated Go binding around an Ethereum contract.
type DecisionAnchor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *DecisionAnchor) GetABI() abi.ABI {
	return c.abi
}

// NewDecisionAnchor creates a new instance of DecisionAnchor.
func NewDecisionAnchor() *DecisionAnchor {
	parsed, err := DecisionAnchorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &DecisionAnchor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *DecisionAnchor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAnchor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe44d7507.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function anchor(bytes32 root, uint64 firstSeq, uint64 lastSeq, uint32 count) returns()
func (decisionAnchor *DecisionAnchor) PackAnchor(root [32]byte, firstSeq uint64, lastSeq uint64, count uint32) []byte {
	enc, err := decisionAnchor.abi.Pack("anchor", root, firstSeq, lastSeq, count)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnchor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe44d7507.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function anchor(bytes32 root, uint64 firstSeq, uint64 lastSeq, uint32 count) returns()
func (decisionAnchor *DecisionAnchor) TryPackAnchor(root [32]byte, firstSeq uint64, lastSeq uint64, count uint32) ([]byte, error) {
	return decisionAnchor.abi.Pack("anchor", root, firstSeq, lastSeq, count)
}

// PackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a9a49c7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verify(bytes32[] proof, bytes32 root, bytes32 leaf) pure returns(bool)
func (decisionAnchor *DecisionAnchor) PackVerify(proof [][32]byte, root [32]byte, leaf [32]byte) []byte {
	enc, err := decisionAnchor.abi.Pack("verify", proof, root, leaf)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5a9a49c7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verify(bytes32[] proof, bytes32 root, bytes32 leaf) pure returns(bool)
func (decisionAnchor *DecisionAnchor) TryPackVerify(proof [][32]byte, root [32]byte, leaf [32]byte) ([]byte, error) {
	return decisionAnchor.abi.Pack("verify", proof, root, leaf)
}

// UnpackVerify is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5a9a49c7.
//
// Solidity: function verify(bytes32[] proof, bytes32 root, bytes32 leaf) pure returns(bool)
func (decisionAnchor *DecisionAnchor) UnpackVerify(data []byte) (bool, error) {
	out, err := decisionAnchor.abi.Unpack("verify", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// DecisionAnchorAnchored represents a Anchored event raised by the DecisionAnchor contract.
type DecisionAnchorAnchored struct {
	Agent    common.Address
	Root     [32]byte
	FirstSeq uint64
	LastSeq  uint64
	Count    uint32
	Raw      *types.Log // Blockchain specific contextual infos
}

const DecisionAnchorAnchoredEventName = "Anchored"

// ContractEventName returns the user-defined event name.
func (DecisionAnchorAnchored) ContractEventName() string {
	return DecisionAnchorAnchoredEventName
}

// UnpackAnchoredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Anchored(address indexed agent, bytes32 indexed root, uint64 firstSeq, uint64 lastSeq, uint32 count)
func (decisionAnchor *DecisionAnchor) UnpackAnchoredEvent(log *types.Log) (*DecisionAnchorAnchored, error) {
	event := "Anchored"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != decisionAnchor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DecisionAnchorAnchored)
	if len(log.Data) > 0 {
		if err := decisionAnchor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range decisionAnchor.abi.Events[event].Inputs {
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
