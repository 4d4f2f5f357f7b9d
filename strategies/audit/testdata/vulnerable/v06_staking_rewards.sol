// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Stake ether for a chosen number of days and collect a reward paid by the sponsor.
contract StakingRewards {
    address public sponsor;
    uint256 public rewardPerDayPerEther = 0.001 ether;

    mapping(address => uint256) public staked;
    mapping(address => uint256) public unlockAt;
    mapping(address => uint256) public rewards;

    constructor() public payable {
        sponsor = msg.sender;
    }

    function stake(uint256 lockDays) external payable {
        require(msg.value > 0, "no stake");
        require(staked[msg.sender] == 0, "already staking");
        staked[msg.sender] = msg.value;
        // <yes> <report> ARITHMETIC
        unlockAt[msg.sender] = block.timestamp + lockDays * 1 days;
        rewards[msg.sender] = msg.value / 1 ether * rewardPerDayPerEther;
    }

    function unstake() external {
        require(staked[msg.sender] > 0, "not staking");
        require(block.timestamp >= unlockAt[msg.sender], "locked");
        uint256 amount = staked[msg.sender];
        staked[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    function claim() external {
        uint256 reward = rewards[msg.sender];
        require(reward > 0, "no reward");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: reward}("");
        require(ok, "transfer failed");
        rewards[msg.sender] = 0;
    }
}
