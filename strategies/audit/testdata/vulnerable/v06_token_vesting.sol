// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

// Anyone can lock tokens for a beneficiary behind a cliff; the beneficiary releases them after it.
contract TokenVesting {
    struct Grant {
        uint256 amount;
        uint256 released;
        uint256 cliff;
    }

    IERC20 public immutable token;
    mapping(address => Grant) public grants;

    constructor(IERC20 _token) public {
        token = _token;
    }

    function grant(address beneficiary, uint256 amount, uint256 cliffDays) external {
        require(grants[beneficiary].amount == 0, "grant exists");
        // <yes> <report> ARITHMETIC
        grants[beneficiary] = Grant(amount, 0, now + cliffDays * 1 days);
        require(token.transferFrom(msg.sender, address(this), amount), "funding failed");
    }

    function release(uint256 amount) external {
        Grant storage g = grants[msg.sender];
        require(now >= g.cliff, "cliff not reached");
        // <yes> <report> ARITHMETIC
        g.released += amount;
        require(g.released <= g.amount, "exceeds grant");
        require(token.transfer(msg.sender, amount), "transfer failed");
    }
}
