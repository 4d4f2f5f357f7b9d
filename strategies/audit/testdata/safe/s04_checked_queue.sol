pragma solidity ^0.4.24;

// A claim queue that shrinks only when it holds something, and pays
// refunds after clearing them.
contract CheckedQueue {
    address public owner;
    uint256[] public claims;
    mapping(address => uint256) public refunds;

    constructor() public {
        owner = msg.sender;
    }

    function add(uint256 amount) public {
        require(claims.length < 100);
        claims.push(amount);
    }

    function popClaim() public {
        require(claims.length > 0);
        claims.length--;
    }

    function owe(address who) public payable {
        require(msg.sender == owner);
        refunds[who] += msg.value;
    }

    function claimRefund() public {
        uint256 amount = refunds[msg.sender];
        require(amount > 0);
        refunds[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
