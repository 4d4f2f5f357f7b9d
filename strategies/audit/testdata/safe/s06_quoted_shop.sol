pragma solidity ^0.6.12;

// The owner may reprice, but every buyer states the price they accept.
contract QuotedShop {
    address payable public owner;
    uint256 public unitPrice;
    mapping(address => uint256) public units;

    constructor(uint256 price) public {
        owner = msg.sender;
        unitPrice = price;
    }

    function reprice(uint256 newPrice) external {
        require(msg.sender == owner, "owner only");
        unitPrice = newPrice;
    }

    function buy(uint256 expectedPrice) external payable {
        uint256 price = unitPrice;
        require(price == expectedPrice, "price changed");
        uint256 count = msg.value / price;
        require(count > 0, "too little");
        units[msg.sender] += count;
        owner.transfer(msg.value);
    }
}
