pragma solidity ^0.5.0;

// Makers post sell orders for an off-chain item; buyers pay from a deposit held here.
contract OrderBook {
    struct Order {
        address payable maker;
        uint256 price;
        bool filled;
    }

    Order[] public orders;
    mapping(address => uint256) public deposits;

    function deposit() external payable {
        deposits[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(deposits[msg.sender] >= amount, "not enough deposited");
        deposits[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }

    function post(uint256 price) external returns (uint256) {
        orders.push(Order(msg.sender, price, false));
        return orders.length - 1;
    }

    // A maker watching the mempool can raise the price just before a fill lands.
    function reprice(uint256 id, uint256 newPrice) external {
        Order storage o = orders[id];
        require(msg.sender == o.maker && !o.filled, "not your open order");
        // <yes> <report> FRONT_RUNNING
        o.price = newPrice;
    }

    function fill(uint256 id) external {
        Order storage o = orders[id];
        require(!o.filled && deposits[msg.sender] >= o.price, "unavailable or underfunded");
        o.filled = true;
        deposits[msg.sender] -= o.price;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        o.maker.send(o.price);
    }
}
