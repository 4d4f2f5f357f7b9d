pragma solidity ^0.4.18;

// A savings bank that keeps ether per depositor.
contract EtherBank {
    address public owner;
    mapping(address => uint) public balances;
    uint public minDeposit = 0.1 ether;

    event Deposit(address indexed who, uint amount);
    event Withdrawal(address indexed who, uint amount);

    function EtherBank() public {
        owner = msg.sender;
    }

    function deposit() public payable {
        require(msg.value >= minDeposit);
        balances[msg.sender] += msg.value;
        Deposit(msg.sender, msg.value);
    }

    function withdraw(uint amount) public {
        require(balances[msg.sender] >= amount);
        // <yes> <report> REENTRANCY
        require(msg.sender.call.value(amount)());
        balances[msg.sender] -= amount;
        Withdrawal(msg.sender, amount);
    }

    function balanceOf(address who) public constant returns (uint) {
        return balances[who];
    }

    // Meant for the owner once the bank winds down.
    function close() public {
        // <yes> <report> ACCESS_CONTROL
        suicide(owner);
    }

    function() payable {
        deposit();
    }
}
