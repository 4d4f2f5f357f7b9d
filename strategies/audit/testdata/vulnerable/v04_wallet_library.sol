pragma solidity ^0.4.18;

// Shared wallet logic; each Wallet forwards unknown calls here with delegatecall.
contract WalletLibrary {
    address public owner;
    uint public dailyLimit;
    uint public spentToday;
    uint public lastDay;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function initWallet(address _owner, uint _dailyLimit) public {
        // <yes> <report> ACCESS_CONTROL
        owner = _owner;
        dailyLimit = _dailyLimit;
        lastDay = now / 1 days;
    }

    function execute(address to, uint value) public onlyOwner {
        if (now / 1 days > lastDay) {
            spentToday = 0;
            lastDay = now / 1 days;
        }
        require(spentToday + value >= spentToday);
        require(spentToday + value <= dailyLimit);
        spentToday += value;
        to.transfer(value);
    }

    function kill(address to) public onlyOwner {
        suicide(to);
    }
}

contract Wallet {
    address public owner;
    uint public dailyLimit;
    uint public spentToday;
    uint public lastDay;
    address public walletLibrary;

    function Wallet(address lib, uint limit) public {
        walletLibrary = lib;
        require(lib.delegatecall(bytes4(sha3("initWallet(address,uint256)")), msg.sender, limit));
    }

    function() payable {
        if (msg.data.length > 0) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            walletLibrary.delegatecall(msg.data);
        }
    }
}
