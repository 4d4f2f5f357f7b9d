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

// IdentityRegistryMetadataEntry is an auto generated low-level Go binding around an user-defined struct.
type IdentityRegistryMetadataEntry struct {
	MetadataKey   string
	MetadataValue []byte
}

// IdentityRegistryMetaData contains all meta data concerning the IdentityRegistry contract.
var IdentityRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"approved\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"string\",\"name\":\"indexedMetadataKey\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"metadataKey\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"metadataValue\",\"type\":\"bytes\"}],\"name\":\"MetadataSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"_tokenId\",\"type\":\"uint256\"}],\"name\":\"MetadataUpdate\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"agentURI\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"Registered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"newURI\",\"type\":\"string\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"updatedBy\",\"type\":\"address\"}],\"name\":\"URIUpdated\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"name\":\"getAgentWallet\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"getApproved\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"metadataKey\",\"type\":\"string\"}],\"name\":\"getMetadata\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"register\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"agentURI\",\"type\":\"string\"},{\"components\":[{\"internalType\":\"string\",\"name\":\"metadataKey\",\"type\":\"string\"},{\"internalType\":\"bytes\",\"name\":\"metadataValue\",\"type\":\"bytes\"}],\"internalType\":\"structIdentityRegistry.MetadataEntry[]\",\"name\":\"metadata\",\"type\":\"tuple[]\"}],\"name\":\"register\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"agentURI\",\"type\":\"string\"}],\"name\":\"register\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"newURI\",\"type\":\"string\"}],\"name\":\"setAgentURI\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"newWallet\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"deadline\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"setAgentWallet\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"metadataKey\",\"type\":\"string\"},{\"internalType\":\"bytes\",\"name\":\"metadataValue\",\"type\":\"bytes\"}],\"name\":\"setMetadata\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"name\":\"tokenURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"name\":\"unsetAgentWallet\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "IdentityRegistry",
	Bin: "0x608060405234801561000f575f5ffd5b506040518060400160405280600d81526020016c4167656e744964656e7469747960981b815250604051806040016040528060058152602001641051d1539560da1b815250815f9081610062919061010f565b50600161006f828261010f565b5050506101c9565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061009f57607f821691505b6020821081036100bd57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561010a57805f5260205f20601f840160051c810160208510156100e85750805b601f840160051c820191505b81811015610107575f81556001016100f4565b50505b505050565b81516001600160401b0381111561012857610128610077565b61013c81610136845461008b565b846100c3565b6020601f82116001811461016e575f83156101575750848201515b5f19600385901b1c1916600184901b178455610107565b5f84815260208120601f198516915b8281101561019d578785015182556020948501946001909201910161017d565b50848210156101ba57868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b612495806101d65f395ff3fe608060405234801561000f575f5ffd5b5060043610610147575f3560e01c8063466648da116100bf578063b88d4fde11610079578063b88d4fde146102b7578063c87b56dd146102ca578063cb4799f2146102dd578063e985e9c5146102f0578063f2c298be1461032b578063f698da251461033e575f5ffd5b8063466648da146102505780636352211e1461026357806370a08231146102765780638ea422861461028957806395d89b411461029c578063a22cb465146102a4575f5ffd5b80630af28bd3116101105780630af28bd3146101db5780631aa3a008146101ee57806323b872dd146102045780632d1ef5ae146102175780633fddcf191461022a57806342842e0e1461023d575f5ffd5b80623395091461014b57806301ffc9a71461017b57806306fdde031461019e578063081812fc146101b3578063095ea7b3146101c6575b5f5ffd5b61015e6101593660046119d6565b610346565b6040516001600160a01b0390911681526020015b60405180910390f35b61018e610189366004611a02565b61036c565b6040519015158152602001610172565b6101a66103b1565b6040516101729190611a4b565b61015e6101c13660046119d6565b61043c565b6101d96101d4366004611a73565b610462565b005b6101d96101e9366004611adf565b6105dc565b6101f661067b565b604051908152602001610172565b6101d9610212366004611b26565b6106e1565b6101d9610225366004611b60565b6108c5565b6101d96102383660046119d6565b610c39565b6101d961024b366004611b26565b610c4f565b6101d961025e366004611bc2565b610c6e565b61015e6102713660046119d6565b610cf1565b6101f6610284366004611c1c565b610d5a565b6101f6610297366004611c35565b610ddf565b6101a6610e33565b6101d96102b2366004611cce565b610e40565b6101d96102c5366004611de9565b610f03565b6101a66102d83660046119d6565b610f1a565b6101a66102eb366004611adf565b610fc1565b61018e6102fe366004611e4c565b6001600160a01b039182165f90815260056020908152604080832093909416825291909152205460ff1690565b6101f6610339366004611e7d565b61112f565b6101f661116e565b5f61035082610cf1565b50505f908152600960205260409020546001600160a01b031690565b5f632483248360e11b6001600160e01b03198316148061039c57506001600160e01b03198216631d4895d360e21b145b806103ab57506103ab82611212565b92915050565b5f80546103bd90611ebb565b80601f01602080910402602001604051908101604052809291908181526020018280546103e990611ebb565b80156104345780601f1061040b57610100808354040283529160200191610434565b820191905f5260205f20905b81548152906001019060200180831161041757829003601f168201915b505050505081565b5f61044682610cf1565b50505f908152600460205260409020546001600160a01b031690565b5f61046c82610cf1565b9050806001600160a01b0316836001600160a01b0316036104de5760405162461bcd60e51b815260206004820152602160248201527f4552433732313a20617070726f76616c20746f2063757272656e74206f776e656044820152603960f91b60648201526084015b60405180910390fd5b336001600160a01b038216148061051757506001600160a01b0381165f90815260056020908152604080832033845290915290205460ff165b6105815760405162461bcd60e51b815260206004820152603560248201527f4552433732313a2063616c6c6572206973206e6f7420746f6b656e206f776e656044820152741c881bdc88185c1c1c9bdd995908199bdc88185b1b605a1b60648201526084016104d5565b5f8281526004602052604080822080546001600160a01b0319166001600160a01b0387811691821790925591518593918516917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92591a4505050565b6105e58361125f565b505f8381526007602052604090206105fe828483611f37565b50336001600160a01b0316837f3a2c7fffc2cba7582c690e3b82c453ea02a308326a98a3ad7576c606336409fb848460405161063b929190612018565b60405180910390a36040518381527ff8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce79060200160405180910390a1505050565b60408051602081019091525f808252906106dc90825b6040519080825280602002602001820160405280156106d657816020015b60408051808201909152606080825260208201528152602001906001900390816106af5790505b506112de565b905090565b6001600160a01b0382166107435760405162461bcd60e51b8152602060048201526024808201527f4552433732313a207472616e7366657220746f20746865207a65726f206164646044820152637265737360e01b60648201526084016104d5565b5f61074d82610cf1565b9050836001600160a01b0316816001600160a01b0316146107be5760405162461bcd60e51b815260206004820152602560248201527f4552433732313a207472616e736665722066726f6d20696e636f72726563742060448201526437bbb732b960d91b60648201526084016104d5565b6107c98133846113d6565b61082b5760405162461bcd60e51b815260206004820152602d60248201527f4552433732313a2063616c6c6572206973206e6f7420746f6b656e206f776e6560448201526c1c881bdc88185c1c1c9bdd9959609a1b60648201526084016104d5565b5f82815260046020908152604080832080546001600160a01b03199081169091556001600160a01b038881168086526003855283862080545f1901905590881680865283862080546001019055878652600290945282852080549092168417909155905185937fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef91a46108bf848484611446565b50505050565b6001600160a01b03841661091b5760405162461bcd60e51b815260206004820152601d60248201527f4964656e7469747952656769737472793a207a65726f2077616c6c657400000060448201526064016104d5565b824211156109775760405162461bcd60e51b815260206004820152602360248201527f4964656e7469747952656769737472793a207369676e617475726520657870696044820152621c995960ea1b60648201526084016104d5565b61098361012c4261203f565b8311156109e35760405162461bcd60e51b815260206004820152602860248201527f4964656e7469747952656769737472793a20646561646c696e6520746f6f2066604482015267185c88185a19585960c21b60648201526084016104d5565b5f6109ed8661125f565b90505f6109f861116e565b604080517f678b53cd718d595370ab070ebf48edfdcd834beac116bf23e625fc7f4d5b7d3260208201529081018990526001600160a01b0380891660608301528416608082015260a0810187905260c00160405160208183030381529060405280519060200120604051602001610a8692919061190160f01b81526002810192909252602282015260420190565b604051602081830303815290604052805190602001209050856001600160a01b03163b5f03610aef57856001600160a01b0316610ac482868661144f565b6001600160a01b031614610aea5760405162461bcd60e51b81526004016104d590612052565b610b87565b604051630b135d3f60e11b808252906001600160a01b03881690631626ba7e90610b219085908990899060040161209c565b602060405180830381865afa158015610b3c573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b6091906120b5565b6001600160e01b03191614610b875760405162461bcd60e51b81526004016104d590612052565b5f878152600960205260409081902080546001600160a01b0319166001600160a01b038916179055516a1859d95b9d15d85b1b195d60aa1b8152600b016040519081900381206bffffffffffffffffffffffff19606089901b1660208301529088907f2c149ed548c6d2993cd73efe187df6eccabe4538091b33adbd25fafdb8a1468b9060340160408051601f1981840301815290829052610c28916120d0565b60405180910390a350505050505050565b610c428161125f565b50610c4c81611645565b50565b610c6983838360405180602001604052805f815250610f03565b505050565b610c778561125f565b50610cea8585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f890181900481028201810190925287815292508791508690819084018382808284375f920191909152506116b892505050565b5050505050565b5f818152600260205260409020546001600160a01b031680610d555760405162461bcd60e51b815260206004820152601860248201527f4552433732313a20696e76616c696420746f6b656e204944000000000000000060448201526064016104d5565b919050565b5f6001600160a01b038216610dc45760405162461bcd60e51b815260206004820152602a60248201527f4552433732313a2062616c616e636520717565727920666f7220746865207a65604482015269726f206164647265737360b01b60648201526084016104d5565b506001600160a01b03165f9081526003602052604090205490565b5f610e2a85858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250610e25925086915087905061210c565b6112de565b95945050505050565b600180546103bd90611ebb565b336001600160a01b03831603610e985760405162461bcd60e51b815260206004820152601960248201527f4552433732313a20617070726f766520746f2063616c6c65720000000000000060448201526064016104d5565b335f8181526005602090815260408083206001600160a01b03871680855290835292819020805460ff191686151590811790915590519081529192917f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a35050565b610f0e8484846106e1565b6108bf848484846117d0565b6060610f2582610cf1565b505f8281526007602052604090208054610f3e90611ebb565b80601f0160208091040260200160405190810160405280929190818152602001828054610f6a90611ebb565b8015610fb55780601f10610f8c57610100808354040283529160200191610fb5565b820191905f5260205f20905b815481529060010190602001808311610f9857829003601f168201915b50505050509050919050565b60607f2ac6109326e720d1435c0db66f7e35eda7839f52b6f1f5520a60788e132b4e398383604051610ff4929190612206565b604051809103902003611069575f848152600960205260409020546001600160a01b03168015611051576040516bffffffffffffffffffffffff19606083901b166020820152603401604051602081830303815290604052611061565b60405180602001604052805f8152505b915050611128565b5f8481526008602052604080822090519091906110899086908690612206565b604051809103902081526020019081526020015f2080546110a990611ebb565b80601f01602080910402602001604051908101604052809291908181526020018280546110d590611ebb565b80156111205780601f106110f757610100808354040283529160200191611120565b820191905f5260205f20905b81548152906001019060200180831161110357829003601f168201915b505050505090505b9392505050565b5f61112883838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201829052509250610691915050565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f14eb7e73a4b0db4b1973a43b32259ba95ca226af62ef495be78e00eba5734683918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f6301ffc9a760e01b6001600160e01b03198316148061124257506380ac58cd60e01b6001600160e01b03198316145b806103ab5750506001600160e01b031916635b5e139f60e01b1490565b5f61126982610cf1565b90506112768133846113d6565b610d555760405162461bcd60e51b815260206004820152603360248201527f4964656e7469747952656769737472793a206e6f7420746865206167656e7427604482015272399037bbb732b91037b91037b832b930ba37b960691b60648201526084016104d5565b600680545f91826112ee83612215565b909155505f81815260096020526040902080546001600160a01b03191633179055835190915015611332575f818152600760205260409020611330848261222d565b505b336001600160a01b0316817fca52e62c367d81bb2e328eb795f7c7ba24afb478408a26c0e201d155c449bc4a8560405161136c9190611a4b565b60405180910390a35f5b82518110156113cb576113c382848381518110611395576113956122e7565b60200260200101515f01518584815181106113b2576113b26122e7565b6020026020010151602001516116b8565b600101611376565b506103ab3382611898565b5f836001600160a01b0316836001600160a01b0316148061141b57506001600160a01b038085165f9081526005602090815260408083209387168352929052205460ff165b8061143e57505f828152600460205260409020546001600160a01b038481169116145b949350505050565b610c6981611645565b5f604182146114b55760405162461bcd60e51b815260206004820152602c60248201527f4964656e7469747952656769737472793a207369676e6174757265206d75737460448201526b20626520363520627974657360a01b60648201526084016104d5565b5f6114c360208285876122fb565b6114cc91612322565b90505f6114dd6040602086886122fb565b6114e691612322565b90505f858560408181106114fc576114fc6122e7565b919091013560f81c915050601b81101561151e5761151b601b8261233f565b90505b7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821180159061155e57508060ff16601b148061155e57508060ff16601c145b6115b85760405162461bcd60e51b815260206004820152602560248201527f4964656e7469747952656769737472793a206d616c6c6561626c65207369676e604482015264617475726560d81b60648201526084016104d5565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa158015611608573d5f5f3e3d5ffd5b5050604051601f1901519450506001600160a01b03841661163b5760405162461bcd60e51b81526004016104d590612052565b5050509392505050565b5f818152600960205260409081902080546001600160a01b0319169055516a1859d95b9d15d85b1b195d60aa1b8152600b016040518091039020817f2c149ed548c6d2993cd73efe187df6eccabe4538091b33adbd25fafdb8a1468b6040516116ad90612358565b60405180910390a350565b815160208301207fd539ef6cd918df2ebca3f2499081ca12587c60ad490e0aadf59f8771ecd4b1c7016117535760405162461bcd60e51b815260206004820152603d60248201527f4964656e7469747952656769737472793a206167656e7457616c6c657420697360448201527f2072657365727665643a20757365207365744167656e7457616c6c657400000060648201526084016104d5565b5f8381526008602090815260408083208551868401208452909152902061177a828261222d565b50816040516117899190612397565b6040518091039020837f2c149ed548c6d2993cd73efe187df6eccabe4538091b33adbd25fafdb8a1468b84846040516117c39291906123ad565b60405180910390a3505050565b6001600160a01b0383163b156108bf57604051630a85bd0160e11b81526001600160a01b0384169063150b7a02906118129033908890879087906004016123d1565b6020604051808303815f875af192505050801561184c575060408051601f3d908101601f19168201909252611849918101906120b5565b60015b6118685760405162461bcd60e51b81526004016104d59061240d565b6001600160e01b03198116630a85bd0160e11b14610cea5760405162461bcd60e51b81526004016104d59061240d565b6001600160a01b0382166118ee5760405162461bcd60e51b815260206004820181905260248201527f4552433732313a206d696e7420746f20746865207a65726f206164647265737360448201526064016104d5565b5f818152600260205260409020546001600160a01b0316156119525760405162461bcd60e51b815260206004820152601c60248201527f4552433732313a20746f6b656e20616c7265616479206d696e7465640000000060448201526064016104d5565b6001600160a01b0382165f81815260036020908152604080832080546001019055848352600290915280822080546001600160a01b0319168417905551839291907fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef908290a46119d25f838360405180602001604052805f8152506117d0565b5050565b5f602082840312156119e6575f5ffd5b5035919050565b6001600160e01b031981168114610c4c575f5ffd5b5f60208284031215611a12575f5ffd5b8135611128816119ed565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6111286020830184611a1d565b80356001600160a01b0381168114610d55575f5ffd5b5f5f60408385031215611a84575f5ffd5b611a8d83611a5d565b946020939093013593505050565b5f5f83601f840112611aab575f5ffd5b5081356001600160401b03811115611ac1575f5ffd5b602083019150836020828501011115611ad8575f5ffd5b9250929050565b5f5f5f60408486031215611af1575f5ffd5b8335925060208401356001600160401b03811115611b0d575f5ffd5b611b1986828701611a9b565b9497909650939450505050565b5f5f5f60608486031215611b38575f5ffd5b611b4184611a5d565b9250611b4f60208501611a5d565b929592945050506040919091013590565b5f5f5f5f5f60808688031215611b74575f5ffd5b85359450611b8460208701611a5d565b93506040860135925060608601356001600160401b03811115611ba5575f5ffd5b611bb188828901611a9b565b969995985093965092949392505050565b5f5f5f5f5f60608688031215611bd6575f5ffd5b8535945060208601356001600160401b03811115611bf2575f5ffd5b611bfe88828901611a9b565b90955093505060408601356001600160401b03811115611ba5575f5ffd5b5f60208284031215611c2c575f5ffd5b61112882611a5d565b5f5f5f5f60408587031215611c48575f5ffd5b84356001600160401b03811115611c5d575f5ffd5b611c6987828801611a9b565b90955093505060208501356001600160401b03811115611c87575f5ffd5b8501601f81018713611c97575f5ffd5b80356001600160401b03811115611cac575f5ffd5b8760208260051b8401011115611cc0575f5ffd5b949793965060200194505050565b5f5f60408385031215611cdf575f5ffd5b611ce883611a5d565b915060208301358015158114611cfc575f5ffd5b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b604080519081016001600160401b0381118282101715611d3d57611d3d611d07565b60405290565b604051601f8201601f191681016001600160401b0381118282101715611d6b57611d6b611d07565b604052919050565b5f5f6001600160401b03841115611d8c57611d8c611d07565b50601f8301601f1916602001611da181611d43565b915050828152838383011115611db5575f5ffd5b828260208301375f602084830101529392505050565b5f82601f830112611dda575f5ffd5b61112883833560208501611d73565b5f5f5f5f60808587031215611dfc575f5ffd5b611e0585611a5d565b9350611e1360208601611a5d565b92506040850135915060608501356001600160401b03811115611e34575f5ffd5b611e4087828801611dcb565b91505092959194509250565b5f5f60408385031215611e5d575f5ffd5b611e6683611a5d565b9150611e7460208401611a5d565b90509250929050565b5f5f60208385031215611e8e575f5ffd5b82356001600160401b03811115611ea3575f5ffd5b611eaf85828601611a9b565b90969095509350505050565b600181811c90821680611ecf57607f821691505b602082108103611eed57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610c6957805f5260205f20601f840160051c81016020851015611f185750805b601f840160051c820191505b81811015610cea575f8155600101611f24565b6001600160401b03831115611f4e57611f4e611d07565b611f6283611f5c8354611ebb565b83611ef3565b5f601f841160018114611f93575f8515611f7c5750838201355b5f19600387901b1c1916600186901b178355610cea565b5f83815260208120601f198716915b82811015611fc25786850135825560209485019460019092019101611fa2565b5086821015611fde575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b602081525f61143e602083018486611ff0565b634e487b7160e01b5f52601160045260245ffd5b808201808211156103ab576103ab61202b565b6020808252602a908201527f4964656e7469747952656769737472793a20696e76616c69642077616c6c6574604082015269207369676e617475726560b01b606082015260800190565b838152604060208201525f610e2a604083018486611ff0565b5f602082840312156120c5575f5ffd5b8151611128816119ed565b604081525f6120fa60408301600b81526a1859d95b9d15d85b1b195d60aa1b602082015260400190565b828103602084015261143e8185611a1d565b5f6001600160401b0383111561212457612124611d07565b8260051b61213460208201611d43565b8481529083019060208101903683111561214c575f5ffd5b845b838110156121fc5780356001600160401b0381111561216b575f5ffd5b8601604036829003121561217d575f5ffd5b612185611d1b565b81356001600160401b0381111561219a575f5ffd5b820136601f8201126121aa575f5ffd5b6121b936823560208401611d73565b82525060208201356001600160401b038111156121d4575f5ffd5b6121e036828501611dcb565b602083015250808552505060208301925060208101905061214e565b5095945050505050565b818382375f9101908152919050565b5f600182016122265761222661202b565b5060010190565b81516001600160401b0381111561224657612246611d07565b61225a816122548454611ebb565b84611ef3565b6020601f82116001811461228c575f83156122755750848201515b5f19600385901b1c1916600184901b178455610cea565b5f84815260208120601f198516915b828110156122bb578785015182556020948501946001909201910161229b565b50848210156122d857868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b634e487b7160e01b5f52603260045260245ffd5b5f5f85851115612309575f5ffd5b83861115612315575f5ffd5b5050820193919092039150565b803560208310156103ab575f19602084900360031b1b1692915050565b60ff81811683821601908111156103ab576103ab61202b565b604081525f61238260408301600b81526a1859d95b9d15d85b1b195d60aa1b602082015260400190565b8281036020938401525f815291909101919050565b5f82518060208501845e5f920191825250919050565b604081525f6123bf6040830185611a1d565b8281036020840152610e2a8185611a1d565b6001600160a01b03858116825284166020820152604081018390526080606082018190525f9061240390830184611a1d565b9695505050505050565b60208082526032908201527f4552433732313a207472616e7366657220746f206e6f6e20455243373231526560408201527131b2b4bb32b91034b6b83632b6b2b73a32b960711b60608201526080019056fea264697066735822122094ab996700e0de3a43a6fb84cb67d8b7b7f59f703c1712e9227af22afe4be51a64736f6c634300081c0033",
}

