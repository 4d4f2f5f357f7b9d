pragma solidity ^0.4.21;

// Deposits are locked for a week; holders may extend their lock for a bonus badge.
contract TimeLockVault {
    mapping(address => uint) public balances;
    mapping(address => uint) public lockTime;

    event Locked(address indexed who, uint until);

    function deposit() public payable {
        balances[msg.sender] += msg.value;
        lockTime[msg.sender] = now + 1 weeks;
        emit Locked(msg.sender, lockTime[msg.sender]);
    }

    function increaseLockTime(uint secondsToIncrease) public {
        // <yes> <report> ARITHMETIC
        lockTime[msg.sender] += secondsToIncrease;
        emit Locked(msg.sender, lockTime[msg.sender]);
    }

    // Coarse one-week deadline: not a timestamp finding.
    function withdraw() public {
        require(balances[msg.sender] > 0);
        require(now > lockTime[msg.sender]);
        uint amount = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(amount);
    }

    function withdrawPart(uint amount) public {
        require(now > lockTime[msg.sender]);
        // <yes> <report> ARITHMETIC
        balances[msg.sender] -= amount;
        msg.sender.transfer(amount);
    }
}
