// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Players commit to a future block; its hash later picks the winner, who is paid at once.
contract BlockLottery {
    uint256 public constant TICKET = 0.1 ether;
    address payable[] public players;
    uint256 public drawBlock;

    function enter() external payable {
        require(msg.value == TICKET, "ticket price");
        require(drawBlock == 0, "draw pending");
        players.push(msg.sender);
        if (players.length == 20) {
            drawBlock = block.number + 5;
        }
    }

    function draw() external {
        require(drawBlock != 0 && block.number > drawBlock, "too early");
        // <yes> <report> BAD_RANDOMNESS
        uint256 index = uint256(blockhash(drawBlock)) % players.length;
        address payable winner = players[index];
        delete players;
        drawBlock = 0;
        // <yes> <report> DENIAL_OF_SERVICE
        require(winner.send(address(this).balance), "payout failed");
    }
}
