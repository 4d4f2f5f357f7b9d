pragma solidity ^0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a);
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a);
        return a - b;
    }
}

// A classic ERC-20: SafeMath on every balance change, a payload-size check against short
// addresses, and an approve that must go through zero to avoid the allowance race.
contract SafeMathToken {
    using SafeMath for uint256;

    string public constant name = "Safe Token";
    string public constant symbol = "SAFE";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;

    mapping(address => uint256) internal balances;
    mapping(address => mapping(address => uint256)) internal allowed;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    // size is the full calldata length: 4-byte selector plus 32 bytes per argument.
    modifier onlyPayloadSize(uint256 size) {
        require(msg.data.length >= size);
        _;
    }

    constructor(uint256 supply) public {
        totalSupply = supply;
        balances[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function balanceOf(address who) public view returns (uint256) {
        return balances[who];
    }

    function transfer(address to, uint256 value) public onlyPayloadSize(68) returns (bool) {
        require(to != address(0));
        balances[msg.sender] = balances[msg.sender].sub(value);
        balances[to] = balances[to].add(value);
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) public onlyPayloadSize(100) returns (bool) {
        require(to != address(0));
        allowed[from][msg.sender] = allowed[from][msg.sender].sub(value);
        balances[from] = balances[from].sub(value);
        balances[to] = balances[to].add(value);
        emit Transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) public returns (bool) {
        require(value == 0 || allowed[msg.sender][spender] == 0);
        allowed[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function increaseApproval(address spender, uint256 added) public returns (bool) {
        allowed[msg.sender][spender] = allowed[msg.sender][spender].add(added);
        emit Approval(msg.sender, spender, allowed[msg.sender][spender]);
        return true;
    }

    function decreaseApproval(address spender, uint256 subtracted) public returns (bool) {
        uint256 current = allowed[msg.sender][spender];
        if (subtracted >= current) {
            allowed[msg.sender][spender] = 0;
        } else {
            allowed[msg.sender][spender] = current.sub(subtracted);
        }
        emit Approval(msg.sender, spender, allowed[msg.sender][spender]);
        return true;
    }

    function allowance(address holder, address spender) public view returns (uint256) {
        return allowed[holder][spender];
    }
}
