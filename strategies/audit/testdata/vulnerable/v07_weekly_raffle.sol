// SPDX-License-Identifier: MIT
pragma solidity >=0.7.0 <0.8.0;

// Weekly raffle. Tickets bought on a "lucky second" count twice.
contract WeeklyRaffle {
    address[] public tickets;
    mapping(address => uint256) public prizes;
    uint256 public pot;
    uint256 public constant PRICE = 0.01 ether;

    function buy() external payable {
        require(msg.value == PRICE, "price");
        pot += msg.value;
        tickets.push(msg.sender);
        // <yes> <report> TIME_MANIPULATION
        if (block.timestamp % 7 == 0) {
            tickets.push(msg.sender);
        }
    }

    function draw() external {
        require(tickets.length >= 10, "too few tickets");
        // <yes> <report> BAD_RANDOMNESS
        uint256 r = uint256(keccak256(abi.encodePacked(block.difficulty, block.timestamp, tickets.length)));
        address winner = tickets[r % tickets.length];
        prizes[winner] += pot;
        pot = 0;
        delete tickets;
    }

    function claim() external {
        uint256 amount = prizes[msg.sender];
        prizes[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
