// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;
pragma abicoder v2;

// A multisig executed with off-chain signatures from a fixed owner set. Signers must be
// strictly ascending (no duplicates), ecrecover's zero address is rejected, and the nonce
// is bumped before the checked call.
contract OwnerMultisig {
    uint256 public constant MAX_OWNERS = 20;
    uint256 public immutable threshold;
    mapping(address => bool) public isOwner;
    uint256 public nonce;

    event Executed(uint256 indexed nonce, address to, uint256 value);

    constructor(address[] memory owners, uint256 _threshold) {
        require(owners.length <= MAX_OWNERS, "too many owners");
        require(_threshold > 0 && _threshold <= owners.length, "bad threshold");
        for (uint256 i = 0; i < owners.length; i++) {
            require(owners[i] != address(0) && !isOwner[owners[i]], "bad owner");
            isOwner[owners[i]] = true;
        }
        threshold = _threshold;
    }

    receive() external payable {}

    function execute(address to, uint256 value, bytes calldata data, uint8[] calldata v, bytes32[] calldata r, bytes32[] calldata s) external returns (bytes memory) {
        require(v.length == threshold && r.length == threshold && s.length == threshold, "need threshold signatures");
        bytes32 digest = keccak256(abi.encodePacked(
            "\x19Ethereum Signed Message:\n32",
            keccak256(abi.encode(address(this), to, value, keccak256(data), nonce))
        ));
        address last = address(0);
        for (uint256 i = 0; i < threshold; i++) {
            address signer = ecrecover(digest, v[i], r[i], s[i]);
            require(signer != address(0), "invalid signature");
            require(signer > last && isOwner[signer], "signers must be ascending owners");
            last = signer;
        }
        nonce += 1;
        (bool ok, bytes memory result) = to.call{value: value}(data);
        require(ok, "call failed");
        emit Executed(nonce, to, value);
        return result;
    }
}
