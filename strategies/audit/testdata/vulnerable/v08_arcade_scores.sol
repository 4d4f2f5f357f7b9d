// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// Arcade high scores with combo multipliers; happy hour doubles points.
contract ArcadeScores {
    mapping(address => uint256) public score;
    mapping(address => uint256) public lastPlay;
    address public champion;

    function submit(uint256 points, uint256 combo) external {
        unchecked {
            // <yes> <report> ARITHMETIC
            score[msg.sender] += points * combo;
        }
        // <yes> <report> TIME_MANIPULATION
        if (block.timestamp % 3600 < 300) {
            score[msg.sender] += points;
        }
        lastPlay[msg.sender] = block.timestamp;
        if (score[msg.sender] > score[champion]) {
            champion = msg.sender;
        }
    }

    function penalty(uint256 amount) external {
        unchecked {
            // <yes> <report> ARITHMETIC
            score[msg.sender] -= amount;
        }
    }
}
