pragma solidity ^0.5.0;

// A simple ether vault with a migration hook for the next version.
contract EthVault {
    address payable public owner;
    mapping(address => uint256) public balances;

    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);

    constructor() public {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw() external {
        uint256 amount = balances[msg.sender];
        require(amount > 0, "nothing to withdraw");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok, "send failed");
        balances[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
    }

    // Intended to be called by the owner when moving to the next vault.
    function migrate(address payable next) external {
        // <yes> <report> ACCESS_CONTROL
        selfdestruct(next);
    }
}
