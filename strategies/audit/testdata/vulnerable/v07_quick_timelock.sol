// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// An admin timelock with a ten-minute delay, used by a small game studio.
contract QuickTimelock {
    address public admin;
    mapping(bytes32 => uint256) public queuedAt;

    event Queued(bytes32 id, address target, uint256 value, bytes data);
    event Executed(bytes32 id);

    constructor() {
        admin = msg.sender;
    }

    function queue(address target, uint256 value, bytes calldata data) external returns (bytes32 id) {
        require(msg.sender == admin, "admin only");
        id = keccak256(abi.encode(target, value, data));
        queuedAt[id] = block.timestamp;
        emit Queued(id, target, value, data);
    }

    function execute(address target, uint256 value, bytes calldata data) external {
        require(msg.sender == admin, "admin only");
        bytes32 id = keccak256(abi.encode(target, value, data));
        require(queuedAt[id] != 0, "not queued");
        // <yes> <report> TIME_MANIPULATION
        require(block.timestamp >= queuedAt[id] + 10 minutes, "delay not passed");
        delete queuedAt[id];
        emit Executed(id);
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        target.call{value: value}(data);
    }

    receive() external payable {}
}
