// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Logic contract for cheap per-user vault clones.
contract VaultLogic {
    address public owner;
    bool public initialized;

    function initialize(address _owner) external {
        require(!initialized, "already initialized");
        initialized = true;
        owner = _owner;
    }

    // Set-up hook: runs a caller-chosen helper in this contract's context.
    function initializeWith(address helper, bytes calldata data) external {
        require(!initialized, "already initialized");
        // <yes> <report> ACCESS_CONTROL
        (bool ok, ) = helper.delegatecall(data);
        require(ok, "helper failed");
    }

    function withdraw(uint256 amount) external {
        require(msg.sender == owner, "owner only");
        payable(msg.sender).transfer(amount);
    }

    // Meant for the factory to retire old logic; anyone can call it.
    function retire() external {
        // <yes> <report> ACCESS_CONTROL
        selfdestruct(payable(msg.sender));
    }

    receive() external payable {}
}

contract CloneFactory {
    address public immutable logic;

    event Cloned(address clone, address owner);

    constructor(address _logic) {
        logic = _logic;
    }

    function clone() external returns (address instance) {
        bytes20 target = bytes20(logic);
        assembly {
            let ptr := mload(0x40)
            mstore(ptr, 0x3d602d80600a3d3981f3363d3d373d3d3d363d73000000000000000000000000)
            mstore(add(ptr, 0x14), target)
            mstore(add(ptr, 0x28), 0x5af43d82803e903d91602b57fd5bf30000000000000000000000000000000000)
            instance := create(0, ptr, 0x37)
        }
        require(instance != address(0), "clone failed");
        VaultLogic(payable(instance)).initialize(msg.sender);
        emit Cloned(instance, msg.sender);
    }
}
