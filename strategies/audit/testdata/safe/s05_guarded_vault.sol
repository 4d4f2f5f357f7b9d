pragma solidity ^0.5.0;

// An ether vault with a reentrancy guard and checks-effects-interactions: the balance is
// cleared before the checked call that sends it.
contract GuardedVault {
    uint256 private constant NOT_ENTERED = 1;
    uint256 private constant ENTERED = 2;
    uint256 private status = NOT_ENTERED;

    mapping(address => uint256) public balances;

    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);

    modifier nonReentrant() {
        require(status != ENTERED, "reentrant call");
        status = ENTERED;
        _;
        status = NOT_ENTERED;
    }

    function deposit() external payable {
        require(msg.value > 0, "no value");
        balances[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external nonReentrant {
        require(amount > 0 && balances[msg.sender] >= amount, "bad amount");
        balances[msg.sender] -= amount;
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok, "transfer failed");
        emit Withdrawn(msg.sender, amount);
    }
}
