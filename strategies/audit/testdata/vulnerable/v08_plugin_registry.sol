// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// A registry of plugins that accounts can run in the registry's own context.
contract PluginRegistry {
    address public owner;
    mapping(address => bool) public approvedPlugin;
    mapping(address => uint256) public credits;

    constructor() {
        owner = msg.sender;
    }

    function approve(address plugin) external {
        require(msg.sender == owner, "owner only");
        approvedPlugin[plugin] = true;
    }

    // The approval check is only advisory: any address is run.
    function run(address plugin, bytes calldata data) external payable returns (bytes memory) {
        credits[msg.sender] += msg.value;
        // <yes> <report> ACCESS_CONTROL
        (bool ok, bytes memory out) = plugin.delegatecall(data);
        require(ok, "plugin failed");
        return out;
    }

    function decommission() external {
        // <yes> <report> ACCESS_CONTROL
        selfdestruct(payable(owner));
    }
}
