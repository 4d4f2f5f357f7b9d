pragma solidity ^0.5.0;

// All-or-nothing crowdfunding: if the goal is missed, backers are refunded.
contract Crowdfund {
    address payable public creator;
    uint256 public goal;
    uint256 public deadline;
    uint256 public raised;
    address payable[] public backers;
    mapping(address => uint256) public pledged;

    constructor(uint256 _goal, uint256 durationDays) public {
        creator = msg.sender;
        goal = _goal;
        deadline = now + durationDays * 1 days;
    }

    function pledge() external payable {
        require(now < deadline, "campaign over");
        if (pledged[msg.sender] == 0) {
            backers.push(msg.sender);
        }
        pledged[msg.sender] += msg.value;
        raised += msg.value;
    }

    function claimFunds() external {
        require(msg.sender == creator && now >= deadline && raised >= goal, "cannot claim");
        creator.transfer(address(this).balance);
    }

    function refundAll() external {
        require(now >= deadline && raised < goal, "no refunds");
        for (uint256 i = 0; i < backers.length; i++) {
            uint256 amount = pledged[backers[i]];
            pledged[backers[i]] = 0;
            // <yes> <report> DENIAL_OF_SERVICE
            backers[i].transfer(amount);
        }
    }

    function refundMe() external {
        require(now >= deadline && raised < goal, "no refunds");
        uint256 amount = pledged[msg.sender];
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok, "refund failed");
        pledged[msg.sender] = 0;
    }
}
