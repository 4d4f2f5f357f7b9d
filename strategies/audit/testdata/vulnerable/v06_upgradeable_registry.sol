// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// A registry proxy: storage here, logic in the implementation.
contract UpgradeableRegistry {
    bytes32 private constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 private constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    constructor(address implementation) public {
        _setSlot(IMPLEMENTATION_SLOT, implementation);
        _setSlot(ADMIN_SLOT, msg.sender);
    }

    function admin() public view returns (address a) {
        bytes32 slot = ADMIN_SLOT;
        assembly { a := sload(slot) }
    }

    function changeAdmin(address next) external {
        require(msg.sender == admin(), "admin only");
        _setSlot(ADMIN_SLOT, next);
    }

    // The admin check was dropped in a refactor.
    function upgradeTo(address next) external {
        // <yes> <report> ACCESS_CONTROL
        _setSlot(IMPLEMENTATION_SLOT, next);
    }

    function _setSlot(bytes32 slot, address value) private {
        assembly { sstore(slot, value) }
    }

    fallback() external payable {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly {
            let impl := sload(slot)
            calldatacopy(0, 0, calldatasize())
            let res := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch res
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    receive() external payable {}
}
