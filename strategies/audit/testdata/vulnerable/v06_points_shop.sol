// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Loyalty points buy shop items at a unit price the shop keeper adjusts.
contract PointsShop {
    address public keeper;
    uint256 public unitPrice = 100;
    mapping(address => uint256) public points;
    mapping(address => uint256) public items;

    constructor() public {
        keeper = msg.sender;
    }

    function award(address customer, uint256 amount) external {
        require(msg.sender == keeper, "keeper only");
        points[customer] += amount;
    }

    function setUnitPrice(uint256 price) external {
        require(msg.sender == keeper, "keeper only");
        // <yes> <report> FRONT_RUNNING
        unitPrice = price;
    }

    function buy(uint256 quantity) external {
        // <yes> <report> ARITHMETIC
        uint256 cost = quantity * unitPrice;
        require(points[msg.sender] >= cost, "not enough points");
        points[msg.sender] -= cost;
        // <yes> <report> ARITHMETIC
        items[msg.sender] += quantity;
    }
}
