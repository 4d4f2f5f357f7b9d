// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Collects donations for a cause; the cause's address was meant to withdraw them.
// <yes> <report> OTHER
contract DonationBox {
    address public cause;
    address public owner;
    uint256 public goal;
    uint256 public totalDonated;
    mapping(address => uint256) public donatedBy;

    event Donated(address indexed donor, uint256 amount);

    constructor(address _cause) public {
        cause = _cause;
        owner = msg.sender;
    }

    function setGoal(uint256 newGoal) external {
        require(msg.sender == owner, "owner only");
        goal = newGoal;
    }

    function transferOwnership(address newOwner) external {
        // <yes> <report> ACCESS_CONTROL
        owner = newOwner;
    }

    function donate() public payable {
        require(msg.value > 0, "empty donation");
        donatedBy[msg.sender] += msg.value;
        totalDonated += msg.value;
        emit Donated(msg.sender, msg.value);
    }

    receive() external payable {
        donate();
    }
}
