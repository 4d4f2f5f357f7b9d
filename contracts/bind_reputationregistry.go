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

// ReputationRegistryMetaData contains all meta data concerning the ReputationRegistry contract.
var ReputationRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"identityRegistry\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"clientAddress\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"feedbackIndex\",\"type\":\"uint64\"}],\"name\":\"FeedbackRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"clientAddress\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"feedbackIndex\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"int128\",\"name\":\"value\",\"type\":\"int128\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"valueDecimals\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"string\",\"name\":\"indexedTag1\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"tag1\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"tag2\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"endpoint\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"feedbackURI\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"feedbackHash\",\"type\":\"bytes32\"}],\"name\":\"NewFeedback\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"}],\"name\":\"getClients\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"getIdentityRegistry\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"clientAddress\",\"type\":\"address\"}],\"name\":\"getLastIndex\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"clientAddresses\",\"type\":\"address[]\"},{\"internalType\":\"string\",\"name\":\"tag1\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"tag2\",\"type\":\"string\"}],\"name\":\"getSummary\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"count\",\"type\":\"uint64\"},{\"internalType\":\"int128\",\"name\":\"summaryValue\",\"type\":\"int128\"},{\"internalType\":\"uint8\",\"name\":\"summaryValueDecimals\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"int128\",\"name\":\"value\",\"type\":\"int128\"},{\"internalType\":\"uint8\",\"name\":\"valueDecimals\",\"type\":\"uint8\"},{\"internalType\":\"string\",\"name\":\"tag1\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"tag2\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"endpoint\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"feedbackURI\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"feedbackHash\",\"type\":\"bytes32\"}],\"name\":\"giveFeedback\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"clientAddresses\",\"type\":\"address[]\"},{\"internalType\":\"string\",\"name\":\"tag1\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"tag2\",\"type\":\"string\"},{\"internalType\":\"bool\",\"name\":\"includeRevoked\",\"type\":\"bool\"}],\"name\":\"readAllFeedback\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"clients\",\"type\":\"address[]\"},{\"internalType\":\"uint64[]\",\"name\":\"feedbackIndexes\",\"type\":\"uint64[]\"},{\"internalType\":\"int128[]\",\"name\":\"values\",\"type\":\"int128[]\"},{\"internalType\":\"uint8[]\",\"name\":\"valueDecimals\",\"type\":\"uint8[]\"},{\"internalType\":\"string[]\",\"name\":\"tag1s\",\"type\":\"string[]\"},{\"internalType\":\"string[]\",\"name\":\"tag2s\",\"type\":\"string[]\"},{\"internalType\":\"bool[]\",\"name\":\"revokedStatuses\",\"type\":\"bool[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"clientAddress\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"feedbackIndex\",\"type\":\"uint64\"}],\"name\":\"readFeedback\",\"outputs\":[{\"internalType\":\"int128\",\"name\":\"value\",\"type\":\"int128\"},{\"internalType\":\"uint8\",\"name\":\"valueDecimals\",\"type\":\"uint8\"},{\"internalType\":\"string\",\"name\":\"tag1\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"tag2\",\"type\":\"string\"},{\"internalType\":\"bool\",\"name\":\"isRevoked\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"agentId\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"feedbackIndex\",\"type\":\"uint64\"}],\"name\":\"revokeFeedback\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ReputationRegistry",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161222038038061222083398101604081905261002e916100b6565b806001600160a01b03163b5f036100a55760405162461bcd60e51b815260206004820152603160248201527f52657075746174696f6e52656769737472793a206964656e7469747920726567604482015270697374727920686173206e6f20636f646560781b606482015260840160405180910390fd5b6001600160a01b03166080526100e3565b5f602082840312156100c6575f5ffd5b81516001600160a01b03811681146100dc575f5ffd5b9392505050565b60805161211e6101025f395f81816101490152610a24015261211e5ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c806381bbba581161005857806381bbba58146100fe578063bc4d861b1461013c578063d9d8422414610173578063f2d8175914610199575f5ffd5b8063232b0810146100895780633c036a7e146100b657806342dd519c146100cb5780634ab3ca99146100eb575b5f5ffd5b61009c610097366004611501565b6101c4565b6040516100ad95949392919061156a565b60405180910390f35b6100c96100c436600461161a565b6103c0565b005b6100de6100d9366004611721565b6105f1565b6040516100ad919061177b565b6100c96100f936600461178d565b61065a565b61011161010c3660046118ee565b610799565b604080516001600160401b039094168452600f9290920b602084015260ff16908201526060016100ad565b6040516001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001681526020016100ad565b610186610181366004611990565b610983565b6040516100ad9796959493929190611b2b565b6101ac6101a7366004611bf3565b6109e7565b6040516001600160401b0390911681526020016100ad565b5f838152602081815260408083206001600160a01b038616845290915281208190606090819083906001600160401b0387161580159061020e575080546001600160401b03881611155b6102335760405162461bcd60e51b815260040161022a90611c21565b60405180910390fd5b5f8161024060018a611c79565b6001600160401b03168154811061025957610259611c98565b5f91825260209091206003909102018054600182018054929350600f82900b9260ff600160801b84048116936002870192600160881b9091049091169083906102a190611cac565b80601f01602080910402602001604051908101604052809291908181526020018280546102cd90611cac565b80156103185780601f106102ef57610100808354040283529160200191610318565b820191905f5260205f20905b8154815290600101906020018083116102fb57829003601f168201915b5050505050925081805461032b90611cac565b80601f016020809104026020016040519081016040528092919081815260200182805461035790611cac565b80156103a25780601f10610379576101008083540402835291602001916103a2565b820191905f5260205f20905b81548152906001019060200180831161038557829003601f168201915b50505050509150965096509650965096505050939792965093509350565b60128a60ff1611156104275760405162461bcd60e51b815260206004820152602a60248201527f52657075746174696f6e52656769737472793a2076616c7565446563696d616c6044820152690e640c2c4deecca4062760b31b606482015260840161022a565b6104308c610a0e565b5f6104d08d6040518060a001604052808f600f0b81526020018e60ff1681526020015f151581526020018d8d8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250505090825250604080516020601f8e018190048102820181019092528c815291810191908d908d90819084018382808284375f920191909152505050915250610c1c565b90506105e28d828e8e8e8e8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f81840152601f19601f820116905080830192505050505050508d8d8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f81840152601f19601f820116905080830192505050505050508c8c8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f81840152601f19601f820116905080830192505050505050508b8b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508d9250610d51915050565b50505050505050505050505050565b5f8181526001602090815260409182902080548351818402810184019094528084526060939283018282801561064e57602002820191905f5260205f20905b81546001600160a01b03168152600190910190602001808311610630575b50505050509050919050565b5f8281526020818152604080832033845290915290206001600160401b03821615801590610692575080546001600160401b03831611155b6106ae5760405162461bcd60e51b815260040161022a90611c21565b5f816106bb600185611c79565b6001600160401b0316815481106106d4576106d4611c98565b5f91825260209091206003909102018054909150600160881b900460ff161561074b5760405162461bcd60e51b815260206004820152602360248201527f52657075746174696f6e52656769737472793a20616c7265616479207265766f6044820152621ad95960ea1b606482015260840161022a565b805460ff60881b1916600160881b1781556040516001600160401b03841690339086907f25156fd3288212246d8b008d5921fde376c71ed14ac2e072a506eb06fde6d09d905f90a450505050565b5f5f5f5f6107b3886107ab8a8a610dc2565b88885f610e39565b90508060400151519350836001600160401b03165f036107dc575f5f5f93509350935050610979565b5f5b846001600160401b0316811015610843578260ff168260600151828151811061080957610809611c98565b602002602001015160ff16111561083b578160600151818151811061083057610830611c98565b602002602001015192505b6001016107de565b505f805b856001600160401b03168110156108cb578260600151818151811061086e5761086e611c98565b6020026020010151846108819190611cde565b61088c90600a611dda565b836040015182815181106108a2576108a2611c98565b6020026020010151600f0b6108b79190611de8565b6108c19083611e17565b9150600101610847565b505f6108e06001600160401b03871683611e3e565b90506f7fffffffffffffffffffffffffffffff19811280159061091357506f7fffffffffffffffffffffffffffffff8113155b6109745760405162461bcd60e51b815260206004820152602c60248201527f52657075746174696f6e52656769737472793a2073756d6d617279206f76657260448201526b0ccd8deeee640d2dce86264760a31b606482015260840161022a565b935050505b9450945094915050565b60608060608060608060605f6109a58d61099d8f8f610dc2565b8d8d8d610e39565b9050805f015181602001518260400151836060015184608001518560a001518660c00151975097509750975097509750975050959b949a509550955095509550565b5f828152602081815260408083206001600160a01b03851684529091529020545b92915050565b6040516331a9108f60e11b8152600481018290527f0000000000000000000000000000000000000000000000000000000000000000905f906001600160a01b03831690636352211e90602401602060405180830381865afa158015610a75573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610a999190611e76565b9050336001600160a01b03821614801590610b1f575060405163e985e9c560e01b81526001600160a01b03828116600483015233602483015283169063e985e9c590604401602060405180830381865afa158015610af9573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b1d9190611e91565b155b8015610b9b575060405163020604bf60e21b81526004810184905233906001600160a01b0384169063081812fc90602401602060405180830381865afa158015610b6b573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b8f9190611e76565b6001600160a01b031614155b610c175760405162461bcd60e51b815260206004820152604160248201527f52657075746174696f6e52656769737472793a20616e206167656e742773206f60448201527f776e6572206f72206f70657261746f722063616e6e6f742072657669657720696064820152601d60fa1b608482015260a40161022a565b505050565b5f8281526020818152604080832033845282528083208054600181810183558286528486208751600390930201805495880151948801511515600160881b0260ff60881b1960ff909616600160801b0270ffffffffffffffffffffffffffffffffff199097166fffffffffffffffffffffffffffffffff909416939093179590951793909316178355606085015190928592909190820190610cbe9082611ef7565b5060808201516002820190610cd39082611ef7565b5050505f84815260026020908152604080832033845290915290205460ff16610d49575f84815260026020908152604080832033808552908352818420805460ff191660019081179091558885528084529184208054928301815584529190922090910180546001600160a01b03191690911790555b549392505050565b84604051610d5f9190611fb1565b6040518091039020336001600160a01b03168a7f6a4a61743519c9d648a14e6493f47dbe3ff1aa29e7785c96c8326a205e58febc8b8b8b8b8b8b8b8b604051610daf989796959493929190611fc7565b60405180910390a4505050505050505050565b606081515f03610e33575f8381526001602090815260409182902080548351818402810184019094528084529091830182828015610e2757602002820191905f5260205f20905b81546001600160a01b03168152600190910190602001808311610e09575b50505050509050610a08565b50919050565b610e796040518060e00160405280606081526020016060815260200160608152602001606081526020016060815260200160608152602001606081525090565b5f84515f14610e8e5784516020860120610e90565b5f5b90505f84515f14610ea75784516020860120610ea9565b5f5b90505f805b60028110156112525780600103610ece57610ec88261125f565b94505f91505b5f5b8951811015611249575f8b81526020819052604081208b5182908d9085908110610efc57610efc611c98565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f2090505f5f90505b815481101561123f575f828281548110610f4657610f46611c98565b5f91825260209091206003909102018054909150600160881b900460ff168015610f6e575089155b80610f835750610f8188826001016114a6565b155b80610f985750610f9687826002016114a6565b155b15610fa35750611237565b8460010361122a578c8481518110610fbd57610fbd611c98565b6020026020010151895f01518781518110610fda57610fda611c98565b6001600160a01b0390921660209283029190910190910152610ffd82600161204c565b8960200151878151811061101357611013611c98565b6001600160401b0390921660209283029190910190910152805460408a01518051600f9290920b918890811061104b5761104b611c98565b6020026020010190600f0b9081600f0b81525050805f0160109054906101000a900460ff168960600151878151811061108657611086611c98565b602002602001019060ff16908160ff16815250508060010180546110a990611cac565b80601f01602080910402602001604051908101604052809291908181526020018280546110d590611cac565b80156111205780601f106110f757610100808354040283529160200191611120565b820191905f5260205f20905b81548152906001019060200180831161110357829003601f168201915b50505050508960800151878151811061113b5761113b611c98565b602002602001018190525080600201805461115590611cac565b80601f016020809104026020016040519081016040528092919081815260200182805461118190611cac565b80156111cc5780601f106111a3576101008083540402835291602001916111cc565b820191905f5260205f20905b8154815290600101906020018083116111af57829003601f168201915b50505050508960a0015187815181106111e7576111e7611c98565b6020026020010181905250805f0160119054906101000a900460ff168960c00151878151811061121957611219611c98565b911515602092830291909101909101525b6112338661205f565b9550505b600101610f2a565b5050600101610ed0565b50600101610eae565b5050505095945050505050565b61129f6040518060e00160405280606081526020016060815260200160608152602001606081526020016060815260200160608152602001606081525090565b816001600160401b038111156112b7576112b76117b7565b6040519080825280602002602001820160405280156112e0578160200160208202803683370190505b508152816001600160401b038111156112fb576112fb6117b7565b604051908082528060200260200182016040528015611324578160200160208202803683370190505b506020820152816001600160401b03811115611342576113426117b7565b60405190808252806020026020018201604052801561136b578160200160208202803683370190505b506040820152816001600160401b03811115611389576113896117b7565b6040519080825280602002602001820160405280156113b2578160200160208202803683370190505b506060820152816001600160401b038111156113d0576113d06117b7565b60405190808252806020026020018201604052801561140357816020015b60608152602001906001900390816113ee5790505b506080820152816001600160401b03811115611421576114216117b7565b60405190808252806020026020018201604052801561145457816020015b606081526020019060019003908161143f5790505b5060a0820152816001600160401b03811115611472576114726117b7565b60405190808252806020026020018201604052801561149b578160200160208202803683370190505b5060c0820152919050565b5f8215806114c8575082826040516114be9190612077565b6040518091039020145b9392505050565b6001600160a01b03811681146114e3575f5ffd5b50565b80356001600160401b03811681146114fc575f5ffd5b919050565b5f5f5f60608486031215611513575f5ffd5b833592506020840135611525816114cf565b9150611533604085016114e6565b90509250925092565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b85600f0b815260ff8516602082015260a060408201525f61158e60a083018661153c565b82810360608401526115a0818661153c565b91505082151560808301529695505050505050565b8035600f81900b81146114fc575f5ffd5b803560ff811681146114fc575f5ffd5b5f5f83601f8401126115e6575f5ffd5b5081356001600160401b038111156115fc575f5ffd5b602083019150836020828501011115611613575f5ffd5b9250929050565b5f5f5f5f5f5f5f5f5f5f5f5f6101008d8f031215611636575f5ffd5b8c359b5061164660208e016115b5565b9a5061165460408e016115c6565b99506001600160401b0360608e0135111561166d575f5ffd5b61167d8e60608f01358f016115d6565b90995097506001600160401b0360808e01351115611699575f5ffd5b6116a98e60808f01358f016115d6565b90975095506001600160401b0360a08e013511156116c5575f5ffd5b6116d58e60a08f01358f016115d6565b90955093506001600160401b0360c08e013511156116f1575f5ffd5b6117018e60c08f01358f016115d6565b9c9f9b9e50999c989b979a9699959894979396939460e001359392505050565b5f60208284031215611731575f5ffd5b5035919050565b5f8151808452602084019350602083015f5b828110156117715781516001600160a01b031686526020958601959091019060010161174a565b5093949350505050565b602081525f6114c86020830184611738565b5f5f6040838503121561179e575f5ffd5b823591506117ae602084016114e6565b90509250929050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156117f3576117f36117b7565b604052919050565b5f82601f83011261180a575f5ffd5b81356001600160401b03811115611823576118236117b7565b8060051b611833602082016117cb565b9182526020818501810192908101908684111561184e575f5ffd5b6020860192505b83831015611879578235611868816114cf565b825260209283019290910190611855565b9695505050505050565b5f82601f830112611892575f5ffd5b81356001600160401b038111156118ab576118ab6117b7565b6118be601f8201601f19166020016117cb565b8181528460208386010111156118d2575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f5f5f5f60808587031215611901575f5ffd5b8435935060208501356001600160401b0381111561191d575f5ffd5b611929878288016117fb565b93505060408501356001600160401b03811115611944575f5ffd5b61195087828801611883565b92505060608501356001600160401b0381111561196b575f5ffd5b61197787828801611883565b91505092959194509250565b80151581146114e3575f5ffd5b5f5f5f5f5f60a086880312156119a4575f5ffd5b8535945060208601356001600160401b038111156119c0575f5ffd5b6119cc888289016117fb565b94505060408601356001600160401b038111156119e7575f5ffd5b6119f388828901611883565b93505060608601356001600160401b03811115611a0e575f5ffd5b611a1a88828901611883565b9250506080860135611a2b81611983565b809150509295509295909350565b5f8151808452602084019350602083015f5b82811015611771578151600f0b865260209586019590910190600101611a4b565b5f8151808452602084019350602083015f5b8281101561177157815160ff16865260209586019590910190600101611a7e565b5f82825180855260208501945060208160051b830101602085015f5b83811015611aed57601f19858403018852611ad783835161153c565b6020988901989093509190910190600101611abb565b50909695505050505050565b5f8151808452602084019350602083015f5b828110156117715781511515865260209586019590910190600101611b0b565b60e081525f611b3d60e083018a611738565b828103602084015280895180835260208301915060208b0192505f5b81811015611b805783516001600160401b0316835260209384019390920191600101611b59565b50508381036040850152611b94818a611a39565b9150508281036060840152611ba98188611a6c565b90508281036080840152611bbd8187611a9f565b905082810360a0840152611bd18186611a9f565b905082810360c0840152611be58185611af9565b9a9950505050505050505050565b5f5f60408385031215611c04575f5ffd5b823591506020830135611c16816114cf565b809150509250929050565b60208082526024908201527f52657075746174696f6e52656769737472793a206e6f207375636820666565646040820152636261636b60e01b606082015260800190565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b038281168282160390811115610a0857610a08611c65565b634e487b7160e01b5f52603260045260245ffd5b600181811c90821680611cc057607f821691505b602082108103610e3357634e487b7160e01b5f52602260045260245ffd5b60ff8281168282160390811115610a0857610a08611c65565b6001815b6001841115611d3257808504811115611d1657611d16611c65565b6001841615611d2457908102905b60019390931c928002611cfb565b935093915050565b5f82611d4857506001610a08565b81611d5457505f610a08565b8160018114611d6a5760028114611d7457611d90565b6001915050610a08565b60ff841115611d8557611d85611c65565b50506001821b610a08565b5060208310610133831016604e8410600b8410161715611db3575081810a610a08565b611dbf5f198484611cf7565b805f1904821115611dd257611dd2611c65565b029392505050565b5f6114c860ff841683611d3a565b8082025f8212600160ff1b84141615611e0357611e03611c65565b8181058314821517610a0857610a08611c65565b8082018281125f831280158216821582161715611e3657611e36611c65565b505092915050565b5f82611e5857634e487b7160e01b5f52601260045260245ffd5b600160ff1b82145f1984141615611e7157611e71611c65565b500590565b5f60208284031215611e86575f5ffd5b81516114c8816114cf565b5f60208284031215611ea1575f5ffd5b81516114c881611983565b601f821115610c1757805f5260205f20601f840160051c81016020851015611ed15750805b601f840160051c820191505b81811015611ef0575f8155600101611edd565b5050505050565b81516001600160401b03811115611f1057611f106117b7565b611f2481611f1e8454611cac565b84611eac565b6020601f821160018114611f56575f8315611f3f5750848201515b5f19600385901b1c1916600184901b178455611ef0565b5f84815260208120601f198516915b82811015611f855787850151825560209485019460019092019101611f65565b5084821015611fa257868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b5f82518060208501845e5f920191825250919050565b6001600160401b038916815287600f0b602082015260ff8716604082015261010060608201525f611ffc61010083018861153c565b828103608084015261200e818861153c565b905082810360a0840152612022818761153c565b905082810360c0840152612036818661153c565b9150508260e08301529998505050505050505050565b80820180821115610a0857610a08611c65565b5f6001820161207057612070611c65565b5060010190565b5f5f835461208481611cac565b60018216801561209b57600181146120b0576120dd565b60ff19831686528115158202860193506120dd565b865f5260205f205f5b838110156120d5578154888201526001909101906020016120b9565b505081860193505b50919594505050505056fea2646970667358221220ba9b306b7e0fbafc509085e50cdcd9cbd7f479f3606805f2312550a7c8d9afa764736f6c634300081c0033",
}

