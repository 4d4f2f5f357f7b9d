pragma solidity ^0.5.0;

// A forwarder deployed behind a factory; admins can run batched maintenance calls.
contract ProxyForwarder {
    address public admin;
    address public implementation;

    event Upgraded(address implementation);

    constructor(address _implementation) public {
        implementation = _implementation;
    }

    // The factory calls this right after deployment, in a separate transaction.
    function initialize(address _admin) public {
        // <yes> <report> ACCESS_CONTROL
        admin = _admin;
    }

    function upgrade(address next) external {
        require(msg.sender == admin, "admin only");
        implementation = next;
        emit Upgraded(next);
    }

    // Runs arbitrary code from any contract in this proxy's storage context.
    function runScript(address script, bytes calldata data) external returns (bytes memory) {
        // <yes> <report> ACCESS_CONTROL
        (bool ok, bytes memory result) = script.delegatecall(data);
        require(ok, "script failed");
        return result;
    }

    function() external payable {
        address impl = implementation;
        require(impl != address(0), "not initialized");
        assembly {
            calldatacopy(0, 0, calldatasize)
            let res := delegatecall(gas, impl, 0, calldatasize, 0, 0)
            returndatacopy(0, 0, returndatasize)
            switch res
            case 0 { revert(0, returndatasize) }
            default { return(0, returndatasize) }
        }
    }
}
