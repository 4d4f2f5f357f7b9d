pragma solidity ^0.4.21;

// The token of an early ICO; the team wallet can be moved by its owner.
contract IcoToken {
    string public constant name = "ICO Token";
    string public constant symbol = "ICO";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    address public owner;
    bool public paused;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function IcoToken() public {
        owner = msg.sender;
        totalSupply = 100000000 * 10 ** uint256(decimals);
        balanceOf[msg.sender] = totalSupply;
    }

    function setOwner(address newOwner) public {
        // <yes> <report> ACCESS_CONTROL
        owner = newOwner;
    }

    function setPaused(bool value) public {
        require(msg.sender == owner);
        paused = value;
    }

    // <yes> <report> SHORT_ADDRESSES
    function transfer(address to, uint256 value) public returns (bool success) {
        require(!paused);
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) public returns (bool success) {
        // <yes> <report> FRONT_RUNNING
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    // The allowance is never compared with the value before it is reduced.
    function transferFrom(address from, address to, uint256 value) public returns (bool success) {
        require(!paused);
        require(balanceOf[from] >= value);
        // <yes> <report> ARITHMETIC
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }
}
