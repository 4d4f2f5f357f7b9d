// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "overflow");
        return c;
    }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a, "underflow");
        return a - b;
    }
}

// Unit fixture for pre-0.8 arithmetic.
contract Ledger {
    using SafeMath for uint256;
    mapping(address => uint256) public balance;
    mapping(address => uint256) public points;
    uint256 public total;

    function credit(uint256 amount) external {
        balance[msg.sender] = balance[msg.sender].add(amount);
        total = total.add(amount);
    }

    // Guarded by an if/else instead of require.
    function spend(uint256 amount) external {
        if (balance[msg.sender] >= amount) {
            balance[msg.sender] -= amount;
        } else {
            revert("too much");
        }
    }

    // The classic overflow test before the addition.
    function bump(uint256 by) external {
        require(points[msg.sender] + by >= points[msg.sender], "overflow");
        points[msg.sender] += by;
    }

    // Upper bound on the factor: the product stays small.
    function scaled(uint256 factor) external {
        require(factor <= 100, "too big");
        points[msg.sender] = balance[msg.sender] * factor;
    }

    function burn(uint256 amount) external {
        // expect: integer-overflow
        total -= amount;
    }

    function reward(uint256 bonus) external {
        // expect: integer-overflow
        points[msg.sender] = points[msg.sender] * bonus;
    }
}
