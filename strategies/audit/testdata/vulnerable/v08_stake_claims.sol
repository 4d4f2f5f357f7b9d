// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// Stakers claim a drip reward at most once a minute; stake is returned on exit.
contract StakeClaims {
    uint256 public constant DRIP = 0.0001 ether;
    mapping(address => uint256) public stakeOf;
    mapping(address => uint256) public lastClaim;

    constructor() payable {}

    function join() external payable {
        require(msg.value >= 1 ether, "minimum stake");
        stakeOf[msg.sender] += msg.value;
        lastClaim[msg.sender] = block.timestamp;
    }

    function drip() external {
        require(stakeOf[msg.sender] > 0, "not staking");
        // <yes> <report> TIME_MANIPULATION
        require(block.timestamp - lastClaim[msg.sender] >= 1 minutes, "once a minute");
        lastClaim[msg.sender] = block.timestamp;
        payable(msg.sender).transfer(DRIP);
    }

    function exit() external {
        uint256 amount = stakeOf[msg.sender];
        require(amount > 0, "not staking");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "exit failed");
        stakeOf[msg.sender] = 0;
        lastClaim[msg.sender] = 0;
    }
}
