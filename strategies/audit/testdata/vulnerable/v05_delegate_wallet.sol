pragma solidity ^0.5.0;

// A wallet whose behaviour lives in a pluggable library.
contract DelegateWallet {
    address public library_;
    address public owner;

    constructor(address lib) public {
        library_ = lib;
        owner = msg.sender;
    }

    function setLibrary(address lib) external {
        // <yes> <report> ACCESS_CONTROL
        library_ = lib;
    }

    function() external payable {
        if (msg.data.length > 0) {
            // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
            library_.delegatecall(msg.data);
        }
    }
}
