// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

// Pooled ether credit: members can move credit between themselves or cash it out.
contract CreditPool {
    mapping(address => uint256) public credit;

    error InsufficientCredit(uint256 available, uint256 requested);

    function add() external payable {
        credit[msg.sender] += msg.value;
    }

    function move(address to, uint256 amount) external {
        uint256 available = credit[msg.sender];
        if (available < amount) revert InsufficientCredit(available, amount);
        credit[msg.sender] = available - amount;
        credit[to] += amount;
    }

    // move() called from the receiving contract shifts credit that is about to be zeroed.
    function cashOut() external {
        uint256 amount = credit[msg.sender];
        // <yes> <report> REENTRANCY
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "cash out failed");
        credit[msg.sender] = 0;
    }
}
