// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A client funds a job up front; the owner (the platform) approves milestones, and the
// freelancer pulls each approved payment. Every state change precedes the checked transfer.
contract MilestoneEscrow {
    address public owner;
    address public immutable client;
    address public immutable freelancer;
    uint256[] public milestoneAmounts;
    uint256 public approvedUpTo;
    uint256 public withdrawable;
    uint256 public clientRefund;
    bool public funded;

    event Funded(uint256 amount);
    event MilestoneApproved(uint256 index, uint256 amount);
    event Paid(uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "owner only");
        _;
    }

    constructor(address _client, address _freelancer, uint256[] memory amounts) {
        require(_client != address(0) && _freelancer != address(0), "zero party");
        require(amounts.length > 0 && amounts.length <= 12, "one to twelve milestones");
        owner = msg.sender;
        client = _client;
        freelancer = _freelancer;
        milestoneAmounts = amounts;
    }

    function fund() external payable {
        require(msg.sender == client && !funded, "client funds once");
        uint256 total = 0;
        for (uint256 i = 0; i < milestoneAmounts.length; i++) {
            total += milestoneAmounts[i];
        }
        require(msg.value == total, "fund the full amount");
        funded = true;
        emit Funded(msg.value);
    }

    function approveNext() external onlyOwner {
        require(funded && approvedUpTo < milestoneAmounts.length, "nothing to approve");
        uint256 amount = milestoneAmounts[approvedUpTo];
        approvedUpTo += 1;
        withdrawable += amount;
        emit MilestoneApproved(approvedUpTo - 1, amount);
    }

    function withdraw() external {
        require(msg.sender == freelancer, "freelancer only");
        uint256 amount = withdrawable;
        require(amount > 0, "nothing approved");
        withdrawable = 0;
        emit Paid(amount);
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "payment failed");
    }

    // Unapproved milestones go back to the client if the owner cancels the job.
    function cancel() external onlyOwner {
        require(funded, "not funded");
        uint256 refund = 0;
        for (uint256 i = approvedUpTo; i < milestoneAmounts.length; i++) {
            refund += milestoneAmounts[i];
        }
        approvedUpTo = milestoneAmounts.length;
        clientRefund += refund;
    }

    function withdrawRefund() external {
        require(msg.sender == client, "client only");
        uint256 amount = clientRefund;
        require(amount > 0, "no refund");
        clientRefund = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "refund failed");
    }
}
