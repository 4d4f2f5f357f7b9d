// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data) external returns (bytes4);
}

// A capped collectible drop: five per wallet, rarity rolled at mint.
// The mint proceeds have no way out.
// <yes> <report> OTHER
contract CollectibleDrop {
    uint256 public constant MAX_PER_WALLET = 5;
    uint256 public constant PRICE = 0.02 ether;
    uint256 public totalMinted;

    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => uint8) public rarity;
    mapping(address => uint256) public mintedBy;

    event Minted(address indexed to, uint256 indexed tokenId, uint8 rarity);

    function mint() external payable {
        require(msg.value == PRICE, "price");
        require(mintedBy[msg.sender] < MAX_PER_WALLET, "wallet limit");
        uint256 tokenId = totalMinted + 1;
        ownerOf[tokenId] = msg.sender;
        // <yes> <report> BAD_RANDOMNESS
        rarity[tokenId] = uint8(uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty, tokenId))) % 100);
        if (isContract(msg.sender)) {
            // <yes> <report> REENTRANCY
            require(IERC721Receiver(msg.sender).onERC721Received(msg.sender, address(0), tokenId, "") == bytes4(0x150b7a02), "receiver rejected");
        }
        totalMinted = tokenId;
        mintedBy[msg.sender] += 1;
        emit Minted(msg.sender, tokenId, rarity[tokenId]);
    }

    function isContract(address account) internal view returns (bool) {
        uint256 size;
        assembly { size := extcodesize(account) }
        return size > 0;
    }
}