// ReputationRegistry is an auto generated Go binding around an Ethereum contract.
type ReputationRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ReputationRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewReputationRegistry creates a new instance of ReputationRegistry.
func NewReputationRegistry() *ReputationRegistry {
	parsed, err := ReputationRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ReputationRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ReputationRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address identityRegistry) returns()
func (reputationRegistry *ReputationRegistry) PackConstructor(identityRegistry common.Address) []byte {
	enc, err := reputationRegistry.abi.Pack("", identityRegistry)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackGetClients is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42dd519c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getClients(uint256 agentId) view returns(address[])
func (reputationRegistry *ReputationRegistry) PackGetClients(agentId *big.Int) []byte {
	enc, err := reputationRegistry.abi.Pack("getClients", agentId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetClients is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42dd519c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getClients(uint256 agentId) view returns(address[])
func (reputationRegistry *ReputationRegistry) TryPackGetClients(agentId *big.Int) ([]byte, error) {
	return reputationRegistry.abi.Pack("getClients", agentId)
}

// UnpackGetClients is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42dd519c.
//
// Solidity: function getClients(uint256 agentId) view returns(address[])
func (reputationRegistry *ReputationRegistry) UnpackGetClients(data []byte) ([]common.Address, error) {
	out, err := reputationRegistry.abi.Unpack("getClients", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackGetIdentityRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbc4d861b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getIdentityRegistry() view returns(address)
func (reputationRegistry *ReputationRegistry) PackGetIdentityRegistry() []byte {
	enc, err := reputationRegistry.abi.Pack("getIdentityRegistry")
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
func (reputationRegistry *ReputationRegistry) TryPackGetIdentityRegistry() ([]byte, error) {
	return reputationRegistry.abi.Pack("getIdentityRegistry")
}

// UnpackGetIdentityRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbc4d861b.
//
// Solidity: function getIdentityRegistry() view returns(address)
func (reputationRegistry *ReputationRegistry) UnpackGetIdentityRegistry(data []byte) (common.Address, error) {
	out, err := reputationRegistry.abi.Unpack("getIdentityRegistry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackGetLastIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2d81759.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getLastIndex(uint256 agentId, address clientAddress) view returns(uint64)
func (reputationRegistry *ReputationRegistry) PackGetLastIndex(agentId *big.Int, clientAddress common.Address) []byte {
	enc, err := reputationRegistry.abi.Pack("getLastIndex", agentId, clientAddress)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetLastIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2d81759.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getLastIndex(uint256 agentId, address clientAddress) view returns(uint64)
func (reputationRegistry *ReputationRegistry) TryPackGetLastIndex(agentId *big.Int, clientAddress common.Address) ([]byte, error) {
	return reputationRegistry.abi.Pack("getLastIndex", agentId, clientAddress)
}

// UnpackGetLastIndex is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf2d81759.
//
// Solidity: function getLastIndex(uint256 agentId, address clientAddress) view returns(uint64)
func (reputationRegistry *ReputationRegistry) UnpackGetLastIndex(data []byte) (uint64, error) {
	out, err := reputationRegistry.abi.Unpack("getLastIndex", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackGetSummary is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x81bbba58.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getSummary(uint256 agentId, address[] clientAddresses, string tag1, string tag2) view returns(uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
func (reputationRegistry *ReputationRegistry) PackGetSummary(agentId *big.Int, clientAddresses []common.Address, tag1 string, tag2 string) []byte {
	enc, err := reputationRegistry.abi.Pack("getSummary", agentId, clientAddresses, tag1, tag2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetSummary is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x81bbba58.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getSummary(uint256 agentId, address[] clientAddresses, string tag1, string tag2) view returns(uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
func (reputationRegistry *ReputationRegistry) TryPackGetSummary(agentId *big.Int, clientAddresses []common.Address, tag1 string, tag2 string) ([]byte, error) {
	return reputationRegistry.abi.Pack("getSummary", agentId, clientAddresses, tag1, tag2)
}

// GetSummaryOutput serves as a container for the return parameters of contract
// method GetSummary.
type GetSummaryOutput struct {
	Count                uint64
	SummaryValue         *big.Int
	SummaryValueDecimals uint8
}

// UnpackGetSummary is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x81bbba58.
//
// Solidity: function getSummary(uint256 agentId, address[] clientAddresses, string tag1, string tag2) view returns(uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
func (reputationRegistry *ReputationRegistry) UnpackGetSummary(data []byte) (GetSummaryOutput, error) {
	out, err := reputationRegistry.abi.Unpack("getSummary", data)
	outstruct := new(GetSummaryOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Count = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.SummaryValue = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.SummaryValueDecimals = *abi.ConvertType(out[2], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackGiveFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c036a7e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function giveFeedback(uint256 agentId, int128 value, uint8 valueDecimals, string tag1, string tag2, string endpoint, string feedbackURI, bytes32 feedbackHash) returns()
func (reputationRegistry *ReputationRegistry) PackGiveFeedback(agentId *big.Int, value *big.Int, valueDecimals uint8, tag1 string, tag2 string, endpoint string, feedbackURI string, feedbackHash [32]byte) []byte {
	enc, err := reputationRegistry.abi.Pack("giveFeedback", agentId, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGiveFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c036a7e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function giveFeedback(uint256 agentId, int128 value, uint8 valueDecimals, string tag1, string tag2, string endpoint, string feedbackURI, bytes32 feedbackHash) returns()
func (reputationRegistry *ReputationRegistry) TryPackGiveFeedback(agentId *big.Int, value *big.Int, valueDecimals uint8, tag1 string, tag2 string, endpoint string, feedbackURI string, feedbackHash [32]byte) ([]byte, error) {
	return reputationRegistry.abi.Pack("giveFeedback", agentId, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash)
}

// PackReadAllFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9d84224.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function readAllFeedback(uint256 agentId, address[] clientAddresses, string tag1, string tag2, bool includeRevoked) view returns(address[] clients, uint64[] feedbackIndexes, int128[] values, uint8[] valueDecimals, string[] tag1s, string[] tag2s, bool[] revokedStatuses)
func (reputationRegistry *ReputationRegistry) PackReadAllFeedback(agentId *big.Int, clientAddresses []common.Address, tag1 string, tag2 string, includeRevoked bool) []byte {
	enc, err := reputationRegistry.abi.Pack("readAllFeedback", agentId, clientAddresses, tag1, tag2, includeRevoked)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReadAllFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd9d84224.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function readAllFeedback(uint256 agentId, address[] clientAddresses, string tag1, string tag2, bool includeRevoked) view returns(address[] clients, uint64[] feedbackIndexes, int128[] values, uint8[] valueDecimals, string[] tag1s, string[] tag2s, bool[] revokedStatuses)
func (reputationRegistry *ReputationRegistry) TryPackReadAllFeedback(agentId *big.Int, clientAddresses []common.Address, tag1 string, tag2 string, includeRevoked bool) ([]byte, error) {
	return reputationRegistry.abi.Pack("readAllFeedback", agentId, clientAddresses, tag1, tag2, includeRevoked)
}

// ReadAllFeedbackOutput serves as a container for the return parameters of contract
// method ReadAllFeedback.
type ReadAllFeedbackOutput struct {
	Clients         []common.Address
	FeedbackIndexes []uint64
	Values          []*big.Int
	ValueDecimals   []uint8
	Tag1s           []string
	Tag2s           []string
	RevokedStatuses []bool
}

// UnpackReadAllFeedback is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd9d84224.
//
// Solidity: function readAllFeedback(uint256 agentId, address[] clientAddresses, string tag1, string tag2, bool includeRevoked) view returns(address[] clients, uint64[] feedbackIndexes, int128[] values, uint8[] valueDecimals, string[] tag1s, string[] tag2s, bool[] revokedStatuses)
func (reputationRegistry *ReputationRegistry) UnpackReadAllFeedback(data []byte) (ReadAllFeedbackOutput, error) {
	out, err := reputationRegistry.abi.Unpack("readAllFeedback", data)
	outstruct := new(ReadAllFeedbackOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Clients = *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	outstruct.FeedbackIndexes = *abi.ConvertType(out[1], new([]uint64)).(*[]uint64)
	outstruct.Values = *abi.ConvertType(out[2], new([]*big.Int)).(*[]*big.Int)
	outstruct.ValueDecimals = *abi.ConvertType(out[3], new([]uint8)).(*[]uint8)
	outstruct.Tag1s = *abi.ConvertType(out[4], new([]string)).(*[]string)
	outstruct.Tag2s = *abi.ConvertType(out[5], new([]string)).(*[]string)
	outstruct.RevokedStatuses = *abi.ConvertType(out[6], new([]bool)).(*[]bool)
	return *outstruct, nil
}

// PackReadFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x232b0810.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex) view returns(int128 value, uint8 valueDecimals, string tag1, string tag2, bool isRevoked)
func (reputationRegistry *ReputationRegistry) PackReadFeedback(agentId *big.Int, clientAddress common.Address, feedbackIndex uint64) []byte {
	enc, err := reputationRegistry.abi.Pack("readFeedback", agentId, clientAddress, feedbackIndex)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReadFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x232b0810.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex) view returns(int128 value, uint8 valueDecimals, string tag1, string tag2, bool isRevoked)
func (reputationRegistry *ReputationRegistry) TryPackReadFeedback(agentId *big.Int, clientAddress common.Address, feedbackIndex uint64) ([]byte, error) {
	return reputationRegistry.abi.Pack("readFeedback", agentId, clientAddress, feedbackIndex)
}

// ReadFeedbackOutput serves as a container for the return parameters of contract
// method ReadFeedback.
type ReadFeedbackOutput struct {
	Value         *big.Int
	ValueDecimals uint8
	Tag1          string
	Tag2          string
	IsRevoked     bool
}

// UnpackReadFeedback is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x232b0810.
//
// Solidity: function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex) view returns(int128 value, uint8 valueDecimals, string tag1, string tag2, bool isRevoked)
func (reputationRegistry *ReputationRegistry) UnpackReadFeedback(data []byte) (ReadFeedbackOutput, error) {
	out, err := reputationRegistry.abi.Unpack("readFeedback", data)
	outstruct := new(ReadFeedbackOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Value = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.ValueDecimals = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	outstruct.Tag1 = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.Tag2 = *abi.ConvertType(out[3], new(string)).(*string)
	outstruct.IsRevoked = *abi.ConvertType(out[4], new(bool)).(*bool)
	return *outstruct, nil
}

// PackRevokeFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ab3ca99.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeFeedback(uint256 agentId, uint64 feedbackIndex) returns()
func (reputationRegistry *ReputationRegistry) PackRevokeFeedback(agentId *big.Int, feedbackIndex uint64) []byte {
	enc, err := reputationRegistry.abi.Pack("revokeFeedback", agentId, feedbackIndex)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeFeedback is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4ab3ca99.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeFeedback(uint256 agentId, uint64 feedbackIndex) returns()
func (reputationRegistry *ReputationRegistry) TryPackRevokeFeedback(agentId *big.Int, feedbackIndex uint64) ([]byte, error) {
	return reputationRegistry.abi.Pack("revokeFeedback", agentId, feedbackIndex)
}

// ReputationRegistryFeedbackRevoked represents a FeedbackRevoked event raised by the ReputationRegistry contract.
type ReputationRegistryFeedbackRevoked struct {
	AgentId       *big.Int
	ClientAddress common.Address
	FeedbackIndex uint64
	Raw           *types.Log // Blockchain specific contextual infos
}

const ReputationRegistryFeedbackRevokedEventName = "FeedbackRevoked"

// ContractEventName returns the user-defined event name.
func (ReputationRegistryFeedbackRevoked) ContractEventName() string {
	return ReputationRegistryFeedbackRevokedEventName
}

// UnpackFeedbackRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex)
func (reputationRegistry *ReputationRegistry) UnpackFeedbackRevokedEvent(log *types.Log) (*ReputationRegistryFeedbackRevoked, error) {
	event := "FeedbackRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reputationRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReputationRegistryFeedbackRevoked)
	if len(log.Data) > 0 {
		if err := reputationRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reputationRegistry.abi.Events[event].Inputs {
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

// ReputationRegistryNewFeedback represents a NewFeedback event raised by the ReputationRegistry contract.
type ReputationRegistryNewFeedback struct {
	AgentId       *big.Int
	ClientAddress common.Address
	FeedbackIndex uint64
	Value         *big.Int
	ValueDecimals uint8
	IndexedTag1   common.Hash
	Tag1          string
	Tag2          string
	Endpoint      string
	FeedbackURI   string
	FeedbackHash  [32]byte
	Raw           *types.Log // Blockchain specific contextual infos
}

const ReputationRegistryNewFeedbackEventName = "NewFeedback"

// ContractEventName returns the user-defined event name.
func (ReputationRegistryNewFeedback) ContractEventName() string {
	return ReputationRegistryNewFeedbackEventName
}

// UnpackNewFeedbackEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event NewFeedback(uint256 indexed agentId, address indexed clientAddress, uint64 feedbackIndex, int128 value, uint8 valueDecimals, string indexed indexedTag1, string tag1, string tag2, string endpoint, string feedbackURI, bytes32 feedbackHash)
func (reputationRegistry *ReputationRegistry) UnpackNewFeedbackEvent(log *types.Log) (*ReputationRegistryNewFeedback, error) {
	event := "NewFeedback"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reputationRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReputationRegistryNewFeedback)
	if len(log.Data) > 0 {
		if err := reputationRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reputationRegistry.abi.Events[event].Inputs {
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
