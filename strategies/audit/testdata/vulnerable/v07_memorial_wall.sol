// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Pay to engrave a message; a random message is featured each day.
// <yes> <report> OTHER
contract MemorialWall {
    struct Message {
        address author;
        string text;
    }

    uint256 public constant FEE = 0.005 ether;
    Message[] public messages;
    uint256 public featured;
    uint256 public featuredDay;

    function engrave(string calldata text) external payable {
        require(msg.value == FEE, "fee");
        messages.push(Message(msg.sender, text));
    }

    function feature() external {
        require(block.timestamp / 1 days > featuredDay, "already featured today");
        require(messages.length > 0, "no messages");
        featuredDay = block.timestamp / 1 days;
        // <yes> <report> BAD_RANDOMNESS
        featured = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty))) % messages.length;
    }
}
