pragma solidity ^0.5.0;

// A wallet that trusts the transaction's originator.
contract OriginWallet {
    address public owner;

    constructor() public {
        owner = msg.sender;
    }

    function() external payable {}

    function transferTo(address payable to, uint256 amount) external {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == owner, "not owner");
        to.transfer(amount);
    }

    function changeOwner(address newOwner) external {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == owner, "not owner");
        owner = newOwner;
    }
}
