pragma solidity ^0.4.24;

// Buyer funds the escrow; the buyer releases it to the seller, or reclaims it after 30 days.
contract OriginEscrow {
    address public buyer;
    address public seller;
    uint public amount;
    uint public deadline;
    bool public released;
    mapping(address => uint) public pending;

    modifier onlyBuyer() {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == buyer);
        _;
    }

    constructor(address _seller) public payable {
        buyer = msg.sender;
        seller = _seller;
        amount = msg.value;
        deadline = now + 30 days;
    }

    function release() public onlyBuyer {
        require(!released);
        released = true;
        pending[seller] = amount;
    }

    // Thirty days is a coarse deadline: not a timestamp finding.
    function reclaim() public onlyBuyer {
        require(!released && now > deadline);
        released = true;
        pending[buyer] = amount;
    }

    function withdraw() public {
        uint due = pending[msg.sender];
        require(due > 0);
        pending[msg.sender] = 0;
        msg.sender.transfer(due);
    }
}
