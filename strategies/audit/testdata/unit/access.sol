// SPDX-License-Identifier: MIT
pragma solidity ^0.8.10;

// Unit fixture for access control: helpers, roles and initializers.
contract Roles {
    address private _owner;
    address public treasury;
    address public implementation;
    bool private _initialized;
    mapping(bytes32 => mapping(address => bool)) private _roles;
    bytes32 public constant ADMIN = keccak256("ADMIN");

    constructor() {
        _owner = msg.sender;
    }

    function owner() public view returns (address) {
        return _owner;
    }

    function _checkOwner() internal view {
        require(owner() == msg.sender, "not owner");
    }

    function hasRole(bytes32 role, address who) public view returns (bool) {
        return _roles[role][who];
    }

    // Protected through a helper called as the first statement.
    function setTreasury(address t) external {
        _checkOwner();
        treasury = t;
    }

    // Protected by a role check.
    function setImplementation(address impl) external {
        require(hasRole(ADMIN, msg.sender), "admin only");
        implementation = impl;
    }

    // Nothing checks the caller, and _owner is what owner() compares.
    // expect: unprotected-setter
    function transferOwnership(address next) external {
        require(next != address(0), "zero");
        _owner = next;
    }

    // One-shot initializer: the flag is checked and set.
    function initialize(address first) external {
        require(!_initialized, "done");
        _initialized = true;
        _owner = first;
    }

    // An EOA check compares tx.origin with msg.sender: not authorisation.
    function onlyHumans() external view returns (bool) {
        require(tx.origin == msg.sender, "no contracts");
        return true;
    }

    function grant(bytes32 role, address who) external {
        _checkOwner();
        _roles[role][who] = true;
    }

    // expect: unprotected-selfdestruct
    function kill() external {
        selfdestruct(payable(msg.sender));
    }

    function pause() external {
        if (msg.sender != _owner) revert();
        selfdestruct(payable(_owner));
    }
}
