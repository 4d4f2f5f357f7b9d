// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Double-or-nothing coin flip with a streak bonus.
contract CoinFlip {
    mapping(address => uint256) public streak;
    mapping(address => uint256) public winnings;

    constructor() public payable {}

    function flip(bool guessHeads) external payable {
        require(msg.value > 0 && msg.value <= 1 ether, "stake 0 to 1 ether");
        // <yes> <report> BAD_RANDOMNESS
        bool heads = uint256(blockhash(block.number - 1)) % 2 == 0;
        if (heads == guessHeads) {
            streak[msg.sender] += 1;
            winnings[msg.sender] += msg.value * 2;
        } else {
            streak[msg.sender] = 0;
        }
    }

    function streakBonus() external {
        require(streak[msg.sender] >= 3, "need a streak of three");
        streak[msg.sender] = 0;
        // <yes> <report> BAD_RANDOMNESS
        uint256 multiplier = uint256(keccak256(abi.encode(block.timestamp, msg.sender))) % 5;
        winnings[msg.sender] += 0.01 ether * multiplier;
    }

    function cashOut() external {
        uint256 amount = winnings[msg.sender];
        winnings[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
