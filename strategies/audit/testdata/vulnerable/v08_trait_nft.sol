// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data) external returns (bytes4);
}

// Minimal ERC-721 mint with random traits and a per-address mint limit.
contract TraitNFT {
    uint256 public constant LIMIT = 3;
    uint256 public nextId = 1;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(uint256 => uint256) public traits;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    function safeMint() external {
        require(balanceOf[msg.sender] < LIMIT, "limit reached");
        uint256 id = nextId;
        ownerOf[id] = msg.sender;
        // <yes> <report> BAD_RANDOMNESS
        traits[id] = uint256(keccak256(abi.encode(block.prevrandao, block.timestamp, id)));
        emit Transfer(address(0), msg.sender, id);
        if (msg.sender.code.length > 0) {
            // <yes> <report> REENTRANCY
            bytes4 answer = IERC721Receiver(msg.sender).onERC721Received(msg.sender, address(0), id, "");
            require(answer == IERC721Receiver.onERC721Received.selector, "unsafe recipient");
        }
        balanceOf[msg.sender] += 1;
        nextId = id + 1;
    }
}
