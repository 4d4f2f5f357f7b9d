pragma solidity ^0.4.24;

// An m-of-n multisig. The owner set is fixed at deployment (at most ten owners), so the loops
// over it are bounded. A transaction runs once enough owners confirm, and its call is checked.
contract MultiSigWallet {
    uint constant public MAX_OWNERS = 10;

    struct Transaction {
        address destination;
        uint value;
        bytes data;
        bool executed;
    }

    address[] public owners;
    mapping(address => bool) public isOwner;
    uint public required;
    Transaction[] public transactions;
    mapping(uint => mapping(address => bool)) public confirmations;

    event Submission(uint indexed id);
    event Confirmation(address indexed owner, uint indexed id);
    event Execution(uint indexed id);
    event Deposit(address indexed sender, uint value);

    modifier onlyOwner() {
        require(isOwner[msg.sender]);
        _;
    }

    constructor(address[] _owners, uint _required) public {
        require(_owners.length <= MAX_OWNERS && _required > 0 && _required <= _owners.length);
        for (uint i = 0; i < _owners.length; i++) {
            require(_owners[i] != address(0) && !isOwner[_owners[i]]);
            isOwner[_owners[i]] = true;
        }
        owners = _owners;
        required = _required;
    }

    function() public payable {
        emit Deposit(msg.sender, msg.value);
    }

    function submit(address destination, uint value, bytes data) public onlyOwner returns (uint id) {
        id = transactions.length;
        transactions.push(Transaction(destination, value, data, false));
        emit Submission(id);
        confirm(id);
    }

    function confirm(uint id) public onlyOwner {
        require(id < transactions.length);
        require(!confirmations[id][msg.sender]);
        confirmations[id][msg.sender] = true;
        emit Confirmation(msg.sender, id);
    }

    function confirmationCount(uint id) public view returns (uint count) {
        for (uint i = 0; i < owners.length; i++) {
            if (confirmations[id][owners[i]]) {
                count += 1;
            }
        }
    }

    function execute(uint id) public onlyOwner {
        Transaction storage txn = transactions[id];
        require(!txn.executed);
        require(confirmationCount(id) >= required);
        txn.executed = true;
        emit Execution(id);
        require(txn.destination.call.value(txn.value)(txn.data));
    }
}
