pragma solidity ^0.5.17;

interface IMembershipCard {
    function checkIn(address member) external returns (bool);
}

// A gym pass: each visit asks the member's card contract to check in
// first. The check-in hook runs inside the modifier, before the visit is
// recorded, so a card contract can re-enter and claim the reward again.
contract GymRewards {
    mapping(address => address) public cardOf;
    mapping(address => uint256) public visits;
    mapping(address => uint256) public lastRewardedVisit;
    uint256 public rewardPerVisits = 10;

    modifier checkedIn() {
        // <yes> <report> REENTRANCY
        require(IMembershipCard(cardOf[msg.sender]).checkIn(msg.sender), "card refused");
        _;
    }

    function registerCard(address card) external {
        cardOf[msg.sender] = card;
    }

    function visit() external checkedIn {
        visits[msg.sender] += 1;
        if (visits[msg.sender] - lastRewardedVisit[msg.sender] >= rewardPerVisits) {
            lastRewardedVisit[msg.sender] = visits[msg.sender];
        }
    }
}
