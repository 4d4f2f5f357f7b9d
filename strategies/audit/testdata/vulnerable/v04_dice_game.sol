pragma solidity ^0.4.18;

// Bet on a six-sided die; a six pays five times the stake, a rare jackpot pays the house balance.
contract DiceGame {
    address public house;
    uint public constant MAX_BET = 1 ether;

    event Rolled(address player, uint8 roll);

    function DiceGame() public payable {
        house = msg.sender;
    }

    function roll() public payable {
        require(msg.value > 0 && msg.value <= MAX_BET);
        // <yes> <report> BAD_RANDOMNESS
        uint8 result = uint8(uint(sha3(block.difficulty, now, msg.sender)) % 6) + 1;
        Rolled(msg.sender, result);
        if (result == 6) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            msg.sender.send(msg.value * 5);
        }
    }

    function jackpot() public payable {
        require(msg.value == 0.05 ether);
        // <yes> <report> BAD_RANDOMNESS
        if (uint(block.blockhash(block.number - 1)) % 100 == 7) {
            msg.sender.transfer(this.balance);
        }
    }

    function fund() public payable {}
}
