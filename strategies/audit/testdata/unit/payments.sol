pragma solidity ^0.4.24;

// send returns false instead of reverting: a refund whose failure is
// credited for later blocks no one; one whose failure reverts does.
contract Auctions {
    address public highestBidder;
    uint256 public highestBid;
    mapping(address => uint256) public pending;

    function bidHandled() public payable {
        require(msg.value > highestBid);
        if (highestBidder != address(0)) {
            // expect: reentrancy
            if (!highestBidder.send(highestBid)) {
                pending[highestBidder] += highestBid;
            }
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
    }

    function bidStrict() public payable {
        require(msg.value > highestBid);
        // expect: dos-push-payment
        // expect: reentrancy
        if (!highestBidder.send(highestBid)) revert();
        highestBidder = msg.sender;
        highestBid = msg.value;
    }
}
