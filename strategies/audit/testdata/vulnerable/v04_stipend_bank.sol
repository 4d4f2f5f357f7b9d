pragma solidity ^0.4.24;

// A savings bank from 2018 that trusted transfer's 2300-gas stipend to stop
// re-entry, and updated its books only after paying.
contract StipendBank {
    mapping(address => uint256) public balances;
    uint256 public totalDeposits;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
        totalDeposits += msg.value;
    }

    function withdraw() public {
        uint256 amount = balances[msg.sender];
        require(amount > 0);
        // <yes> <report> REENTRANCY
        msg.sender.transfer(amount);
        balances[msg.sender] = 0;
    }

    function withdrawSome(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        // <yes> <report> REENTRANCY
        require(msg.sender.send(amount));
        balances[msg.sender] -= amount;
    }
}
