// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// Stakers register once; rewards are accrued for everyone at each epoch.
contract BoostRewards {
    address public operator;
    address[] public stakers;
    mapping(address => uint256) public staked;
    mapping(address => uint256) public rewards;
    mapping(address => uint256) public boostPoints;

    constructor() {
        operator = msg.sender;
    }

    function stake() external payable {
        require(msg.value > 0, "no stake");
        if (staked[msg.sender] == 0) {
            stakers.push(msg.sender);
        }
        staked[msg.sender] += msg.value;
    }

    function unstake() external {
        uint256 amount = staked[msg.sender];
        require(amount > 0, "not staking");
        staked[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    function accrueAll(uint256 ratePerEther) external {
        require(msg.sender == operator, "operator only");
        // <yes> <report> DENIAL_OF_SERVICE
        for (uint256 i = 0; i < stakers.length; i++) {
            rewards[stakers[i]] += staked[stakers[i]] * ratePerEther / 1 ether;
        }
    }

    // Boost multiplies points; the multiplication was put in unchecked to save gas.
    function boost(uint256 multiplier) external {
        require(staked[msg.sender] > 0, "not staking");
        unchecked {
            // <yes> <report> ARITHMETIC
            boostPoints[msg.sender] = staked[msg.sender] * multiplier;
        }
    }
}
