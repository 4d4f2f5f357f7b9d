pragma solidity ^0.5.17;

// A family wallet whose guard takes the account to check as an argument,
// and checks it against tx.origin instead of the immediate caller.
contract FamilyWallet {
    address payable public parent;
    mapping(address => uint256) public allowanceOf;

    modifier onlyBy(address account) {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == account, "not allowed");
        _;
    }

    constructor() public {
        parent = msg.sender;
    }

    function setAllowance(address child, uint256 amount) external onlyBy(parent) {
        allowanceOf[child] = amount;
    }

    function payOut(address payable to, uint256 amount) external onlyBy(parent) {
        to.transfer(amount);
    }

    function() external payable {}
}
