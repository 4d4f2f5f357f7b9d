pragma solidity ^0.5.0;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
}

// Sells a fixed token inventory at a price the seller can change.
contract TokenSale {
    address payable public seller;
    IERC20 public token;
    uint256 public pricePerToken;

    constructor(IERC20 _token, uint256 _price) public {
        seller = msg.sender;
        token = _token;
        pricePerToken = _price;
    }

    function setPrice(uint256 newPrice) external {
        require(msg.sender == seller, "seller only");
        // <yes> <report> FRONT_RUNNING
        pricePerToken = newPrice;
    }

    function buy(uint256 tokens) external payable {
        // <yes> <report> ARITHMETIC
        require(tokens > 0 && msg.value == tokens * pricePerToken, "wrong payment");
        require(token.transfer(msg.sender, tokens), "token transfer failed");
    }

    // Should have been restricted to the seller.
    function collect() external {
        // <yes> <report> ACCESS_CONTROL
        msg.sender.transfer(address(this).balance);
    }
}
