// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Participants pool ether; a bonus weight is recomputed for everyone each epoch.
contract BonusPool {
    address payable[] public participants;
    mapping(address => uint256) public deposits;
    mapping(address => uint256) public weight;
    uint256 public epoch;

    function join() external payable {
        require(msg.value >= 0.01 ether, "minimum deposit");
        if (deposits[msg.sender] == 0) {
            participants.push(msg.sender);
        }
        deposits[msg.sender] += msg.value;
    }

    function recomputeWeights() external {
        epoch += 1;
        // <yes> <report> DENIAL_OF_SERVICE
        for (uint256 i = 0; i < participants.length; i++) {
            weight[participants[i]] = deposits[participants[i]] * epoch;
        }
    }

    function leave() external {
        uint256 amount = deposits[msg.sender];
        require(amount > 0, "not in pool");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok, "refund failed");
        deposits[msg.sender] = 0;
        weight[msg.sender] = 0;
    }
}
