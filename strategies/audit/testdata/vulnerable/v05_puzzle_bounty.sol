pragma solidity ^0.5.17;

// A puzzle bounty the sponsor can top up or replace at any time. A solver's
// claim can be overtaken by the sponsor replacing the bounty with a smaller
// one: the solver cannot say which bounty they expect.
contract PuzzleBounty {
    address payable public sponsor;
    uint256 public bounty;
    bytes32 public puzzle;
    bool public solved;

    constructor(bytes32 _puzzle) public payable {
        sponsor = msg.sender;
        puzzle = _puzzle;
        bounty = msg.value;
    }

    function replaceBounty() external payable {
        require(msg.sender == sponsor, "sponsor only");
        require(!solved, "solved");
        sponsor.transfer(bounty);
        // <yes> <report> FRONT_RUNNING
        bounty = msg.value;
    }

    function claim(uint256 solution) external {
        require(!solved, "solved");
        require(solution < 1000000, "out of range");
        require(uint256(puzzle) % solution == 0 && solution > 1, "wrong");
        solved = true;
        msg.sender.transfer(bounty);
    }
}
