pragma solidity ^0.5.0;

contract Sponsored {
    address internal sponsor;
    uint256 internal prize;

    constructor() public {
        sponsor = msg.sender;
    }
}

// The sponsor posts the hash of a riddle's answer; the first correct answer takes the prize.
contract RiddleBounty is Sponsored {
    bytes32 public answerHash;
    // <yes> <report> OTHER
    uint256 internal prize;
    bool public solved;

    constructor(bytes32 _answerHash) public payable {
        answerHash = _answerHash;
        prize = msg.value;
    }

    function answer(string calldata guess) external {
        require(!solved, "already solved");
        require(keccak256(abi.encodePacked(guess)) == answerHash, "wrong answer");
        solved = true;
        // <yes> <report> FRONT_RUNNING
        msg.sender.transfer(prize);
    }

    function reclaim() external {
        require(msg.sender == sponsor && solved == false, "sponsor only, unsolved");
        solved = true;
        msg.sender.transfer(address(this).balance);
    }
}
