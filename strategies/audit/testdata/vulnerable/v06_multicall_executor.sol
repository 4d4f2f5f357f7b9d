// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;
pragma experimental ABIEncoderV2;

// Executes batches of calls for its owner, and relays owner-signed calls for anyone.
contract MulticallExecutor {
    address public owner;
    mapping(uint256 => bool) public usedNonce;

    constructor() public {
        owner = msg.sender;
    }

    function plugin(address module, bytes calldata data) external returns (bytes memory) {
        // <yes> <report> ACCESS_CONTROL
        (bool ok, bytes memory out) = module.delegatecall(data);
        require(ok, "module failed");
        return out;
    }

    function executeSigned(address to, uint256 value, bytes calldata data, uint256 nonce, uint8 v, bytes32 r, bytes32 s) external {
        require(!usedNonce[nonce], "nonce used");
        bytes32 digest = keccak256(abi.encode(address(this), to, value, keccak256(data), nonce));
        // <yes> <report> ACCESS_CONTROL
        address signer = ecrecover(digest, v, r, s);
        require(signer == owner, "not signed by owner");
        usedNonce[nonce] = true;
        (bool ok, ) = to.call{value: value}(data);
        require(ok, "call failed");
    }

    function batch(address[] calldata targets, bytes[] calldata calls) external {
        require(msg.sender == owner, "owner only");
        for (uint256 i = 0; i < targets.length; i++) {
            (bool ok, ) = targets[i].call(calls[i]);
            require(ok, "batch call failed");
        }
    }

    receive() external payable {}
}
