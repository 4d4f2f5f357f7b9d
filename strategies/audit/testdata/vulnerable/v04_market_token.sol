pragma solidity ^0.4.21;

// A token the owner market-makes: buy from and sell back to the contract at posted prices.
contract MarketToken {
    address public owner;
    uint public buyPrice = 1 finney;
    uint public sellPrice = 1 finney;
    mapping(address => uint) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint value);

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function MarketToken() public payable {
        owner = msg.sender;
    }

    function setPrices(uint newBuyPrice, uint newSellPrice) public onlyOwner {
        // <yes> <report> FRONT_RUNNING
        buyPrice = newBuyPrice;
        // <yes> <report> FRONT_RUNNING
        sellPrice = newSellPrice;
    }

    // <yes> <report> SHORT_ADDRESSES
    function transfer(address to, uint value) public returns (bool) {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function buy() public payable {
        uint amount = msg.value / buyPrice;
        balanceOf[msg.sender] += amount;
        emit Transfer(this, msg.sender, amount);
    }

    function sell(uint amount) public {
        require(balanceOf[msg.sender] >= amount);
        // <yes> <report> REENTRANCY
        require(msg.sender.call.value(amount * sellPrice)());
        balanceOf[msg.sender] -= amount;
        emit Transfer(msg.sender, this, amount);
    }
}
