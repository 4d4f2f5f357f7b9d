// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// An auction that refunds the outbid bidder in the same transaction.
// A bid in the last two minutes extends the auction by two minutes.
contract RefundingAuction {
    address payable public immutable seller;
    address payable public highestBidder;
    uint256 public highestBid;
    uint256 public endTime;
    bool public settled;

    error AuctionOver();
    error BidTooLow(uint256 needed);

    constructor(uint256 durationHours) {
        seller = payable(msg.sender);
        endTime = block.timestamp + durationHours * 1 hours;
    }

    function bid() external payable {
        if (block.timestamp >= endTime) revert AuctionOver();
        if (msg.value <= highestBid) revert BidTooLow(highestBid + 1);
        address payable previous = highestBidder;
        uint256 previousBid = highestBid;
        highestBidder = payable(msg.sender);
        highestBid = msg.value;
        // <yes> <report> TIME_MANIPULATION
        if (endTime - block.timestamp < 2 minutes) {
            endTime += 2 minutes;
        }
        if (previous != address(0)) {
            // <yes> <report> DENIAL_OF_SERVICE
            (bool ok, ) = previous.call{value: previousBid}("");
            require(ok, "refund failed");
        }
    }

    function settle() external {
        require(block.timestamp >= endTime && !settled, "not over");
        settled = true;
        seller.transfer(highestBid);
    }
}
