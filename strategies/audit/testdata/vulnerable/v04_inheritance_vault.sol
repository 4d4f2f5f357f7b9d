pragma solidity ^0.4.21;

contract Ownable {
    address public owner;

    function Ownable() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }
}

contract Pausable is Ownable {
    bool public paused;

    function setPaused(bool value) public onlyOwner {
        paused = value;
    }
}

// A vault that inherits ownership and pausing, and redeclares both by mistake.
contract InheritanceVault is Pausable {
    // <yes> <report> OTHER
    address owner;
    // <yes> <report> OTHER
    bool paused;
    address public mathLib;
    mapping(address => uint) public deposits;

    function InheritanceVault(address lib) public {
        owner = msg.sender;
        mathLib = lib;
    }

    function deposit() public payable {
        require(!paused);
        deposits[msg.sender] += msg.value;
    }

    function withdraw() public {
        require(!paused);
        uint amount = deposits[msg.sender];
        // <yes> <report> REENTRANCY
        if (!msg.sender.call.value(amount)()) {
            revert();
        }
        deposits[msg.sender] = 0;
    }

    function recompute(uint x) public {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        mathLib.callcode(bytes4(keccak256("recompute(uint256)")), x);
    }
}
