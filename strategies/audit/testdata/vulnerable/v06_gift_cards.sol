// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Prepaid gift cards redeemable at partner shops, which are notified on redemption.
contract GiftCards {
    struct Card {
        address holder;
        uint256 value;
    }

    address public issuer;
    mapping(bytes32 => Card) public cards;
    mapping(address => uint256) public shopCredit;

    constructor() public {
        issuer = msg.sender;
    }

    function buyCard(bytes32 code) external payable {
        require(cards[code].holder == address(0), "code taken");
        cards[code] = Card(msg.sender, msg.value);
    }

    function topUp(bytes32 code, uint256 bonusPercent) external payable {
        Card storage c = cards[code];
        require(c.holder == msg.sender, "not your card");
        // <yes> <report> ARITHMETIC
        c.value += msg.value + msg.value * bonusPercent / 100;
    }

    function redeem(bytes32 code, address shop, uint256 amount) external {
        Card storage c = cards[code];
        require(c.holder == msg.sender && c.value >= amount, "not your card or too little");
        c.value -= amount;
        shopCredit[shop] += amount;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        shop.call(abi.encodeWithSignature("onGiftCard(address,uint256)", msg.sender, amount));
    }

    function shopWithdraw() external {
        uint256 amount = shopCredit[msg.sender];
        require(amount > 0, "no credit");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "withdraw failed");
        shopCredit[msg.sender] = 0;
    }
}
