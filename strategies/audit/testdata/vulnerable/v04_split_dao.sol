pragma solidity ^0.4.18;

// Members deposit ether, propose spending, and can split off with their share.
contract SplitDAO {
    struct Proposal {
        address creator;
        address recipient;
        uint amount;
        uint votes;
        bool executed;
    }

    mapping(address => uint) public balances;
    mapping(uint => mapping(address => bool)) public voted;
    Proposal[] public proposals;
    uint public executedCount;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
    }

    function newProposal(address recipient, uint amount) public returns (uint) {
        require(balances[msg.sender] > 0);
        // <yes> <report> OTHER
        Proposal p;
        p.creator = msg.sender;
        p.recipient = recipient;
        p.amount = amount;
        proposals.push(p);
        return proposals.length - 1;
    }

    function vote(uint id) public {
        var p = proposals[id];
        require(!p.executed && !voted[id][msg.sender]);
        voted[id][msg.sender] = true;
        p.votes += balances[msg.sender];
    }

    function markPassed() public {
        // <yes> <report> DENIAL_OF_SERVICE
        for (uint i = executedCount; i < proposals.length; i++) {
            if (!proposals[i].executed && proposals[i].votes * 2 > this.balance) {
                proposals[i].executed = true;
                executedCount++;
            }
        }
    }

    function splitDAO() public {
        uint share = balances[msg.sender];
        if (share == 0) throw;
        // <yes> <report> REENTRANCY
        if (!msg.sender.call.value(share)()) throw;
        balances[msg.sender] = 0;
    }
}
