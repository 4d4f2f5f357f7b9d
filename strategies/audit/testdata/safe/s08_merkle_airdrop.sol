// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

// Claims against a Merkle root of (index, account, amount). A bitmap records claims before
// the token moves; the claim window is months long and only the owner may sweep leftovers
// after it closes.
contract MerkleAirdrop {
    error AlreadyClaimed();
    error InvalidProof();
    error ClaimWindowClosed();
    error ClaimWindowOpen();
    error NotOwner();

    IERC20 public immutable token;
    bytes32 public immutable merkleRoot;
    uint256 public immutable deadline;
    address public immutable owner;
    mapping(uint256 => uint256) private claimedBitMap;

    event Claimed(uint256 index, address account, uint256 amount);

    constructor(IERC20 _token, bytes32 _merkleRoot, uint256 windowDays) {
        require(windowDays >= 30 && windowDays <= 365, "thirty days to a year");
        token = _token;
        merkleRoot = _merkleRoot;
        deadline = block.timestamp + windowDays * 1 days;
        owner = msg.sender;
    }

    function isClaimed(uint256 index) public view returns (bool) {
        uint256 word = claimedBitMap[index / 256];
        uint256 mask = 1 << (index % 256);
        return word & mask == mask;
    }

    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external {
        if (block.timestamp > deadline) revert ClaimWindowClosed();
        if (isClaimed(index)) revert AlreadyClaimed();
        bytes32 node = keccak256(abi.encodePacked(index, account, amount));
        if (!verify(proof, node)) revert InvalidProof();
        claimedBitMap[index / 256] |= 1 << (index % 256);
        emit Claimed(index, account, amount);
        require(token.transfer(account, amount), "transfer failed");
    }

    function sweep(uint256 amount) external {
        if (msg.sender != owner) revert NotOwner();
        if (block.timestamp <= deadline) revert ClaimWindowOpen();
        require(token.transfer(owner, amount), "transfer failed");
    }

    function verify(bytes32[] calldata proof, bytes32 leaf) internal view returns (bool) {
        bytes32 hash = leaf;
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 sibling = proof[i];
            hash = hash <= sibling
                ? keccak256(abi.encodePacked(hash, sibling))
                : keccak256(abi.encodePacked(sibling, hash));
        }
        return hash == merkleRoot;
    }
}
