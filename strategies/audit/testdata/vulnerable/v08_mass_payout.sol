// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// Pays out a batch of creators in one transaction.
contract MassPayout {
    address public immutable admin;

    constructor() {
        admin = msg.sender;
    }

    receive() external payable {}

    function payout(address[] calldata creators, uint256[] calldata amounts) external {
        require(msg.sender == admin, "admin only");
        require(creators.length == amounts.length, "length mismatch");
        for (uint256 i = 0; i < creators.length; i++) {
            // <yes> <report> DENIAL_OF_SERVICE
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            creators[i].call{value: amounts[i]}("");
        }
    }
}
