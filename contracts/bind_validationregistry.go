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

// ValidationRegistryMetaData contains all meta data concerning the ValidationRegistry contract.
var ValidationRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identityRegistry\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"validatorAddress\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"requestURI\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"requestHash\",\"type\":\"bytes32\"}],\"name\":\"ValidationRequest\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"validatorAddress\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"requestHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"response\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"responseURI\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"responseHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"tag\",\"type\":\"string\"}],\"name\":\"ValidationResponse\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"name\":\"getAgentValidations\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"requestHashes\",\"type\":\"bytes32[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"getIdentityRegistry\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"validatorAddresses\",\"type\":\"address[]\"},{\"internalType\":\"string\",\"name\":\"tag\",\"type\":\"string\"}],\"name\":\"getSummary\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"count\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"averageResponse\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"requestHash\",\"type\":\"bytes32\"}],\"name\":\"getValidationStatus\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"validatorAddress\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"response\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"responseHash\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"tag\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"lastUpdate\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"validatorAddress\",\"type\":\"address\"}],\"name\":\"getValidatorRequests\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"requestHashes\",\"type\":\"bytes32[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"validatorAddress\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"requestURI\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"requestHash\",\"type\":\"bytes32\"}],\"name\":\"validationRequest\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"requestHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"response\",\"type\":\"uint8\"},{\"internalType\":\"string\",\"name\":\"responseURI\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"responseHash\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"tag\",\"type\":\"string\"}],\"name\":\"validationResponse\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ValidationRegistry",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516110a43803806110a483398101604081905261002e916100b6565b806001600160a01b03163b5f036100a55760405162461bcd60e51b815260206004820152603160248201527f56616c69646174696f6e52656769737472793a206964656e7469747920726567604482015270697374727920686173206e6f20636f646560781b606482015260840160405180910390fd5b6001600160a01b03166080526100e3565b5f602082840312156100c6575f5ffd5b81516001600160a01b03811681146100dc575f5ffd5b9392505050565b608051610fa26101025f395f818161011f01526106a30152610fa25ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c80638d5d0c2d116100585780638d5d0c2d146100ec578063aaf400c4146100ff578063bc4d861b14610112578063ff2febfc14610149575f5ffd5b80631b7cabd61461007e5780633d659a96146100b75780634bf3158c146100cc575b5f5ffd5b61009161008c3660046109e2565b61016e565b604080516001600160401b03909316835260ff9091166020830152015b60405180910390f35b6100ca6100c5366004610a8a565b6102a4565b005b6100df6100da366004610b3c565b610489565b6040516100ae9190610b55565b6100df6100fa366004610b97565b6104f2565b6100ca61010d366004610bae565b61054f565b6040516001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001681526020016100ae565b61015c610157366004610b97565b61084b565b6040516100ae96959493929190610c0a565b5f85815260016020526040808220905182919082906101909087908790610c6d565b60405190819003902090505f805b8354811015610271575f5f5f8684815481106101bc576101bc610c7c565b905f5260205f20015481526020019081526020015f20905080600501545f036101e55750610269565b871580159061020c575083816004016040516102019190610cc8565b604051809103902014155b156102175750610269565b891580159061023b57508054610239908c908c906001600160a01b0316610936565b155b156102465750610269565b60028101546102589060ff1684610d4d565b92508661026481610d66565b975050505b60010161019e565b506001600160401b03851615610297576102946001600160401b03861682610d90565b93505b5050509550959350505050565b5f87815260208190526040902080546001600160a01b03166103195760405162461bcd60e51b815260206004820152602360248201527f56616c69646174696f6e52656769737472793a206e6f20737563682072657175604482015262195cdd60ea1b60648201526084015b60405180910390fd5b80546001600160a01b031633146103985760405162461bcd60e51b815260206004820152603860248201527f56616c69646174696f6e52656769737472793a206f6e6c7920746865206e616d60448201527f65642076616c696461746f72206d617920726573706f6e6400000000000000006064820152608401610310565b60648760ff1611156103fb5760405162461bcd60e51b815260206004820152602660248201527f56616c69646174696f6e52656769737472793a20726573706f6e73652061626f60448201526507665203130360d41b6064820152608401610310565b60028101805460ff191660ff89161790556003810184905560048101610422838583610e0f565b50426005820155600181015481546040518a92916001600160a01b0316907fafddf629e874ccc3963b6a888c477bd464a6c8525024fc88759ea3b2326349ae90610477908c908c908c908c908c908c90610ef0565b60405180910390a45050505050505050565b6001600160a01b0381165f908152600260209081526040918290208054835181840281018401909452808452606093928301828280156104e657602002820191905f5260205f20905b8154815260200190600101908083116104d2575b50505050509050919050565b5f818152600160209081526040918290208054835181840281018401909452808452606093928301828280156104e657602002820191905f5260205f20908154815260200190600101908083116104d25750505050509050919050565b6001600160a01b0385166105b45760405162461bcd60e51b815260206004820152602660248201527f56616c69646174696f6e52656769737472793a206e6f2076616c696461746f72604482015265081b985b595960d21b6064820152608401610310565b806106115760405162461bcd60e51b815260206004820152602760248201527f56616c69646174696f6e52656769737472793a207265717565737448617368206044820152666973207a65726f60c81b6064820152608401610310565b5f818152602081905260409020546001600160a01b0316156106875760405162461bcd60e51b815260206004820152602960248201527f56616c69646174696f6e52656769737472793a207265717565737420616c726560448201526818591e48199a5b195960ba1b6064820152608401610310565b604051636caf395f60e11b8152336004820152602481018590527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063d95e72be90604401602060405180830381865afa1580156106f0573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107149190610f32565b61079c5760405162461bcd60e51b815260206004820152604d60248201527f56616c69646174696f6e52656769737472793a206f6e6c79207468652061676560448201527f6e742773206f776e6572206f72206f70657261746f72206d617920726571756560648201526c39ba103b30b634b230ba34b7b760991b608482015260a401610310565b5f8181526020818152604080832080546001600160a01b0319166001600160a01b038a16908117825560018083018a90558986528085528386208054808301825590875285872001879055818652600285528386208054918201815586529390942090920184905551909183918791907f530436c3634a98e1e626b0898be2f1e9980cc1bd2a78c07a0aba52d0a48a50599061083b9089908990610f51565b60405180910390a4505050505050565b5f81815260208190526040812080546001820154600283015460038401546005850154600486018054889788978897606097899793966001600160a01b0390931695919460ff90911693929082906108a290610c90565b80601f01602080910402602001604051908101604052809291908181526020018280546108ce90610c90565b80156109195780601f106108f057610100808354040283529160200191610919565b820191905f5260205f20905b8154815290600101906020018083116108fc57829003601f168201915b505050505091509650965096509650965096505091939550919395565b5f805b8381101561099257826001600160a01b031685858381811061095d5761095d610c7c565b90506020020160208101906109729190610b3c565b6001600160a01b03160361098a576001915050610997565b600101610939565b505f90505b9392505050565b5f5f83601f8401126109ae575f5ffd5b5081356001600160401b038111156109c4575f5ffd5b6020830191508360208285010111156109db575f5ffd5b9250929050565b5f5f5f5f5f606086880312156109f6575f5ffd5b8535945060208601356001600160401b03811115610a12575f5ffd5b8601601f81018813610a22575f5ffd5b80356001600160401b03811115610a37575f5ffd5b8860208260051b8401011115610a4b575f5ffd5b6020919091019450925060408601356001600160401b03811115610a6d575f5ffd5b610a798882890161099e565b969995985093965092949392505050565b5f5f5f5f5f5f5f60a0888a031215610aa0575f5ffd5b87359650602088013560ff81168114610ab7575f5ffd5b955060408801356001600160401b03811115610ad1575f5ffd5b610add8a828b0161099e565b9096509450506060880135925060808801356001600160401b03811115610b02575f5ffd5b610b0e8a828b0161099e565b989b979a50959850939692959293505050565b80356001600160a01b0381168114610b37575f5ffd5b919050565b5f60208284031215610b4c575f5ffd5b61099782610b21565b602080825282518282018190525f918401906040840190835b81811015610b8c578351835260209384019390920191600101610b6e565b509095945050505050565b5f60208284031215610ba7575f5ffd5b5035919050565b5f5f5f5f5f60808688031215610bc2575f5ffd5b610bcb86610b21565b94506020860135935060408601356001600160401b03811115610bec575f5ffd5b610bf88882890161099e565b96999598509660600135949350505050565b60018060a01b038716815285602082015260ff8516604082015283606082015260c060808201525f83518060c0840152806020860160e085015e5f60e0828501015260e0601f19601f8301168401019150508260a0830152979650505050505050565b818382375f9101908152919050565b634e487b7160e01b5f52603260045260245ffd5b600181811c90821680610ca457607f821691505b602082108103610cc257634e487b7160e01b5f52602260045260245ffd5b50919050565b5f5f8354610cd581610c90565b600182168015610cec5760018114610d0157610d2e565b60ff1983168652811515820286019350610d2e565b865f5260205f205f5b83811015610d2657815488820152600190910190602001610d0a565b505081860193505b509195945050505050565b634e487b7160e01b5f52601160045260245ffd5b80820180821115610d6057610d60610d39565b92915050565b5f6001600160401b0382166001600160401b038103610d8757610d87610d39565b60010192915050565b5f82610daa57634e487b7160e01b5f52601260045260245ffd5b500490565b634e487b7160e01b5f52604160045260245ffd5b601f821115610e0a57805f5260205f20601f840160051c81016020851015610de85750805b601f840160051c820191505b81811015610e07575f8155600101610df4565b50505b505050565b6001600160401b03831115610e2657610e26610daf565b610e3a83610e348354610c90565b83610dc3565b5f601f841160018114610e6b575f8515610e545750838201355b5f19600387901b1c1916600186901b178355610e07565b5f83815260208120601f198716915b82811015610e9a5786850135825560209485019460019092019101610e7a565b5086821015610eb6575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b60ff87168152608060208201525f610f0c608083018789610ec8565b8560408401528281036060840152610f25818587610ec8565b9998505050505050505050565b5f60208284031215610f42575f5ffd5b81518015158114610997575f5ffd5b602081525f610f64602083018486610ec8565b94935050505056fea26469706673582212205f281e743022da01d6f6ec826ef8a7cc8fc4293b5fb4433530ec29ef78216f3264736f6c634300081c0033",
}

