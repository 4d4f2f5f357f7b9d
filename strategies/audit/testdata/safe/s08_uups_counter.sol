// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A UUPS-style implementation and its minimal proxy. The initializer runs once (a flag guards
// it and the constructor locks the bare implementation), upgrades are owner-only, and the
// optional migration call's result is checked.
contract UupsCounter {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    error AlreadyInitialized();
    error NotOwner();
    error NotAContract();
    error MigrationFailed();

    bool public initialized;
    address public owner;
    uint256 public count;

    event Upgraded(address indexed implementation);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    constructor() {
        initialized = true;
    }

    function initialize(address newOwner) external {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        owner = newOwner;
    }

    function increment() external {
        count += 1;
    }

    function upgradeToAndCall(address implementation, bytes calldata migration) external onlyOwner {
        if (implementation.code.length == 0) revert NotAContract();
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
        }
        emit Upgraded(implementation);
        if (migration.length > 0) {
            (bool ok, ) = implementation.delegatecall(migration);
            if (!ok) revert MigrationFailed();
        }
    }
}

contract CounterProxy {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    constructor(address implementation, bytes memory initData) {
        require(implementation.code.length > 0, "not a contract");
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
        }
        (bool ok, ) = implementation.delegatecall(initData);
        require(ok, "initialization failed");
    }

    fallback() external payable {
        assembly {
            let impl := sload(IMPLEMENTATION_SLOT)
            calldatacopy(0, 0, calldatasize())
            let result := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch result
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
