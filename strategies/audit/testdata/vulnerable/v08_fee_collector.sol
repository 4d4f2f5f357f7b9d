// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// Collects protocol fees and forwards them to a treasury and a burn sink.
contract FeeCollector {
    address payable public treasury;
    address public sink;
    address public owner;
    uint256 public forwarded;

    constructor(address payable _treasury, address _sink) {
        treasury = _treasury;
        sink = _sink;
        owner = msg.sender;
    }

    receive() external payable {}

    function forward() external {
        uint256 half = address(this).balance / 2;
        forwarded += half * 2;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        treasury.send(half);
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        (bool burned, ) = sink.call{value: half}("");
    }

    function rescue(address target, bytes calldata data) external {
        require(msg.sender == owner, "owner only");
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        target.call(data);
    }
}
