pragma solidity ^0.5.0;

// Members save together and may hand savings to each other.
contract SavingsClub {
    mapping(address => uint256) public savings;

    event Saved(address indexed member, uint256 amount);

    function save() external payable {
        savings[msg.sender] += msg.value;
        emit Saved(msg.sender, msg.value);
    }

    // Can be re-entered from withdraw() before the balance is cleared.
    function handOver(address to, uint256 amount) external {
        require(savings[msg.sender] >= amount, "not enough savings");
        savings[msg.sender] -= amount;
        savings[to] += amount;
    }

    function withdraw() external {
        uint256 amount = savings[msg.sender];
        // <yes> <report> REENTRANCY
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        (bool sent, ) = msg.sender.call.value(amount)("");
        savings[msg.sender] = 0;
    }
}
