pragma solidity ^0.5.0;

// European roulette with a twist: spins landing on a timestamp divisible by 15 win the table.
contract Roulette {
    uint256 public constant BET = 0.1 ether;
    uint256 public lastSpin;

    event Spun(address indexed player, uint8 number, bool won);

    constructor() public payable {}

    function spin(uint8 guess) external payable {
        require(msg.value == BET, "bet is 0.1 ether");
        require(guess <= 36, "numbers are 0 to 36");
        lastSpin = now;
        // <yes> <report> BAD_RANDOMNESS
        uint8 number = uint8(uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender))) % 37);
        bool won = number == guess;
        emit Spun(msg.sender, number, won);
        if (won) {
            msg.sender.transfer(BET * 35);
        }
        // <yes> <report> TIME_MANIPULATION
        if (now % 15 == 0) {
            msg.sender.transfer(address(this).balance);
        }
    }
}
