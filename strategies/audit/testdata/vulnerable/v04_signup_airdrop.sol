pragma solidity ^0.4.24;

// Pay a small fee to sign up; the owner later credits every sign-up with airdrop points.
// The fees have no way out of the contract.
// <yes> <report> OTHER
contract SignupAirdrop {
    address public owner;
    uint public constant FEE = 0.001 ether;
    uint public pointsEach = 100;

    address[] public members;
    mapping(address => bool) public joined;
    mapping(address => uint) public points;

    constructor() public {
        owner = msg.sender;
    }

    function signUp() public payable {
        require(msg.value == FEE && !joined[msg.sender]);
        joined[msg.sender] = true;
        members.push(msg.sender);
    }

    function creditAll() public {
        require(msg.sender == owner);
        // <yes> <report> DENIAL_OF_SERVICE
        for (uint i = 0; i < members.length; i++) {
            points[members[i]] += pointsEach;
        }
    }
}
