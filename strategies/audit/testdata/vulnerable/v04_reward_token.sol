pragma solidity ^0.4.24;

// A reward token with a holder snapshot used for periodic bonuses.
contract RewardToken {
    struct Snapshot {
        uint blockNumber;
        uint holders;
    }

    address public owner;
    uint public totalSupply;
    mapping(address => uint) public balanceOf;
    mapping(address => mapping(address => uint)) public allowance;
    Snapshot[] public snapshots;

    event Transfer(address indexed from, address indexed to, uint value);
    event Approval(address indexed holder, address indexed spender, uint value);

    constructor(uint supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    // <yes> <report> SHORT_ADDRESSES
    function transfer(address to, uint value) public returns (bool) {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint value) public returns (bool) {
        // <yes> <report> FRONT_RUNNING
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint value) public returns (bool) {
        require(balanceOf[from] >= value && allowance[from][msg.sender] >= value);
        balanceOf[from] -= value;
        allowance[from][msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }

    function takeSnapshot(uint holderCount) public {
        require(msg.sender == owner);
        // <yes> <report> OTHER
        Snapshot s;
        s.blockNumber = block.number;
        s.holders = holderCount;
        snapshots.push(s);
    }

    function burn(uint value) public {
        // <yes> <report> ARITHMETIC
        balanceOf[msg.sender] -= value;
        // <yes> <report> ARITHMETIC
        totalSupply -= value;
    }
}
