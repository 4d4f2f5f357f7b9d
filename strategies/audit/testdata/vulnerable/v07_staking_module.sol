// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Staking whose reward bookkeeping lives in a module run with delegatecall.
contract ModularStaking {
    address public immutable rewardsModule;
    mapping(address => uint256) public stakeOf;
    mapping(address => uint256) public rewardDebt;

    constructor(address module) {
        rewardsModule = module;
    }

    function stake() external payable {
        stakeOf[msg.sender] += msg.value;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        rewardsModule.delegatecall(abi.encodeWithSignature("accrue(address)", msg.sender));
    }

    function unstake() external {
        uint256 amount = stakeOf[msg.sender];
        require(amount > 0, "nothing staked");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "unstake failed");
        stakeOf[msg.sender] = 0;
        rewardDebt[msg.sender] = 0;
    }
}
