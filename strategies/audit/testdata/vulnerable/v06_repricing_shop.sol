pragma solidity ^0.6.12;

// A shop whose owner can change the unit price at any time; a buyer's order
// sent at one price can be mined after an owner's price change.
contract RepricingShop {
    address payable public owner;
    uint256 public unitPrice;
    mapping(address => uint256) public units;

    constructor(uint256 price) public {
        owner = msg.sender;
        unitPrice = price;
    }

    function reprice(uint256 newPrice) external {
        require(msg.sender == owner, "owner only");
        // <yes> <report> FRONT_RUNNING
        unitPrice = newPrice;
    }

    function buy() external payable {
        uint256 price = unitPrice;
        uint256 count = msg.value / price;
        require(count > 0, "too little");
        units[msg.sender] += count;
        owner.transfer(msg.value);
    }
}
