pragma solidity ^0.4.18;

// Holders may lock their own tokens to qualify for governance votes.
contract LockableToken {
    mapping(address => uint) balances;
    mapping(address => mapping(address => uint)) allowed;
    mapping(address => uint) public unlockTime;
    uint public totalSupply;

    event Transfer(address indexed from, address indexed to, uint value);
    event Approval(address indexed owner, address indexed spender, uint value);

    function LockableToken(uint supply) public {
        balances[msg.sender] = supply;
        totalSupply = supply;
    }

    function balanceOf(address who) public constant returns (uint) {
        return balances[who];
    }

    function lock(uint period) public {
        // <yes> <report> ARITHMETIC
        unlockTime[msg.sender] = now + period;
    }

    // <yes> <report> SHORT_ADDRESSES
    function transfer(address to, uint value) public returns (bool) {
        if (now < unlockTime[msg.sender]) throw;
        if (balances[msg.sender] < value) throw;
        balances[msg.sender] -= value;
        balances[to] += value;
        Transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint value) public returns (bool) {
        if (now < unlockTime[from]) throw;
        var remaining = allowed[from][msg.sender];
        if (balances[from] < value || remaining < value) throw;
        balances[from] -= value;
        allowed[from][msg.sender] = remaining - value;
        balances[to] += value;
        Transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint value) public returns (bool) {
        // <yes> <report> FRONT_RUNNING
        allowed[msg.sender][spender] = value;
        Approval(msg.sender, spender, value);
        return true;
    }

    function allowance(address holder, address spender) public constant returns (uint) {
        return allowed[holder][spender];
    }
}
