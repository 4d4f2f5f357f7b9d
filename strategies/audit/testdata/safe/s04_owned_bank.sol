pragma solidity ^0.4.21;

library SafeMath {
    function add(uint a, uint b) internal pure returns (uint) {
        uint c = a + b;
        require(c >= a);
        return c;
    }

    function sub(uint a, uint b) internal pure returns (uint) {
        require(b <= a);
        return a - b;
    }
}

// A small bank: balances are cleared before any ether leaves, and only the owner may close it,
// and only once every depositor has withdrawn.
contract OwnedBank {
    using SafeMath for uint;

    address public owner;
    mapping(address => uint) public balances;
    uint public totalDeposits;

    event Deposit(address indexed who, uint amount);
    event Withdrawal(address indexed who, uint amount);

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function OwnedBank() public {
        owner = msg.sender;
    }

    function deposit() public payable {
        require(msg.value > 0);
        balances[msg.sender] = balances[msg.sender].add(msg.value);
        totalDeposits = totalDeposits.add(msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint amount) public {
        require(amount > 0);
        balances[msg.sender] = balances[msg.sender].sub(amount);
        totalDeposits = totalDeposits.sub(amount);
        msg.sender.transfer(amount);
        emit Withdrawal(msg.sender, amount);
    }

    function close() public onlyOwner {
        require(totalDeposits == 0);
        selfdestruct(owner);
    }
}
