pragma solidity ^0.5.17;

// An airdrop where anyone can register and the owner later credits every
// registrant in one call. The registrant list only grows, and the loop
// length is copied into a local first.
contract AirdropRegistry {
    address public owner;
    address[] public registrants;
    mapping(address => bool) public registered;
    mapping(address => uint256) public credit;

    constructor() public {
        owner = msg.sender;
    }

    function register() external {
        require(!registered[msg.sender], "registered");
        registered[msg.sender] = true;
        registrants.push(msg.sender);
    }

    function creditAll(uint256 amount) external {
        require(msg.sender == owner, "owner only");
        uint256 n = registrants.length;
        // <yes> <report> DENIAL_OF_SERVICE
        for (uint256 i = 0; i < n; i++) {
            credit[registrants[i]] += amount;
        }
    }
}
