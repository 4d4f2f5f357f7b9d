pragma solidity ^0.4.24;

// An open auction with withdrawal-pattern refunds: outbid bidders pull their ether back.
// The bidding period is measured in days, so a miner's few seconds of timestamp drift cannot matter.
contract PullAuction {
    address public beneficiary;
    uint public auctionEnd;
    address public highestBidder;
    uint public highestBid;
    bool public ended;
    mapping(address => uint) public pendingReturns;

    event HighestBidIncreased(address bidder, uint amount);
    event AuctionEnded(address winner, uint amount);

    constructor(uint biddingDays) public {
        require(biddingDays >= 1 && biddingDays <= 30);
        beneficiary = msg.sender;
        auctionEnd = now + biddingDays * 1 days;
    }

    function bid() public payable {
        require(now <= auctionEnd);
        require(msg.value > highestBid);
        if (highestBid != 0) {
            pendingReturns[highestBidder] += highestBid;
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
        emit HighestBidIncreased(msg.sender, msg.value);
    }

    function withdraw() public {
        uint amount = pendingReturns[msg.sender];
        require(amount > 0);
        pendingReturns[msg.sender] = 0;
        msg.sender.transfer(amount);
    }

    function endAuction() public {
        require(msg.sender == beneficiary);
        require(now >= auctionEnd);
        require(!ended);
        ended = true;
        emit AuctionEnded(highestBidder, highestBid);
        beneficiary.transfer(highestBid);
    }
}
