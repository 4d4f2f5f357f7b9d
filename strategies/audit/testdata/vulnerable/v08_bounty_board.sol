// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Bounties for puzzle solutions, plus a daily "lucky claimer" bonus.
contract BountyBoard {
    struct Bounty {
        bytes32 solutionHash;
        uint256 reward;
        bool paid;
    }

    Bounty[] public bounties;
    uint256 public bonusPool;

    function post(bytes32 solutionHash) external payable returns (uint256) {
        require(msg.value > 0, "no reward");
        bounties.push(Bounty(solutionHash, msg.value, false));
        return bounties.length - 1;
    }

    function fundBonus() external payable {
        bonusPool += msg.value;
    }

    function claim(uint256 id, string calldata solution) external {
        Bounty storage b = bounties[id];
        require(!b.paid, "already paid");
        require(keccak256(bytes(solution)) == b.solutionHash, "wrong solution");
        b.paid = true;
        // <yes> <report> FRONT_RUNNING
        payable(msg.sender).transfer(b.reward);
        // <yes> <report> BAD_RANDOMNESS
        if (uint256(blockhash(block.number - 1)) % 10 == 0) {
            uint256 bonus = bonusPool;
            bonusPool = 0;
            payable(msg.sender).transfer(bonus);
        }
    }
}
