// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

library Address {
    function sendValue(address payable recipient, uint256 amount) internal {
        require(address(this).balance >= amount, "insufficient balance");
        (bool success, ) = recipient.call{value: amount}("");
        require(success, "unable to send value");
    }

    function functionDelegateCall(address target, bytes memory data) internal returns (bytes memory) {
        (bool success, bytes memory ret) = target.delegatecall(data);
        require(success, "delegatecall failed");
        return ret;
    }
}

// Unit fixture: effects inside library functions bound with `using for`
// are seen at the call site, with the caller's arguments.
contract Treasury {
    using Address for address payable;
    using Address for address;

    address public owner;
    address public implementation;
    mapping(address => uint256) public credit;

    constructor(address impl) {
        owner = msg.sender;
        implementation = impl;
    }

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    // Ether leaves through the library before the credit is cleared.
    function withdraw() external {
        uint256 amount = credit[msg.sender];
        // expect: reentrancy
        payable(msg.sender).sendValue(amount);
        credit[msg.sender] = 0;
    }

    // expect: unprotected-withdrawal
    function sweep(address payable to) external {
        to.sendValue(address(this).balance);
    }

    // The target is the stored implementation, not the caller's choice.
    function migrate(bytes calldata data) external {
        require(msg.sender == owner, "owner only");
        implementation.functionDelegateCall(data);
    }

    function run(address plugin, bytes calldata data) external {
        // expect: controlled-delegatecall
        plugin.functionDelegateCall(data);
    }

    function forward(bytes calldata data) external {
        implementation.functionDelegateCall(data);
    }
}
