pragma solidity ^0.4.24;

// Pays staff salaries and refunds deposits.
contract Payroll {
    address public owner;
    address[] public staff;
    mapping(address => uint) public salary;
    mapping(address => uint) public deposits;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    constructor() public payable {
        owner = msg.sender;
    }

    function hire(address who, uint monthly) public onlyOwner {
        staff.push(who);
        salary[who] = monthly;
    }

    function payAll() public onlyOwner {
        for (uint i = 0; i < staff.length; i++) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            // <yes> <report> DENIAL_OF_SERVICE
            staff[i].send(salary[staff[i]]);
        }
    }

    function deposit() public payable {
        deposits[msg.sender] += msg.value;
    }

    function refund() public {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        // <yes> <report> REENTRANCY
        msg.sender.send(deposits[msg.sender]);
        deposits[msg.sender] = 0;
    }

    function tip(address to) public payable {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        to.call.value(msg.value)();
    }
}
