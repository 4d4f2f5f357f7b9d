// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Unit fixture: randomness, timestamps, loops and suppression.
contract Game {
    address payable[] public players;
    mapping(address => uint256) public won;
    uint256 public constant ROUND = 10 minutes;
    uint256 public roundEnd;
    uint256 public lastRoll;

    function join() external payable {
        require(msg.value == 1 ether, "one ether");
        players.push(msg.sender);
        roundEnd = block.timestamp + ROUND;
    }

    function roll() external returns (uint256) {
        // expect: weak-randomness
        uint256 r = uint256(keccak256(abi.encodePacked(block.number, msg.sender)));
        lastRoll = r % 6;
        return lastRoll;
    }

    function close() external {
        // expect: timestamp-dependence
        require(block.timestamp > roundEnd, "running");
        // expect: dos-call-in-loop
        for (uint256 i = 0; i < players.length; i++) { players[i].transfer(1 ether); }
    }

    function tally() external {
        // expect: dos-unbounded-loop
        for (uint256 i = 0; i < players.length; i++) {
            won[players[i]] += 1;
        }
    }

    function hourly() external view returns (bool) {
        // agentctl-disable-next-line timestamp-dependence
        return block.timestamp % 60 == 0;
    }

    function daily() external view returns (bool) {
        return block.timestamp % 86400 == 0; // agentctl-disable-line
    }
}
