// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

abstract contract Ownable {
    address public owner;

    constructor() internal {
        owner = msg.sender;
    }

    modifier onlyOwner() virtual {
        require(msg.sender == owner, "owner only");
        _;
    }

    function transferOwnership(address newOwner) public virtual;
}

// Collects donations for a cause; the cause's address was meant to withdraw them.
// <yes> <report> OTHER
contract DonationBox is Ownable {
    address public cause;
    uint256 public goal;
    uint256 public totalDonated;
    mapping(address => uint256) public donatedBy;

    event Donated(address indexed donor, uint256 amount);

    constructor(address _cause) public {
        cause = _cause;
    }

    function setGoal(uint256 newGoal) external onlyOwner {
        goal = newGoal;
    }

    // The override forgot the onlyOwner modifier.
    function transferOwnership(address newOwner) public override {
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
