// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// A price feed pushed by an updater, or by anyone carrying the updater's signature.
contract PriceOracle {
    address public owner;
    address public updater;
    uint256 public price;
    uint256 public updatedAt;
    uint256 public nonce;

    event PriceUpdated(uint256 price, uint256 at);

    constructor(address _updater) {
        owner = msg.sender;
        updater = _updater;
    }

    function setUpdater(address next) external {
        // <yes> <report> ACCESS_CONTROL
        updater = next;
    }

    function push(uint256 newPrice) external {
        require(msg.sender == updater, "updater only");
        price = newPrice;
        updatedAt = block.timestamp;
        emit PriceUpdated(newPrice, block.timestamp);
    }

    function pushSigned(uint256 newPrice, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encode(address(this), newPrice, nonce))));
        // <yes> <report> ACCESS_CONTROL
        require(ecrecover(digest, v, r, s) == updater, "bad signature");
        nonce++;
        price = newPrice;
        updatedAt = block.timestamp;
        emit PriceUpdated(newPrice, block.timestamp);
    }
}
