// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// EIP-1967 upgradeable proxy: implementation and admin live in the standard slots, only the
// admin can upgrade (optionally running an initializer whose result is checked), and all
// other calls are delegated to the implementation.
contract ERC1967Proxy {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 internal constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    event Upgraded(address indexed implementation);
    event AdminChanged(address previousAdmin, address newAdmin);

    constructor(address implementation, bytes memory initData) public payable {
        _setAdmin(msg.sender);
        _upgradeToAndCall(implementation, initData);
    }

    modifier onlyAdmin() {
        require(msg.sender == _getAdmin(), "admin only");
        _;
    }

    function upgradeToAndCall(address implementation, bytes calldata data) external payable onlyAdmin {
        _upgradeToAndCall(implementation, data);
    }

    function changeAdmin(address newAdmin) external onlyAdmin {
        require(newAdmin != address(0), "zero admin");
        emit AdminChanged(_getAdmin(), newAdmin);
        _setAdmin(newAdmin);
    }

    function _upgradeToAndCall(address implementation, bytes memory data) private {
        uint256 size;
        assembly { size := extcodesize(implementation) }
        require(size > 0, "not a contract");
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly { sstore(slot, implementation) }
        emit Upgraded(implementation);
        if (data.length > 0) {
            (bool ok, ) = implementation.delegatecall(data);
            require(ok, "initialization failed");
        }
    }

    function _getAdmin() private view returns (address admin) {
        bytes32 slot = ADMIN_SLOT;
        assembly { admin := sload(slot) }
    }

    function _setAdmin(address admin) private {
        bytes32 slot = ADMIN_SLOT;
        assembly { sstore(slot, admin) }
    }

    function _delegate() private {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly {
            let impl := sload(slot)
            calldatacopy(0, 0, calldatasize())
            let result := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch result
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    fallback() external payable {
        require(msg.sender != _getAdmin(), "admin cannot fall back");
        _delegate();
    }

    receive() external payable {
        require(msg.sender != _getAdmin(), "admin cannot fall back");
        _delegate();
    }
}
