// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Entry-fee tournaments: registration closes at a set time, seeding is shuffled, and prizes are pushed.
contract Tournament {
    address public organiser;
    uint256 public constant ENTRY = 0.02 ether;
    uint256 public closesAt;
    address payable[] public entrants;
    uint256 public seed;

    constructor(uint256 registrationHours) public {
        organiser = msg.sender;
        closesAt = now + registrationHours * 1 hours;
    }

    function register() external payable {
        require(msg.value == ENTRY, "entry fee");
        require(now < closesAt, "registration closed");
        entrants.push(msg.sender);
        // <yes> <report> TIME_MANIPULATION
        if (closesAt - now < 60) {
            closesAt += 60;
        }
    }

    function shuffle() external {
        require(now >= closesAt, "still open");
        // <yes> <report> BAD_RANDOMNESS
        seed = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), entrants.length)));
    }

    function payPrizes(uint256[] calldata placings) external {
        require(msg.sender == organiser, "organiser only");
        uint256 pot = address(this).balance;
        for (uint256 i = 0; i < placings.length && i < 3; i++) {
            uint256 prize = pot / (2 ** (i + 1));
            // <yes> <report> DENIAL_OF_SERVICE
            entrants[placings[i]].transfer(prize);
        }
    }
}
