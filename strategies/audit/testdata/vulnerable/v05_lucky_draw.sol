pragma solidity ^0.5.0;

// Weekly draw: three winners share the pot equally.
contract LuckyDraw {
    uint256 public constant ENTRY = 0.05 ether;
    address payable[] public entrants;
    address payable[] public winners;
    uint256 public drawNumber;

    event Drawn(uint256 drawNumber, address payable[] winners);

    function enter() external payable {
        require(msg.value == ENTRY, "entry is 0.05 ether");
        entrants.push(msg.sender);
    }

    function draw() external {
        require(entrants.length >= 3, "not enough entrants");
        // <yes> <report> BAD_RANDOMNESS
        uint256 seed = uint256(keccak256(abi.encodePacked(block.difficulty, block.coinbase, now)));
        delete winners;
        for (uint256 i = 0; i < 3; i++) {
            winners.push(entrants[(seed + i) % entrants.length]);
        }
        uint256 share = address(this).balance / 3;
        delete entrants;
        drawNumber++;
        emit Drawn(drawNumber, winners);
        for (uint256 i = 0; i < winners.length; i++) {
            // <yes> <report> DENIAL_OF_SERVICE
            winners[i].transfer(share);
        }
    }
}
