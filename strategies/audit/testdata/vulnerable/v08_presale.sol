// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// Presale allocations recorded on-chain; tokens are delivered later by another contract.
// Nothing ever moves the raised ether out.
// <yes> <report> OTHER
contract Presale {
    error SoldOut();
    error BelowMinimum();

    uint256 public constant HARD_CAP = 500 ether;
    uint256 public raised;
    mapping(address => uint256) public allocation;

    function contribute() public payable {
        if (msg.value < 0.1 ether) revert BelowMinimum();
        if (raised + msg.value > HARD_CAP) revert SoldOut();
        raised += msg.value;
        uint256 tokens = msg.value * 1000;
        // <yes> <report> TIME_MANIPULATION
        if (block.timestamp % 3600 < 600) {
            tokens = tokens * 110 / 100;
        }
        allocation[msg.sender] += tokens;
    }

    receive() external payable {
        contribute();
    }
}
