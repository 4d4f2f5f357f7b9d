pragma solidity ^0.5.0;

// A transparent-style upgradeable proxy with EIP-1967 slots. Only the admin can upgrade or
// change the admin, the admin cannot fall through to the implementation, and the
// implementation must be a contract.
contract AdminProxy {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 internal constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    event Upgraded(address indexed implementation);
    event AdminChanged(address previousAdmin, address newAdmin);

    constructor(address implementation) public {
        _setAdmin(msg.sender);
        _setImplementation(implementation);
    }

    modifier ifAdmin() {
        require(msg.sender == _admin(), "admin only");
        _;
    }

    function upgradeTo(address implementation) external ifAdmin {
        _setImplementation(implementation);
    }

    function changeAdmin(address newAdmin) external ifAdmin {
        require(newAdmin != address(0), "zero admin");
        emit AdminChanged(_admin(), newAdmin);
        _setAdmin(newAdmin);
    }

    function() external payable {
        require(msg.sender != _admin(), "admin cannot fall back");
        address impl = _implementation();
        assembly {
            calldatacopy(0, 0, calldatasize)
            let result := delegatecall(gas, impl, 0, calldatasize, 0, 0)
            returndatacopy(0, 0, returndatasize)
            switch result
            case 0 { revert(0, returndatasize) }
            default { return(0, returndatasize) }
        }
    }

    function _admin() internal view returns (address adm) {
        bytes32 slot = ADMIN_SLOT;
        assembly { adm := sload(slot) }
    }

    function _implementation() internal view returns (address impl) {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly { impl := sload(slot) }
    }

    function _setAdmin(address newAdmin) private {
        bytes32 slot = ADMIN_SLOT;
        assembly { sstore(slot, newAdmin) }
    }

    function _setImplementation(address implementation) private {
        uint256 size;
        assembly { size := extcodesize(implementation) }
        require(size > 0, "implementation is not a contract");
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly { sstore(slot, implementation) }
        emit Upgraded(implementation);
    }
}
