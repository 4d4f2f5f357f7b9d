// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Test helper, not for real use: a contract wallet that accepts
/// (ERC-1271) what one key signed, so tests can set a contract as an
/// agent wallet.
contract ERC1271Wallet {
    address public immutable keyHolder;

    constructor(address keyHolder_) {
        keyHolder = keyHolder_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) {
            return 0xffffffff;
        }
        uint8 v = uint8(signature[64]);
        if (v < 27) {
            v += 27;
        }
        address got = ecrecover(hash, v, bytes32(signature[0:32]), bytes32(signature[32:64]));
        return got != address(0) && got == keyHolder ? this.isValidSignature.selector : bytes4(0xffffffff);
    }
}
