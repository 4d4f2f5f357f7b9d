pragma solidity ^0.4.24;

// Buy tickets at a fixed price; cash out credits earned from later buyers.
contract TicketPyramid {
    uint public constant PRICE = 0.01 ether;
    address[] public buyers;
    mapping(address => uint) public tickets;
    mapping(address => uint) public credit;

    function buyTickets(uint count) public payable {
        // <yes> <report> ARITHMETIC
        require(msg.value == count * PRICE);
        // <yes> <report> ARITHMETIC
        tickets[msg.sender] += count;
        if (buyers.length > 0) {
            credit[buyers[buyers.length - 1]] += msg.value / 2;
        }
        buyers.push(msg.sender);
    }

    function cashOut() public {
        uint amount = credit[msg.sender];
        require(amount > 0);
        // <yes> <report> REENTRANCY
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        msg.sender.call.value(amount)();
        credit[msg.sender] = 0;
    }

    function giftTickets(address to, uint count) public {
        // <yes> <report> ARITHMETIC
        tickets[msg.sender] -= count;
        // <yes> <report> ARITHMETIC
        tickets[to] += count;
    }
}
