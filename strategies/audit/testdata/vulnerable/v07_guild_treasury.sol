// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A gaming guild splits tournament winnings between members.
contract GuildTreasury {
    address public guildmaster;
    address[] public members;
    mapping(address => bool) public isMember;

    modifier onlyGuildmaster() {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == guildmaster, "guildmaster only");
        _;
    }

    constructor() {
        guildmaster = msg.sender;
    }

    function addMember(address who) external onlyGuildmaster {
        require(!isMember[who], "already a member");
        isMember[who] = true;
        members.push(who);
    }

    function splitWinnings() external onlyGuildmaster {
        uint256 share = address(this).balance / members.length;
        for (uint256 i = 0; i < members.length; i++) {
            // <yes> <report> DENIAL_OF_SERVICE
            payable(members[i]).transfer(share);
        }
    }

    receive() external payable {}
}
