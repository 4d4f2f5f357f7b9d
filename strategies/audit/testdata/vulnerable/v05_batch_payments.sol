pragma solidity ^0.5.0;

// A payout helper used by a DAO treasury.
contract BatchPayments {
    address public treasurer;

    constructor() public {
        treasurer = msg.sender;
    }

    modifier onlyTreasurer() {
        require(msg.sender == treasurer, "treasurer only");
        _;
    }

    function() external payable {}

    function payEther(address payable[] calldata recipients, uint256[] calldata amounts) external onlyTreasurer {
        require(recipients.length == amounts.length, "length mismatch");
        for (uint256 i = 0; i < recipients.length; i++) {
            // <yes> <report> DENIAL_OF_SERVICE
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            recipients[i].send(amounts[i]);
        }
    }

    function payToken(address token, address to, uint256 amount) external onlyTreasurer {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        token.call(abi.encodeWithSignature("transfer(address,uint256)", to, amount));
    }
}
