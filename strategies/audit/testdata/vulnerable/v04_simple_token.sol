pragma solidity ^0.4.18;

// An early ERC-20 with a batch transfer helper for airdrops.
contract SimpleToken {
    string public name = "Simple Token";
    string public symbol = "SIM";
    uint8 public decimals = 18;
    uint256 public totalSupply;

    mapping(address => uint256) balances;
    mapping(address => mapping(address => uint256)) allowed;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function SimpleToken(uint256 initialSupply) public {
        totalSupply = initialSupply;
        balances[msg.sender] = initialSupply;
    }

    function balanceOf(address who) public constant returns (uint256) {
        return balances[who];
    }

    // <yes> <report> SHORT_ADDRESSES
    function transfer(address to, uint256 value) public returns (bool) {
        require(to != address(0));
        require(balances[msg.sender] >= value);
        balances[msg.sender] -= value;
        balances[to] += value;
        Transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) public returns (bool) {
        require(balances[from] >= value && allowed[from][msg.sender] >= value);
        balances[from] -= value;
        allowed[from][msg.sender] -= value;
        balances[to] += value;
        Transfer(from, to, value);
        return true;
    }

    function approve(address spender, uint256 value) public returns (bool) {
        // <yes> <report> FRONT_RUNNING
        allowed[msg.sender][spender] = value;
        Approval(msg.sender, spender, value);
        return true;
    }

    function allowance(address holder, address spender) public constant returns (uint256) {
        return allowed[holder][spender];
    }

    function batchTransfer(address[] receivers, uint256 value) public returns (bool) {
        uint cnt = receivers.length;
        // <yes> <report> ARITHMETIC
        uint256 amount = uint256(cnt) * value;
        require(cnt > 0 && cnt <= 20);
        require(value > 0 && balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        for (uint i = 0; i < cnt; i++) {
            // <yes> <report> ARITHMETIC
            balances[receivers[i]] += value;
            Transfer(msg.sender, receivers[i], value);
        }
        return true;
    }
}
