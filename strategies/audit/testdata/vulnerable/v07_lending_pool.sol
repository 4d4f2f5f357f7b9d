// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Borrow ether against deposited collateral at a daily interest rate.
contract LendingPool {
    uint256 public constant RATE_BPS_PER_DAY = 5;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;

    function depositCollateral() external payable {
        collateral[msg.sender] += msg.value;
    }

    function borrow(uint256 amount) external {
        require(amount <= collateral[msg.sender] / 2, "undercollateralised");
        require(debt[msg.sender] == 0, "repay first");
        debt[msg.sender] = amount;
        payable(msg.sender).transfer(amount);
    }

    // The borrower says how many days the loan ran; interest is charged on that.
    function repay(uint256 loanDays) external payable {
        // <yes> <report> ARITHMETIC
        require(msg.value == debt[msg.sender] + debt[msg.sender] * RATE_BPS_PER_DAY * loanDays / 10000, "wrong amount");
        debt[msg.sender] = 0;
    }

    function withdrawCollateral() external {
        require(debt[msg.sender] == 0, "outstanding debt");
        uint256 amount = collateral[msg.sender];
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "withdraw failed");
        collateral[msg.sender] = 0;
    }
}
