pragma solidity ^0.4.24;

// A shared treasury where any owner can execute payments.
contract MultiOwnerTreasury {
    mapping(address => bool) public isOwner;
    address[] public ownerList;

    event Executed(address to, uint value, bytes data);

    modifier onlyOwner() {
        require(isOwner[msg.sender]);
        _;
    }

    constructor(address[] initialOwners) public {
        for (uint i = 0; i < initialOwners.length; i++) {
            isOwner[initialOwners[i]] = true;
            ownerList.push(initialOwners[i]);
        }
    }

    function() public payable {}

    // Missing onlyOwner: anyone can add themselves.
    function addOwner(address newOwner) public {
        require(!isOwner[newOwner]);
        // <yes> <report> ACCESS_CONTROL
        isOwner[newOwner] = true;
        ownerList.push(newOwner);
    }

    function removeOwner(address oldOwner) public onlyOwner {
        isOwner[oldOwner] = false;
    }

    function execute(address to, uint value, bytes data) public onlyOwner {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        to.call.value(value)(data);
        emit Executed(to, value, data);
    }
}
