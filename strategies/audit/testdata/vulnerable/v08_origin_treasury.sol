// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// A team treasury whose guard trusts the transaction origin.
contract OriginTreasury {
    error Unauthorized();

    address public treasurer;
    mapping(address => bool) public payees;

    modifier onlyTreasurer() {
        // <yes> <report> ACCESS_CONTROL
        if (tx.origin != treasurer) revert Unauthorized();
        _;
    }

    constructor() {
        treasurer = msg.sender;
    }

    function setPayee(address who, bool allowed) external onlyTreasurer {
        payees[who] = allowed;
    }

    function pay(address payable to, uint256 amount) external {
        // <yes> <report> ACCESS_CONTROL
        require(payees[to] && tx.origin == treasurer, "not a payee");
        to.transfer(amount);
    }

    receive() external payable {}
}