// IdentityRegistry is an auto generated Go binding around an Ethereum contract.
type IdentityRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *IdentityRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewIdentityRegistry creates a new instance of IdentityRegistry.
func NewIdentityRegistry() *IdentityRegistry {
	parsed, err := IdentityRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &IdentityRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *IdentityRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) PackApprove(to common.Address, tokenId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("approve", to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) TryPackApprove(to common.Address, tokenId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("approve", to, tokenId)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (identityRegistry *IdentityRegistry) PackBalanceOf(owner common.Address) []byte {
	enc, err := identityRegistry.abi.Pack("balanceOf", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (identityRegistry *IdentityRegistry) TryPackBalanceOf(owner common.Address) ([]byte, error) {
	return identityRegistry.abi.Pack("balanceOf", owner)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (identityRegistry *IdentityRegistry) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := identityRegistry.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (identityRegistry *IdentityRegistry) PackDomainSeparator() []byte {
	enc, err := identityRegistry.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (identityRegistry *IdentityRegistry) TryPackDomainSeparator() ([]byte, error) {
	return identityRegistry.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (identityRegistry *IdentityRegistry) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := identityRegistry.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00339509.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getAgentWallet(uint256 agentId) view returns(address)
func (identityRegistry *IdentityRegistry) PackGetAgentWallet(agentId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("getAgentWallet", agentId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00339509.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getAgentWallet(uint256 agentId) view returns(address)
func (identityRegistry *IdentityRegistry) TryPackGetAgentWallet(agentId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("getAgentWallet", agentId)
}

// UnpackGetAgentWallet is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00339509.
//
// Solidity: function getAgentWallet(uint256 agentId) view returns(address)
func (identityRegistry *IdentityRegistry) UnpackGetAgentWallet(data []byte) (common.Address, error) {
	out, err := identityRegistry.abi.Unpack("getAgentWallet", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (identityRegistry *IdentityRegistry) PackGetApproved(tokenId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("getApproved", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (identityRegistry *IdentityRegistry) TryPackGetApproved(tokenId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("getApproved", tokenId)
}

// UnpackGetApproved is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (identityRegistry *IdentityRegistry) UnpackGetApproved(data []byte) (common.Address, error) {
	out, err := identityRegistry.abi.Unpack("getApproved", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackGetMetadata is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb4799f2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getMetadata(uint256 agentId, string metadataKey) view returns(bytes)
func (identityRegistry *IdentityRegistry) PackGetMetadata(agentId *big.Int, metadataKey string) []byte {
	enc, err := identityRegistry.abi.Pack("getMetadata", agentId, metadataKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetMetadata is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcb4799f2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getMetadata(uint256 agentId, string metadataKey) view returns(bytes)
func (identityRegistry *IdentityRegistry) TryPackGetMetadata(agentId *big.Int, metadataKey string) ([]byte, error) {
	return identityRegistry.abi.Pack("getMetadata", agentId, metadataKey)
}

// UnpackGetMetadata is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcb4799f2.
//
// Solidity: function getMetadata(uint256 agentId, string metadataKey) view returns(bytes)
func (identityRegistry *IdentityRegistry) UnpackGetMetadata(data []byte) ([]byte, error) {
	out, err := identityRegistry.abi.Unpack("getMetadata", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (identityRegistry *IdentityRegistry) PackIsApprovedForAll(owner common.Address, operator common.Address) []byte {
	enc, err := identityRegistry.abi.Pack("isApprovedForAll", owner, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (identityRegistry *IdentityRegistry) TryPackIsApprovedForAll(owner common.Address, operator common.Address) ([]byte, error) {
	return identityRegistry.abi.Pack("isApprovedForAll", owner, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (identityRegistry *IdentityRegistry) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := identityRegistry.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (identityRegistry *IdentityRegistry) PackName() []byte {
	enc, err := identityRegistry.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (identityRegistry *IdentityRegistry) TryPackName() ([]byte, error) {
	return identityRegistry.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (identityRegistry *IdentityRegistry) UnpackName(data []byte) (string, error) {
	out, err := identityRegistry.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address owner)
func (identityRegistry *IdentityRegistry) PackOwnerOf(tokenId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("ownerOf", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address owner)
func (identityRegistry *IdentityRegistry) TryPackOwnerOf(tokenId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("ownerOf", tokenId)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address owner)
func (identityRegistry *IdentityRegistry) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := identityRegistry.abi.Unpack("ownerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aa3a008.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function register() returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) PackRegister() []byte {
	enc, err := identityRegistry.abi.Pack("register")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1aa3a008.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function register() returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) TryPackRegister() ([]byte, error) {
	return identityRegistry.abi.Pack("register")
}

// UnpackRegister is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1aa3a008.
//
// Solidity: function register() returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) UnpackRegister(data []byte) (*big.Int, error) {
	out, err := identityRegistry.abi.Unpack("register", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRegister0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ea42286.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function register(string agentURI, (string,bytes)[] metadata) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) PackRegister0(agentURI string, metadata []IdentityRegistryMetadataEntry) []byte {
	enc, err := identityRegistry.abi.Pack("register0", agentURI, metadata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegister0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ea42286.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function register(string agentURI, (string,bytes)[] metadata) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) TryPackRegister0(agentURI string, metadata []IdentityRegistryMetadataEntry) ([]byte, error) {
	return identityRegistry.abi.Pack("register0", agentURI, metadata)
}

// UnpackRegister0 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8ea42286.
//
// Solidity: function register(string agentURI, (string,bytes)[] metadata) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) UnpackRegister0(data []byte) (*big.Int, error) {
	out, err := identityRegistry.abi.Unpack("register0", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRegister1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2c298be.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function register(string agentURI) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) PackRegister1(agentURI string) []byte {
	enc, err := identityRegistry.abi.Pack("register1", agentURI)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegister1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2c298be.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function register(string agentURI) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) TryPackRegister1(agentURI string) ([]byte, error) {
	return identityRegistry.abi.Pack("register1", agentURI)
}

// UnpackRegister1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf2c298be.
//
// Solidity: function register(string agentURI) returns(uint256 agentId)
func (identityRegistry *IdentityRegistry) UnpackRegister1(data []byte) (*big.Int, error) {
	out, err := identityRegistry.abi.Unpack("register1", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) PackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("safeTransferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) TryPackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("safeTransferFrom", from, to, tokenId)
}

// PackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (identityRegistry *IdentityRegistry) PackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) []byte {
	enc, err := identityRegistry.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (identityRegistry *IdentityRegistry) TryPackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) ([]byte, error) {
	return identityRegistry.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
}

// PackSetAgentURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0af28bd3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setAgentURI(uint256 agentId, string newURI) returns()
func (identityRegistry *IdentityRegistry) PackSetAgentURI(agentId *big.Int, newURI string) []byte {
	enc, err := identityRegistry.abi.Pack("setAgentURI", agentId, newURI)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetAgentURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0af28bd3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setAgentURI(uint256 agentId, string newURI) returns()
func (identityRegistry *IdentityRegistry) TryPackSetAgentURI(agentId *big.Int, newURI string) ([]byte, error) {
	return identityRegistry.abi.Pack("setAgentURI", agentId, newURI)
}

// PackSetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d1ef5ae.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes signature) returns()
func (identityRegistry *IdentityRegistry) PackSetAgentWallet(agentId *big.Int, newWallet common.Address, deadline *big.Int, signature []byte) []byte {
	enc, err := identityRegistry.abi.Pack("setAgentWallet", agentId, newWallet, deadline, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d1ef5ae.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes signature) returns()
func (identityRegistry *IdentityRegistry) TryPackSetAgentWallet(agentId *big.Int, newWallet common.Address, deadline *big.Int, signature []byte) ([]byte, error) {
	return identityRegistry.abi.Pack("setAgentWallet", agentId, newWallet, deadline, signature)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (identityRegistry *IdentityRegistry) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := identityRegistry.abi.Pack("setApprovalForAll", operator, approved)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (identityRegistry *IdentityRegistry) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return identityRegistry.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSetMetadata is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x466648da.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setMetadata(uint256 agentId, string metadataKey, bytes metadataValue) returns()
func (identityRegistry *IdentityRegistry) PackSetMetadata(agentId *big.Int, metadataKey string, metadataValue []byte) []byte {
	enc, err := identityRegistry.abi.Pack("setMetadata", agentId, metadataKey, metadataValue)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetMetadata is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x466648da.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setMetadata(uint256 agentId, string metadataKey, bytes metadataValue) returns()
func (identityRegistry *IdentityRegistry) TryPackSetMetadata(agentId *big.Int, metadataKey string, metadataValue []byte) ([]byte, error) {
	return identityRegistry.abi.Pack("setMetadata", agentId, metadataKey, metadataValue)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (identityRegistry *IdentityRegistry) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := identityRegistry.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (identityRegistry *IdentityRegistry) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return identityRegistry.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (identityRegistry *IdentityRegistry) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := identityRegistry.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (identityRegistry *IdentityRegistry) PackSymbol() []byte {
	enc, err := identityRegistry.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (identityRegistry *IdentityRegistry) TryPackSymbol() ([]byte, error) {
	return identityRegistry.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (identityRegistry *IdentityRegistry) UnpackSymbol(data []byte) (string, error) {
	out, err := identityRegistry.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenURI(uint256 agentId) view returns(string)
func (identityRegistry *IdentityRegistry) PackTokenURI(agentId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("tokenURI", agentId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenURI(uint256 agentId) view returns(string)
func (identityRegistry *IdentityRegistry) TryPackTokenURI(agentId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("tokenURI", agentId)
}

// UnpackTokenURI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 agentId) view returns(string)
func (identityRegistry *IdentityRegistry) UnpackTokenURI(data []byte) (string, error) {
	out, err := identityRegistry.abi.Unpack("tokenURI", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) PackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("transferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (identityRegistry *IdentityRegistry) TryPackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("transferFrom", from, to, tokenId)
}

// PackUnsetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fddcf19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unsetAgentWallet(uint256 agentId) returns()
func (identityRegistry *IdentityRegistry) PackUnsetAgentWallet(agentId *big.Int) []byte {
	enc, err := identityRegistry.abi.Pack("unsetAgentWallet", agentId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnsetAgentWallet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3fddcf19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unsetAgentWallet(uint256 agentId) returns()
func (identityRegistry *IdentityRegistry) TryPackUnsetAgentWallet(agentId *big.Int) ([]byte, error) {
	return identityRegistry.abi.Pack("unsetAgentWallet", agentId)
}

// IdentityRegistryApproval represents a Approval event raised by the IdentityRegistry contract.
type IdentityRegistryApproval struct {
	Owner    common.Address
	Approved common.Address
	TokenId  *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryApproval) ContractEventName() string {
	return IdentityRegistryApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (identityRegistry *IdentityRegistry) UnpackApprovalEvent(log *types.Log) (*IdentityRegistryApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryApproval)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryApprovalForAll represents a ApprovalForAll event raised by the IdentityRegistry contract.
type IdentityRegistryApprovalForAll struct {
	Owner    common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryApprovalForAll) ContractEventName() string {
	return IdentityRegistryApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (identityRegistry *IdentityRegistry) UnpackApprovalForAllEvent(log *types.Log) (*IdentityRegistryApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryApprovalForAll)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryMetadataSet represents a MetadataSet event raised by the IdentityRegistry contract.
type IdentityRegistryMetadataSet struct {
	AgentId            *big.Int
	IndexedMetadataKey common.Hash
	MetadataKey        string
	MetadataValue      []byte
	Raw                *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryMetadataSetEventName = "MetadataSet"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryMetadataSet) ContractEventName() string {
	return IdentityRegistryMetadataSetEventName
}

// UnpackMetadataSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue)
func (identityRegistry *IdentityRegistry) UnpackMetadataSetEvent(log *types.Log) (*IdentityRegistryMetadataSet, error) {
	event := "MetadataSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryMetadataSet)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryMetadataUpdate represents a MetadataUpdate event raised by the IdentityRegistry contract.
type IdentityRegistryMetadataUpdate struct {
	TokenId *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryMetadataUpdateEventName = "MetadataUpdate"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryMetadataUpdate) ContractEventName() string {
	return IdentityRegistryMetadataUpdateEventName
}

// UnpackMetadataUpdateEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event MetadataUpdate(uint256 _tokenId)
func (identityRegistry *IdentityRegistry) UnpackMetadataUpdateEvent(log *types.Log) (*IdentityRegistryMetadataUpdate, error) {
	event := "MetadataUpdate"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryMetadataUpdate)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryRegistered represents a Registered event raised by the IdentityRegistry contract.
type IdentityRegistryRegistered struct {
	AgentId  *big.Int
	AgentURI string
	Owner    common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryRegisteredEventName = "Registered"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryRegistered) ContractEventName() string {
	return IdentityRegistryRegisteredEventName
}

// UnpackRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Registered(uint256 indexed agentId, string agentURI, address indexed owner)
func (identityRegistry *IdentityRegistry) UnpackRegisteredEvent(log *types.Log) (*IdentityRegistryRegistered, error) {
	event := "Registered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryRegistered)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryTransfer represents a Transfer event raised by the IdentityRegistry contract.
type IdentityRegistryTransfer struct {
	From    common.Address
	To      common.Address
	TokenId *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryTransfer) ContractEventName() string {
	return IdentityRegistryTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (identityRegistry *IdentityRegistry) UnpackTransferEvent(log *types.Log) (*IdentityRegistryTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryTransfer)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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

// IdentityRegistryURIUpdated represents a URIUpdated event raised by the IdentityRegistry contract.
type IdentityRegistryURIUpdated struct {
	AgentId   *big.Int
	NewURI    string
	UpdatedBy common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const IdentityRegistryURIUpdatedEventName = "URIUpdated"

// ContractEventName returns the user-defined event name.
func (IdentityRegistryURIUpdated) ContractEventName() string {
	return IdentityRegistryURIUpdatedEventName
}

// UnpackURIUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy)
func (identityRegistry *IdentityRegistry) UnpackURIUpdatedEvent(log *types.Log) (*IdentityRegistryURIUpdated, error) {
	event := "URIUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != identityRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(IdentityRegistryURIUpdated)
	if len(log.Data) > 0 {
		if err := identityRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range identityRegistry.abi.Events[event].Inputs {
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
