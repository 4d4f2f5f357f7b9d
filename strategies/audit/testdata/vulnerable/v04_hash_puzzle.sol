pragma solidity ^0.4.18;

// Whoever submits the preimage of the published hash wins the prize.
contract HashPuzzle {
    address public owner;
    bytes32 public constant solutionHash = 0xb5b5b97fafd9855eec9b41f74dfb6c38f5951141f9a3ecd7f44d5479b630ee0a;

    event Solved(address by, string solution);

    function HashPuzzle() public payable {
        owner = msg.sender;
    }

    function solve(string solution) public {
        require(solutionHash == sha3(solution));
        Solved(msg.sender, solution);
        // <yes> <report> FRONT_RUNNING
        msg.sender.transfer(this.balance);
    }

    function changeOwner(address newOwner) public {
        // <yes> <report> ACCESS_CONTROL
        owner = newOwner;
    }

    function topUp() public payable {
        require(msg.sender == owner);
    }
}
