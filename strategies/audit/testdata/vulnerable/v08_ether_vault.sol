// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// A vault with custom errors and a sweep helper for dust.
contract EtherVault {
    error NothingToWithdraw();
    error TransferFailed();

    address public owner;
    mapping(address => uint256) public balances;

    event Deposited(address indexed who, uint256 amount);

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw() external {
        uint256 amount = balances[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
        balances[msg.sender] = 0;
    }

    // Was meant to be owner-only, for ether sent here by mistake.
    function sweep(address payable to) external {
        // <yes> <report> ACCESS_CONTROL
        to.transfer(address(this).balance);
    }
}