// ValidationRegistry is an auto generated Go binding around an Ethereum contract.
type ValidationRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ValidationRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewValidationRegistry creates a new instance of ValidationRegistry.
func NewValidationRegistry() *ValidationRegistry {
	parsed, err := ValidationRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ValidationRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ValidationRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address identityRegistry) returns()
func (validationRegistry *ValidationRegistry) PackConstructor(identityRegistry common.Address) []byte {
	enc, err := validationRegistry.abi.Pack("", identityRegistry)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackGetAgentValidations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8d5d0c2d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getAgentValidations(uint256 agentId) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) PackGetAgentValidations(agentId *big.Int) []byte {
	enc, err := validationRegistry.abi.Pack("getAgentValidations", agentId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetAgentValidations is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8d5d0c2d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getAgentValidations(uint256 agentId) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) TryPackGetAgentValidations(agentId *big.Int) ([]byte, error) {
	return validationRegistry.abi.Pack("getAgentValidations", agentId)
}

// UnpackGetAgentValidations is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8d5d0c2d.
//
// Solidity: function getAgentValidations(uint256 agentId) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) UnpackGetAgentValidations(data []byte) ([][32]byte, error) {
	out, err := validationRegistry.abi.Unpack("getAgentValidations", data)
	if err != nil {
		return *new([][32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	return out0, nil
}

// PackGetIdentityRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc4d861b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getIdentityRegistry() view returns(address)
func (validationRegistry *ValidationRegistry) PackGetIdentityRegistry() []byte {
	enc, err := validationRegistry.abi.Pack("getIdentityRegistry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetIdentityRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc4d861b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getIdentityRegistry() view returns(address)
func (validationRegistry *ValidationRegistry) TryPackGetIdentityRegistry() ([]byte, error) {
	return validationRegistry.abi.Pack("getIdentityRegistry")
}

// UnpackGetIdentityRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc4d861b.
//
// Solidity: function getIdentityRegistry() view returns(address)
func (validationRegistry *ValidationRegistry) UnpackGetIdentityRegistry(data []byte) (common.Address, error) {
	out, err := validationRegistry.abi.Unpack("getIdentityRegistry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackGetValidationSummary is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1b7cabd6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getSummary(uint256 agentId, address[] validatorAddresses, string tag) view returns(uint64 count, uint8 averageResponse)
func (validationRegistry *ValidationRegistry) PackGetValidationSummary(agentId *big.Int, validatorAddresses []common.Address, tag string) []byte {
	enc, err := validationRegistry.abi.Pack("getSummary", agentId, validatorAddresses, tag)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetValidationSummary is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1b7cabd6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getSummary(uint256 agentId, address[] validatorAddresses, string tag) view returns(uint64 count, uint8 averageResponse)
func (validationRegistry *ValidationRegistry) TryPackGetValidationSummary(agentId *big.Int, validatorAddresses []common.Address, tag string) ([]byte, error) {
	return validationRegistry.abi.Pack("getSummary", agentId, validatorAddresses, tag)
}

// GetValidationSummaryOutput serves as a container for the return parameters of contract
// method GetValidationSummary.
type GetValidationSummaryOutput struct {
	Count           uint64
	AverageResponse uint8
}

// UnpackGetValidationSummary is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1b7cabd6.
//
// Solidity: function getSummary(uint256 agentId, address[] validatorAddresses, string tag) view returns(uint64 count, uint8 averageResponse)
func (validationRegistry *ValidationRegistry) UnpackGetValidationSummary(data []byte) (GetValidationSummaryOutput, error) {
	out, err := validationRegistry.abi.Unpack("getSummary", data)
	outstruct := new(GetValidationSummaryOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Count = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.AverageResponse = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackGetValidationStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff2febfc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getValidationStatus(bytes32 requestHash) view returns(address validatorAddress, uint256 agentId, uint8 response, bytes32 responseHash, string tag, uint256 lastUpdate)
func (validationRegistry *ValidationRegistry) PackGetValidationStatus(requestHash [32]byte) []byte {
	enc, err := validationRegistry.abi.Pack("getValidationStatus", requestHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetValidationStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff2febfc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getValidationStatus(bytes32 requestHash) view returns(address validatorAddress, uint256 agentId, uint8 response, bytes32 responseHash, string tag, uint256 lastUpdate)
func (validationRegistry *ValidationRegistry) TryPackGetValidationStatus(requestHash [32]byte) ([]byte, error) {
	return validationRegistry.abi.Pack("getValidationStatus", requestHash)
}

// GetValidationStatusOutput serves as a container for the return parameters of contract
// method GetValidationStatus.
type GetValidationStatusOutput struct {
	ValidatorAddress common.Address
	AgentId          *big.Int
	Response         uint8
	ResponseHash     [32]byte
	Tag              string
	LastUpdate       *big.Int
}

// UnpackGetValidationStatus is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xff2febfc.
//
// Solidity: function getValidationStatus(bytes32 requestHash) view returns(address validatorAddress, uint256 agentId, uint8 response, bytes32 responseHash, string tag, uint256 lastUpdate)
func (validationRegistry *ValidationRegistry) UnpackGetValidationStatus(data []byte) (GetValidationStatusOutput, error) {
	out, err := validationRegistry.abi.Unpack("getValidationStatus", data)
	outstruct := new(GetValidationStatusOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.ValidatorAddress = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.AgentId = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.Response = *abi.ConvertType(out[2], new(uint8)).(*uint8)
	outstruct.ResponseHash = *abi.ConvertType(out[3], new([32]byte)).(*[32]byte)
	outstruct.Tag = *abi.ConvertType(out[4], new(string)).(*string)
	outstruct.LastUpdate = abi.ConvertType(out[5], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackGetValidatorRequests is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf3158c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getValidatorRequests(address validatorAddress) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) PackGetValidatorRequests(validatorAddress common.Address) []byte {
	enc, err := validationRegistry.abi.Pack("getValidatorRequests", validatorAddress)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetValidatorRequests is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4bf3158c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getValidatorRequests(address validatorAddress) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) TryPackGetValidatorRequests(validatorAddress common.Address) ([]byte, error) {
	return validationRegistry.abi.Pack("getValidatorRequests", validatorAddress)
}

// UnpackGetValidatorRequests is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4bf3158c.
//
// Solidity: function getValidatorRequests(address validatorAddress) view returns(bytes32[] requestHashes)
func (validationRegistry *ValidationRegistry) UnpackGetValidatorRequests(data []byte) ([][32]byte, error) {
	out, err := validationRegistry.abi.Unpack("getValidatorRequests", data)
	if err != nil {
		return *new([][32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	return out0, nil
}

// PackValidationRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaaf400c4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validationRequest(address validatorAddress, uint256 agentId, string requestURI, bytes32 requestHash) returns()
func (validationRegistry *ValidationRegistry) PackValidationRequest(validatorAddress common.Address, agentId *big.Int, requestURI string, requestHash [32]byte) []byte {
	enc, err := validationRegistry.abi.Pack("validationRequest", validatorAddress, agentId, requestURI, requestHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidationRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaaf400c4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validationRequest(address validatorAddress, uint256 agentId, string requestURI, bytes32 requestHash) returns()
func (validationRegistry *ValidationRegistry) TryPackValidationRequest(validatorAddress common.Address, agentId *big.Int, requestURI string, requestHash [32]byte) ([]byte, error) {
	return validationRegistry.abi.Pack("validationRequest", validatorAddress, agentId, requestURI, requestHash)
}

// PackValidationResponse is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d659a96.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validationResponse(bytes32 requestHash, uint8 response, string responseURI, bytes32 responseHash, string tag) returns()
func (validationRegistry *ValidationRegistry) PackValidationResponse(requestHash [32]byte, response uint8, responseURI string, responseHash [32]byte, tag string) []byte {
	enc, err := validationRegistry.abi.Pack("validationResponse", requestHash, response, responseURI, responseHash, tag)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidationResponse is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d659a96.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validationResponse(bytes32 requestHash, uint8 response, string responseURI, bytes32 responseHash, string tag) returns()
func (validationRegistry *ValidationRegistry) TryPackValidationResponse(requestHash [32]byte, response uint8, responseURI string, responseHash [32]byte, tag string) ([]byte, error) {
	return validationRegistry.abi.Pack("validationResponse", requestHash, response, responseURI, responseHash, tag)
}

// ValidationRegistryValidationRequest represents a ValidationRequest event raised by the ValidationRegistry contract.
type ValidationRegistryValidationRequest struct {
	ValidatorAddress common.Address
	AgentId          *big.Int
	RequestURI       string
	RequestHash      [32]byte
	Raw              *types.Log // Blockchain specific contextual infos
}

const ValidationRegistryValidationRequestEventName = "ValidationRequest"

// ContractEventName returns the user-defined event name.
func (ValidationRegistryValidationRequest) ContractEventName() string {
	return ValidationRegistryValidationRequestEventName
}

// UnpackValidationRequestEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ValidationRequest(address indexed validatorAddress, uint256 indexed agentId, string requestURI, bytes32 indexed requestHash)
func (validationRegistry *ValidationRegistry) UnpackValidationRequestEvent(log *types.Log) (*ValidationRegistryValidationRequest, error) {
	event := "ValidationRequest"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != validationRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ValidationRegistryValidationRequest)
	if len(log.Data) > 0 {
		if err := validationRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range validationRegistry.abi.Events[event].Inputs {
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

// ValidationRegistryValidationResponse represents a ValidationResponse event raised by the ValidationRegistry contract.
type ValidationRegistryValidationResponse struct {
	ValidatorAddress common.Address
	AgentId          *big.Int
	RequestHash      [32]byte
	Response         uint8
	ResponseURI      string
	ResponseHash     [32]byte
	Tag              string
	Raw              *types.Log // Blockchain specific contextual infos
}

const ValidationRegistryValidationResponseEventName = "ValidationResponse"

// ContractEventName returns the user-defined event name.
func (ValidationRegistryValidationResponse) ContractEventName() string {
	return ValidationRegistryValidationResponseEventName
}

// UnpackValidationResponseEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ValidationResponse(address indexed validatorAddress, uint256 indexed agentId, bytes32 indexed requestHash, uint8 response, string responseURI, bytes32 responseHash, string tag)
func (validationRegistry *ValidationRegistry) UnpackValidationResponseEvent(log *types.Log) (*ValidationRegistryValidationResponse, error) {
	event := "ValidationResponse"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != validationRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ValidationRegistryValidationResponse)
	if len(log.Data) > 0 {
		if err := validationRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range validationRegistry.abi.Events[event].Inputs {
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
