// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A test-ether faucet: a fixed drip once per address per day. The one-day spacing is far
// coarser than any timestamp drift, so the check is not a timestamp finding.
contract DailyFaucet {
    uint256 public constant DRIP = 0.1 ether;
    uint256 public constant COOLDOWN = 1 days;
    address public owner;
    mapping(address => uint256) public lastDrip;

    event Dripped(address indexed to, uint256 amount);

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {}

    function drip() external {
        require(block.timestamp >= lastDrip[msg.sender] + COOLDOWN, "come back tomorrow");
        require(address(this).balance >= DRIP, "faucet empty");
        lastDrip[msg.sender] = block.timestamp;
        emit Dripped(msg.sender, DRIP);
        (bool ok, ) = msg.sender.call{value: DRIP}("");
        require(ok, "drip failed");
    }

    function drain() external {
        require(msg.sender == owner, "owner only");
        (bool ok, ) = payable(owner).call{value: address(this).balance}("");
        require(ok, "drain failed");
    }
}
