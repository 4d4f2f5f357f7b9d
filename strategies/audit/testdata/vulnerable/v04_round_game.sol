pragma solidity ^0.4.18;

// Rounds of a guessing game; a round's number comes from the block in which it opens.
contract RoundGame {
    struct Round {
        uint secret;
        uint pot;
        address winner;
    }

    address public host;
    Round[] public rounds;
    mapping(address => uint) public pendingPrize;

    function RoundGame() public {
        host = msg.sender;
    }

    function openRound() public payable {
        require(msg.sender == host);
        // <yes> <report> OTHER
        Round r;
        // <yes> <report> BAD_RANDOMNESS
        r.secret = uint(block.blockhash(block.number - 1)) % 10;
        r.pot = msg.value;
        rounds.push(r);
    }

    function guess(uint id, uint number) public payable {
        require(msg.value == 0.01 ether);
        Round storage r = rounds[id];
        require(r.winner == address(0));
        r.pot += msg.value;
        // <yes> <report> TIME_MANIPULATION
        if (number == r.secret || now % 100 == 0) {
            r.winner = msg.sender;
            pendingPrize[msg.sender] += r.pot;
        }
    }

    function claim() public {
        uint amount = pendingPrize[msg.sender];
        pendingPrize[msg.sender] = 0;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        msg.sender.send(amount);
    }
}
