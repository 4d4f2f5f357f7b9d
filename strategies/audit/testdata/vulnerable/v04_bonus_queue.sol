pragma solidity ^0.4.24;

// A bonus queue where anyone can pop the last claim. Popping by shrinking
// length underflows on an empty array, after which the array spans all of
// storage and `set` writes any slot, the owner slot included.
contract BonusQueue {
    address public owner;
    uint256[] public claims;

    constructor() public {
        owner = msg.sender;
    }

    function add(uint256 amount) public {
        claims.push(amount);
    }

    function popClaim() public {
        // <yes> <report> ARITHMETIC
        claims.length--;
    }

    function set(uint256 index, uint256 amount) public {
        require(index < claims.length);
        claims[index] = amount;
    }

    function withdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
