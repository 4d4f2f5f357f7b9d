// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title DecisionAnchor: Merkle roots of agents' decision logs, as events.
/// @notice An agent calls anchor() from its own wallet with the Merkle root
/// of its log records firstSeq..lastSeq; the event is the whole record. The
/// contract keeps no storage, so an anchor costs the transaction, its
/// calldata and one log, whatever the number of records it covers.
/// @dev Trees follow OpenZeppelin's MerkleProof: leaves are the record hashes
/// as they are, a parent is keccak256 of its two children sorted as
/// uint256, smaller first. verify() gives the same answer as
/// MerkleProof.verify(proof, root, leaf).
contract DecisionAnchor {
    /// @param agent the wallet that sent the anchor: whose log this is
    /// @param root Merkle root of the record hashes firstSeq..lastSeq, in seq order
    event Anchored(address indexed agent, bytes32 indexed root, uint64 firstSeq, uint64 lastSeq, uint32 count);

    /// @notice Publishes root as the Merkle root of msg.sender's records
    /// firstSeq..lastSeq (count of them). A range that does not add up is
    /// refused so that no event claims an impossible batch.
    function anchor(bytes32 root, uint64 firstSeq, uint64 lastSeq, uint32 count) external {
        require(firstSeq != 0 && lastSeq >= firstSeq, "DecisionAnchor: empty range");
        require(uint256(lastSeq) - firstSeq + 1 == count, "DecisionAnchor: count does not match range");
        emit Anchored(msg.sender, root, firstSeq, lastSeq, count);
    }

    /// @notice Whether proof (sibling hashes, leaf to root) links leaf to root.
    function verify(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        bytes32 h = leaf;
        for (uint256 i = 0; i < proof.length; ++i) {
            h = _hashPair(h, proof[i]);
        }
        return h == root;
    }

    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32 out) {
        (bytes32 lo, bytes32 hi) = a < b ? (a, b) : (b, a);
        assembly ("memory-safe") {
            mstore(0x00, lo)
            mstore(0x20, hi)
            out := keccak256(0x00, 0x40)
        }
    }
}
