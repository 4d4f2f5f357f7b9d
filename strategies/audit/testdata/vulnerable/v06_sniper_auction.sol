// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// A one-minute "speed auction": each bid must land within 60 seconds of the previous one.
contract SpeedAuction {
    address payable public seller;
    address payable public leader;
    uint256 public leadingBid;
    uint256 public startTime;
    uint256 public lastBidTime;
    bool public settled;

    constructor() public {
        seller = msg.sender;
        startTime = block.timestamp;
        lastBidTime = block.timestamp;
    }

    function bid() external payable {
        // <yes> <report> TIME_MANIPULATION
        require(block.timestamp <= lastBidTime + 60, "auction closed");
        require(msg.value > leadingBid, "bid higher");
        uint256 bonus = 0;
        // <yes> <report> TIME_MANIPULATION
        if (block.timestamp - startTime < 300) {
            bonus = msg.value / 100;
        }
        address payable previous = leader;
        uint256 refund = leadingBid;
        leader = msg.sender;
        leadingBid = msg.value + bonus;
        lastBidTime = block.timestamp;
        if (previous != address(0)) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            previous.send(refund);
        }
    }

    function settle() external {
        require(!settled && block.timestamp > lastBidTime + 1 hours, "not over");
        settled = true;
        seller.transfer(address(this).balance);
    }
}
