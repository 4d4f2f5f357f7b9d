pragma solidity ^0.4.18;

// Ten tickets per round; the last ticket draws the winner.
contract TenTicketLottery {
    uint public constant TICKET_PRICE = 0.1 ether;
    uint public constant TICKETS_PER_ROUND = 10;

    address[] public players;
    uint public round;

    event Winner(uint round, address winner, uint prize);

    function() payable {
        buyTicket();
    }

    function buyTicket() public payable {
        require(msg.value == TICKET_PRICE);
        players.push(msg.sender);
        if (players.length == TICKETS_PER_ROUND) {
            draw();
        }
    }

    function draw() internal {
        // <yes> <report> BAD_RANDOMNESS
        uint index = uint(block.blockhash(block.number - 1)) % players.length;
        address winner = players[index];
        uint prize = this.balance;
        delete players;
        round++;
        Winner(round, winner, prize);
        // <yes> <report> DENIAL_OF_SERVICE
        winner.transfer(prize);
    }
}
