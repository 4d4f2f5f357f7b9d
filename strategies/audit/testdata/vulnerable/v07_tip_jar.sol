// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Fans tip a streamer; the streamer's withdraw function was never written.
// <yes> <report> OTHER
contract TipJar {
    address public streamer;
    string public message;
    mapping(address => uint256) public tippedBy;

    event Tipped(address indexed fan, uint256 amount, string note);

    constructor() {
        streamer = msg.sender;
    }

    function setMessage(string calldata text) external {
        require(msg.sender == streamer, "streamer only");
        message = text;
    }

    function setStreamer(address next) external {
        // <yes> <report> ACCESS_CONTROL
        streamer = next;
    }

    function tip(string calldata note) external payable {
        require(msg.value > 0, "empty tip");
        tippedBy[msg.sender] += msg.value;
        emit Tipped(msg.sender, msg.value, note);
    }

    receive() external payable {
        tippedBy[msg.sender] += msg.value;
    }
}
