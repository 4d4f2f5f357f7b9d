// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A loyalty-points ledger whose members can airdrop their points to friends.
contract PointsAirdrop {
    address public issuer;
    mapping(address => uint256) public points;

    event Airdropped(address indexed from, uint256 recipients, uint256 amountEach);

    constructor() {
        issuer = msg.sender;
    }

    function issue(address to, uint256 amount) external {
        require(msg.sender == issuer, "issuer only");
        points[to] += amount;
    }

    function airdrop(address[] calldata recipients, uint256 amountEach) external {
        // <yes> <report> ARITHMETIC
        uint256 total = amountEach * recipients.length;
        require(recipients.length > 0 && points[msg.sender] >= total, "not enough points");
        points[msg.sender] -= total;
        for (uint256 i = 0; i < recipients.length; i++) {
            // <yes> <report> ARITHMETIC
            points[recipients[i]] += amountEach;
        }
        emit Airdropped(msg.sender, recipients.length, amountEach);
    }
}
