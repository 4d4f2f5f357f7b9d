pragma solidity ^0.5.0;

// An English auction that refunds the outbid bidder immediately.
// Bids in the last five minutes extend the auction by five minutes.
contract PushAuction {
    address payable public beneficiary;
    address payable public highestBidder;
    uint256 public highestBid;
    uint256 public auctionEnd;
    bool public ended;

    event HighestBidIncreased(address bidder, uint256 amount);
    event AuctionEnded(address winner, uint256 amount);

    constructor(uint256 biddingDays) public {
        beneficiary = msg.sender;
        auctionEnd = now + biddingDays * 1 days;
    }

    function bid() external payable {
        require(now < auctionEnd, "auction over");
        require(msg.value > highestBid, "bid too low");
        if (highestBidder != address(0)) {
            // <yes> <report> DENIAL_OF_SERVICE
            // <yes> <report> REENTRANCY
            require(highestBidder.send(highestBid), "refund failed");
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
        // <yes> <report> TIME_MANIPULATION
        if (auctionEnd - now < 5 minutes) {
            auctionEnd += 5 minutes;
        }
        emit HighestBidIncreased(msg.sender, msg.value);
    }

    function endAuction() external {
        require(now >= auctionEnd, "not yet");
        require(!ended, "already ended");
        ended = true;
        emit AuctionEnded(highestBidder, highestBid);
        beneficiary.transfer(highestBid);
    }
}
