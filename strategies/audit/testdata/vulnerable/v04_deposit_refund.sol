pragma solidity ^0.4.25;

// A ticket presale that refunds buyers when the event is cancelled. The
// refund pays the recorded deposit but never clears it, so a buyer can ask
// again and again until the contract is empty.
contract TicketPresale {
    address public organiser;
    bool public cancelled;
    mapping(address => uint256) public deposits;

    constructor() public {
        organiser = msg.sender;
    }

    function buy() public payable {
        require(!cancelled);
        deposits[msg.sender] += msg.value;
    }

    function cancel() public {
        require(msg.sender == organiser);
        cancelled = true;
    }

    // <yes> <report> ACCESS_CONTROL
    function refund() public {
        require(cancelled);
        require(deposits[msg.sender] > 0);
        msg.sender.transfer(deposits[msg.sender]);
    }
}
