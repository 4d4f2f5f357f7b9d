pragma solidity ^0.5.0;

// Flight-delay style cover: buy cover for a number of months, claim up to the covered amount.
contract InsurancePool {
    struct Policy {
        uint256 coverage;
        uint256 claimed;
        bool active;
    }

    address public underwriter;
    uint256 public constant PREMIUM_PER_MILLE = 5;
    mapping(address => Policy) public policies;
    mapping(address => bool) public approvedClaim;

    constructor() public payable {
        underwriter = msg.sender;
    }

    function buyPolicy(uint256 coverage, uint256 months) external payable {
        require(!policies[msg.sender].active, "already covered");
        require(months > 0 && months <= 12, "one to twelve months");
        // <yes> <report> ARITHMETIC
        require(msg.value == coverage * months * PREMIUM_PER_MILLE / 1000, "wrong premium");
        policies[msg.sender] = Policy(coverage, 0, true);
    }

    function approve(address holder) external {
        require(msg.sender == underwriter, "underwriter only");
        approvedClaim[holder] = true;
    }

    function claim(uint256 amount) external {
        Policy storage p = policies[msg.sender];
        require(p.active && approvedClaim[msg.sender], "no approved claim");
        // <yes> <report> ARITHMETIC
        require(p.claimed + amount <= p.coverage, "over coverage");
        p.claimed += amount;
        msg.sender.transfer(amount);
    }
}
