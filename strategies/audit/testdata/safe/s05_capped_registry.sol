pragma solidity ^0.5.17;

interface IMembershipCard {
    function isValid(address member) external view returns (bool);
}

// Registration is capped, cards are only read (view) in the modifier, and
// each registrant claims their own credit after the books are updated.
contract CappedRegistry {
    address public owner;
    address[] public registrants;
    uint256 public constant MAX_REGISTRANTS = 200;
    mapping(address => bool) public registered;
    mapping(address => address) public cardOf;
    mapping(address => uint256) public credit;

    modifier validCard() {
        require(IMembershipCard(cardOf[msg.sender]).isValid(msg.sender), "invalid card");
        _;
    }

    constructor() public {
        owner = msg.sender;
    }

    function setCard(address card) external {
        cardOf[msg.sender] = card;
    }

    function register() external validCard {
        require(!registered[msg.sender], "registered");
        require(registrants.length < MAX_REGISTRANTS, "full");
        registered[msg.sender] = true;
        registrants.push(msg.sender);
    }

    function fund() external payable {
        require(msg.sender == owner, "owner only");
        uint256 share = msg.value / MAX_REGISTRANTS;
        for (uint256 i = 0; i < MAX_REGISTRANTS && i < registrants.length; i++) {
            credit[registrants[i]] += share;
        }
    }

    function withdraw() external {
        uint256 amount = credit[msg.sender];
        require(amount > 0, "nothing owed");
        credit[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
