pragma solidity ^0.5.0;

// Each key bought resets a 30-second timer; when it runs out, the last buyer takes the pot.
// One buy in a hundred also wins a small airdrop.
contract FomoRound {
    address payable public lastBuyer;
    uint256 public lastBuy;
    uint256 public pot;
    uint256 public airdropPot;
    uint256 public constant KEY_PRICE = 0.01 ether;

    function buyKey() external payable {
        require(msg.value == KEY_PRICE, "key price");
        lastBuyer = msg.sender;
        lastBuy = now;
        pot += msg.value * 9 / 10;
        airdropPot += msg.value / 10;
        // <yes> <report> BAD_RANDOMNESS
        if (uint256(keccak256(abi.encodePacked(now, msg.sender, block.number))) % 100 == 0) {
            uint256 prize = airdropPot;
            airdropPot = 0;
            msg.sender.transfer(prize);
        }
    }

    function finish() external {
        require(msg.sender == lastBuyer, "not the last buyer");
        // <yes> <report> TIME_MANIPULATION
        require(now > lastBuy + 30 seconds, "timer running");
        uint256 amount = pot;
        pot = 0;
        msg.sender.transfer(amount);
    }
}
