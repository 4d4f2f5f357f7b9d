// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Paid mint passes with a random tier; proceeds were to be withdrawn by a later upgrade that never came.
// <yes> <report> OTHER
contract MintPass {
    uint256 public constant PRICE = 0.05 ether;
    uint256 public minted;
    mapping(uint256 => address) public holder;
    mapping(uint256 => uint8) public tier;

    function mint() external payable {
        require(msg.value == PRICE, "price");
        uint256 id = ++minted;
        holder[id] = msg.sender;
        // <yes> <report> BAD_RANDOMNESS
        tier[id] = uint8(uint256(keccak256(abi.encodePacked(block.prevrandao, msg.sender, id))) % 4);
    }
}
