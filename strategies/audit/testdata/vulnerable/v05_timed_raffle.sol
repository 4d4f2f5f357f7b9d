pragma solidity ^0.5.0;

// Tickets are sold until closing time; a ticket bought in the closing second wins double.
contract TimedRaffle {
    address public organiser;
    uint256 public closesAt;
    uint256 public constant PRICE = 0.01 ether;
    address payable[] public tickets;
    mapping(address => uint256) public bonusTickets;
    mapping(address => uint256) public winnings;
    uint256 public pot;

    constructor(uint256 openDays) public {
        organiser = msg.sender;
        closesAt = now + openDays * 1 days;
    }

    function buy() external payable {
        require(msg.value == PRICE, "price");
        require(now <= closesAt, "closed");
        pot += msg.value;
        tickets.push(msg.sender);
        // <yes> <report> TIME_MANIPULATION
        if (now == closesAt) {
            tickets.push(msg.sender);
        }
    }

    function claimBonus() external {
        require(now > closesAt, "still open");
        // <yes> <report> TIME_MANIPULATION
        require(block.timestamp % 10 == 3, "bonus only on lucky seconds");
        bonusTickets[msg.sender] += 1;
    }

    function draw() external {
        require(now > closesAt && tickets.length > 0, "not ready");
        // <yes> <report> BAD_RANDOMNESS
        uint256 pick = uint256(blockhash(block.number)) % tickets.length;
        winnings[tickets[pick]] += pot;
        pot = 0;
        delete tickets;
    }

    function withdraw() external {
        uint256 amount = winnings[msg.sender];
        winnings[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
