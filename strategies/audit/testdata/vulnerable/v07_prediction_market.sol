// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Yes/no market on a sports result; the reporter who resolves quickly earns a bonus.
contract PredictionMarket {
    address public reporter;
    uint256 public eventTime;
    bool public resolved;
    bool public outcome;
    uint256 public yesPool;
    uint256 public noPool;
    uint256 public reporterBonus;
    mapping(address => uint256) public yesStake;
    mapping(address => uint256) public noStake;

    constructor(address _reporter, uint256 _eventTime) {
        reporter = _reporter;
        eventTime = _eventTime;
    }

    function bet(bool yes) external payable {
        // <yes> <report> TIME_MANIPULATION
        require(block.timestamp + 5 minutes < eventTime, "betting closed");
        uint256 fee = msg.value / 100;
        reporterBonus += fee;
        if (yes) {
            yesStake[msg.sender] += msg.value - fee;
            yesPool += msg.value - fee;
        } else {
            noStake[msg.sender] += msg.value - fee;
            noPool += msg.value - fee;
        }
    }

    function resolve(bool yesWon) external {
        require(msg.sender == reporter && !resolved, "reporter only, once");
        require(block.timestamp >= eventTime, "too early");
        resolved = true;
        outcome = yesWon;
        uint256 bonus = 0;
        // <yes> <report> TIME_MANIPULATION
        if (block.timestamp <= eventTime + 2 minutes) {
            bonus = reporterBonus;
        }
        reporterBonus = 0;
        payable(reporter).transfer(bonus);
    }

    function claim() external {
        require(resolved, "not resolved");
        uint256 stake = outcome ? yesStake[msg.sender] : noStake[msg.sender];
        uint256 payout = outcome ? stake * (yesPool + noPool) / yesPool : stake * (yesPool + noPool) / noPool;
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: payout}("");
        require(ok, "payout failed");
        yesStake[msg.sender] = 0;
        noStake[msg.sender] = 0;
    }
}
