// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Personal savings with partial withdrawals.
contract SavingsAccount {
    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed who, uint256 amount);
    event Withdrawal(address indexed who, uint256 amount);

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
        // <yes> <report> ARITHMETIC
        balanceOf[msg.sender] -= amount;
        emit Withdrawal(msg.sender, amount);
    }
}
