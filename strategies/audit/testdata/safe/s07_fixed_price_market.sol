// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC721 {
    function transferFrom(address from, address to, uint256 tokenId) external;
    function ownerOf(uint256 tokenId) external view returns (address);
}

// An NFT marketplace with fixed-price listings. The buyer names the price they expect, so a
// seller who changes a listing cannot make a pending purchase pay more. Listings are closed
// before the NFT moves, and sale proceeds are pulled by sellers.
contract FixedPriceMarket {
    struct Listing {
        address seller;
        uint256 price;
    }

    IERC721 public immutable collection;
    mapping(uint256 => Listing) public listings;
    mapping(address => uint256) public proceeds;

    bool private entered;

    modifier nonReentrant() {
        require(!entered, "reentrant call");
        entered = true;
        _;
        entered = false;
    }

    event Listed(uint256 indexed tokenId, address seller, uint256 price);
    event Sold(uint256 indexed tokenId, address buyer, uint256 price);

    constructor(IERC721 _collection) {
        collection = _collection;
    }

    function list(uint256 tokenId, uint256 price) external {
        require(collection.ownerOf(tokenId) == msg.sender, "not the owner");
        require(price > 0, "zero price");
        listings[tokenId] = Listing(msg.sender, price);
        emit Listed(tokenId, msg.sender, price);
    }

    function buy(uint256 tokenId, uint256 expectedPrice) external payable nonReentrant {
        Listing memory l = listings[tokenId];
        require(l.seller != address(0), "not listed");
        require(l.price == expectedPrice && msg.value == expectedPrice, "price changed or wrong payment");
        delete listings[tokenId];
        proceeds[l.seller] += msg.value;
        emit Sold(tokenId, msg.sender, msg.value);
        collection.transferFrom(l.seller, msg.sender, tokenId);
    }

    function withdrawProceeds() external nonReentrant {
        uint256 amount = proceeds[msg.sender];
        require(amount > 0, "no proceeds");
        proceeds[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "withdraw failed");
    }
}
