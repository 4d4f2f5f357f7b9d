// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// Implementation behind an upgradeable proxy; the owner can upgrade and run a migration.
contract UupsWallet {
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    address public owner;

    error NotOwner();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    // No initializer guard: it can be called again on the proxy or on the implementation.
    function initialize(address newOwner) external {
        // <yes> <report> ACCESS_CONTROL
        owner = newOwner;
    }

    function upgradeToAndCall(address newImplementation, bytes calldata migration) external onlyOwner {
        assembly {
            sstore(IMPLEMENTATION_SLOT, newImplementation)
        }
        if (migration.length > 0) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            newImplementation.delegatecall(migration);
        }
    }

    function execute(address to, uint256 value, bytes calldata data) external onlyOwner {
        (bool ok, ) = to.call{value: value}(data);
        require(ok, "call failed");
    }

    receive() external payable {}
}
