// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// A daily lottery: five winners share the pot, paid as soon as the draw runs.
contract DailyLottery {
    uint256 public constant TICKET = 0.01 ether;
    address payable[] public players;
    uint256 public lastDraw;

    event Drawn(address payable[5] winners, uint256 share);

    constructor() {
        lastDraw = block.timestamp;
    }

    function buy() external payable {
        require(msg.value == TICKET, "ticket price");
        players.push(payable(msg.sender));
    }

    function draw() external {
        require(block.timestamp >= lastDraw + 1 days, "once a day");
        require(players.length >= 5, "need five players");
        lastDraw = block.timestamp;
        address payable[5] memory winners;
        for (uint256 i = 0; i < 5; i++) {
            // <yes> <report> BAD_RANDOMNESS
            uint256 pick = uint256(keccak256(abi.encodePacked(block.prevrandao, i))) % players.length;
            winners[i] = players[pick];
        }
        uint256 share = address(this).balance / 5;
        delete players;
        emit Drawn(winners, share);
        for (uint256 i = 0; i < 5; i++) {
            // <yes> <report> DENIAL_OF_SERVICE
            winners[i].transfer(share);
        }
    }
}
