pragma solidity ^0.4.18;

contract Owned {
    address public owner;

    function Owned() public {
        owner = msg.sender;
    }
}

// Maps names to addresses; registration is open while the registry is unlocked.
contract NameRegistry is Owned {
    bool public unlocked = false;
    // <yes> <report> OTHER
    address owner;

    struct NameRecord {
        bytes32 name;
        address mapped;
    }

    mapping(address => NameRecord) public registeredNameRecord;
    mapping(bytes32 => address) public resolve;

    function NameRegistry() public {
        owner = msg.sender;
    }

    function setUnlocked(bool value) public {
        require(msg.sender == owner);
        unlocked = value;
    }

    function register(bytes32 name, address mapped) public {
        // <yes> <report> OTHER
        NameRecord newRecord;
        newRecord.name = name;
        newRecord.mapped = mapped;

        resolve[name] = mapped;
        registeredNameRecord[msg.sender] = newRecord;

        require(unlocked);
    }
}
