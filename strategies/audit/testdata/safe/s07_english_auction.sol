// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A reserve-price English auction with withdrawal-pattern refunds. The seller collects the
// winning bid once; nobody is ever pushed ether, so no bidder can block another.
// The end time is days after the start, a coarse deadline.
contract EnglishAuction {
    address payable public immutable seller;
    uint256 public immutable reservePrice;
    uint256 public immutable endTime;
    address public highestBidder;
    uint256 public highestBid;
    bool public collected;
    mapping(address => uint256) public refunds;

    event Bid(address indexed bidder, uint256 amount);

    constructor(uint256 _reservePrice, uint256 durationDays) {
        require(durationDays >= 1 && durationDays <= 14, "one to fourteen days");
        seller = msg.sender;
        reservePrice = _reservePrice;
        endTime = block.timestamp + durationDays * 1 days;
    }

    function bid() external payable {
        require(block.timestamp < endTime, "auction ended");
        require(msg.value >= reservePrice && msg.value > highestBid, "bid too low");
        if (highestBidder != address(0)) {
            refunds[highestBidder] += highestBid;
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
        emit Bid(msg.sender, msg.value);
    }

    function withdrawRefund() external {
        uint256 amount = refunds[msg.sender];
        require(amount > 0, "no refund");
        refunds[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "refund failed");
    }

    function collect() external {
        require(msg.sender == seller, "seller only");
        require(block.timestamp >= endTime && !collected, "not collectable");
        collected = true;
        (bool ok, ) = seller.call{value: highestBid}("");
        require(ok, "collect failed");
    }
}
