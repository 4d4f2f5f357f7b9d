pragma solidity ^0.4.21;

// Pay more than the current king to take the throne; the old king is refunded.
// If nobody claims the throne for ten minutes, the king can take the pot.
contract KingOfEther {
    address public king;
    uint public claimPrice = 0.01 ether;
    uint public lastClaim;
    uint public pot;

    event NewKing(address king, uint price);

    function KingOfEther() public payable {
        king = msg.sender;
        lastClaim = now;
    }

    function claimThrone() public payable {
        require(msg.value >= claimPrice);
        uint refund = claimPrice;
        address previous = king;
        king = msg.sender;
        lastClaim = now;
        pot += msg.value - refund;
        claimPrice = msg.value * 3 / 2;
        emit NewKing(msg.sender, msg.value);
        // <yes> <report> DENIAL_OF_SERVICE
        previous.transfer(refund);
    }

    function collectPot() public {
        require(msg.sender == king);
        // <yes> <report> TIME_MANIPULATION
        require(now >= lastClaim + 10 minutes);
        uint amount = pot;
        pot = 0;
        sendPrize(msg.sender, amount);
    }

    // <yes> <report> ACCESS_CONTROL
    function sendPrize(address to, uint amount) {
        to.transfer(amount);
    }
}
