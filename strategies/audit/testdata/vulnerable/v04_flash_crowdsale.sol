pragma solidity ^0.4.21;

contract MintableToken {
    function mint(address to, uint amount) public returns (bool);
}

// Token sale with an early-bird bonus and refunds if the goal is missed.
contract FlashCrowdsale {
    address public owner;
    MintableToken public token;
    uint public rate = 1000;
    uint public startTime;
    uint public goal;
    bool public finalized;

    address[] public investors;
    mapping(address => uint) public contributions;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function FlashCrowdsale(address tokenAddress, uint _goal) public {
        owner = msg.sender;
        token = MintableToken(tokenAddress);
        goal = _goal;
        startTime = now;
    }

    function setRate(uint newRate) public onlyOwner {
        // <yes> <report> FRONT_RUNNING
        rate = newRate;
    }

    function buy() public payable {
        require(!finalized && msg.value > 0);
        uint tokens = msg.value * rate;
        // <yes> <report> TIME_MANIPULATION
        if (now <= startTime + 5 minutes) {
            tokens = tokens * 2;
        }
        if (contributions[msg.sender] == 0) {
            investors.push(msg.sender);
        }
        contributions[msg.sender] += msg.value;
        require(token.mint(msg.sender, tokens));
    }

    function finalize() public onlyOwner {
        require(!finalized);
        finalized = true;
        if (this.balance >= goal) {
            owner.transfer(this.balance);
        } else {
            for (uint i = 0; i < investors.length; i++) {
                // <yes> <report> DENIAL_OF_SERVICE
                investors[i].transfer(contributions[investors[i]]);
            }
        }
    }
}
