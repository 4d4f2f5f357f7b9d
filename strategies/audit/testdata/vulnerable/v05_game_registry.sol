pragma solidity ^0.5.0;

contract Managed {
    address internal manager;

    constructor() public {
        manager = msg.sender;
    }

    modifier onlyManager() {
        require(msg.sender == manager, "manager only");
        _;
    }
}

// Registers game servers; a manager approves them.
contract GameRegistry is Managed {
    // <yes> <report> OTHER
    address internal manager;
    mapping(address => string) public serverUrl;
    mapping(address => bool) public approved;
    address public feeCollector;

    constructor(address collector) public {
        feeCollector = collector;
        manager = msg.sender;
    }

    function register(string calldata url) external {
        serverUrl[msg.sender] = url;
    }

    function approveServer(address server) external {
        require(msg.sender == manager, "manager only");
        approved[server] = true;
    }

    function setFeeCollector(address collector) external onlyManager {
        feeCollector = collector;
    }

    function setManager(address newManager) external {
        // <yes> <report> ACCESS_CONTROL
        manager = newManager;
    }
}
