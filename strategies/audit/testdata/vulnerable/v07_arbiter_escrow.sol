// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Escrowed deals with a neutral arbiter; proceeds are withdrawn by the party they are due to.
contract ArbiterEscrow {
    enum State { Funded, Released, Refunded }

    struct Deal {
        address buyer;
        address seller;
        uint256 amount;
        State state;
    }

    address public arbiter;
    Deal[] public deals;
    mapping(address => uint256) public proceeds;

    constructor() {
        arbiter = msg.sender;
    }

    function setArbiter(address next) external {
        // <yes> <report> ACCESS_CONTROL
        arbiter = next;
    }

    function open(address seller) external payable returns (uint256) {
        deals.push(Deal(msg.sender, seller, msg.value, State.Funded));
        return deals.length - 1;
    }

    function resolve(uint256 id, bool toSeller) external {
        require(msg.sender == arbiter, "arbiter only");
        Deal storage d = deals[id];
        require(d.state == State.Funded, "settled");
        if (toSeller) {
            d.state = State.Released;
            proceeds[d.seller] += d.amount;
        } else {
            d.state = State.Refunded;
            proceeds[d.buyer] += d.amount;
        }
    }

    function withdrawProceeds() external {
        uint256 amount = proceeds[msg.sender];
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "withdraw failed");
        proceeds[msg.sender] = 0;
    }
}
