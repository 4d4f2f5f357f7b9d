pragma solidity ^0.4.18;

// A personal wallet that only its owner may empty.
contract OwnedWallet {
    address public owner;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    // The contract was renamed from OwnedWalet; this one no longer runs at deployment.
    // <yes> <report> ACCESS_CONTROL
    function OwnedWalet() public {
        owner = msg.sender;
    }

    function() payable {}

    function withdraw(uint amount) public onlyOwner {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        owner.send(amount);
    }

    function currentBalance() public constant returns (uint) {
        return this.balance;
    }
}
