// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Three reels; three of a kind pays fifty times the stake.
contract SlotMachine {
    uint256 public constant STAKE = 0.01 ether;
    uint256 public spins;

    event Spin(address indexed player, uint8 a, uint8 b, uint8 c);

    constructor() payable {}

    function pull() external payable {
        require(msg.value == STAKE, "stake");
        spins++;
        // <yes> <report> BAD_RANDOMNESS
        bytes32 h = keccak256(abi.encodePacked(block.coinbase, block.number, spins));
        uint8 a = uint8(h[0]) % 8;
        uint8 b = uint8(h[1]) % 8;
        uint8 c = uint8(h[2]) % 8;
        emit Spin(msg.sender, a, b, c);
        if (a == b && b == c) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            msg.sender.send(STAKE * 50);
        }
    }

    function mysteryBox() external payable {
        require(msg.value == STAKE, "stake");
        // <yes> <report> BAD_RANDOMNESS
        if (uint256(blockhash(block.number - 1)) % 20 == 0) {
            msg.sender.transfer(STAKE * 10);
        }
    }
}
