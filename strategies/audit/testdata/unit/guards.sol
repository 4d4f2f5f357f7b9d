pragma solidity ^0.8.0;

// Guards the scanner must recognise: a role modifier from a parent, a
// check reached through super, an inline lock flag, a caller copied into
// a local, a disjunction of access checks. Only the last function is open.
abstract contract Roles {
    mapping(bytes32 => mapping(address => bool)) internal _roles;
    bytes32 public constant ADMIN = keccak256("ADMIN");

    modifier onlyRole(bytes32 role) {
        require(_roles[role][msg.sender], "missing role");
        _;
    }
}

contract FeeBase is Roles {
    address public feeTo;

    function setFeeTo(address to) public virtual onlyRole(ADMIN) {
        feeTo = to;
    }
}

contract Pool is FeeBase {
    struct Slot0 {
        uint160 price;
        bool unlocked;
    }
    Slot0 public slot0;
    address public owner;
    mapping(address => mapping(address => bool)) public operators;
    mapping(address => uint256) public shares;

    constructor() {
        owner = msg.sender;
        slot0.unlocked = true;
        _roles[ADMIN][msg.sender] = true;
    }

    // Reached through super: the parent's onlyRole still applies.
    function setFeeTo(address to) public override {
        super.setFeeTo(to);
    }

    function setOwner(address next) external {
        address sender = msg.sender;
        if (sender != owner) revert("owner only");
        owner = next;
    }

    function setOperatorOwner(address account, address next) external {
        require(msg.sender == owner || operators[owner][msg.sender], "not allowed");
        owner = next;
        shares[account] = 0;
    }

    // Uniswap v3 style: the lock flag lives in a packed slot and is checked inline.
    function flash(address recipient, uint256 amount) external {
        require(slot0.unlocked, "locked");
        slot0.unlocked = false;
        (bool ok, ) = recipient.call{value: amount}("");
        require(ok, "call failed");
        shares[recipient] -= amount;
        slot0.unlocked = true;
    }

    // expect: unprotected-setter
    function takeOwnership() external {
        owner = msg.sender;
    }

    receive() external payable {}
}

// A payout limited by a counter that is only bumped after paying: the
// stale counter lets a re-entrant call past the limit.
contract LimitedFaucet {
    uint256 public paidOut;

    function drip() external {
        require(paidOut < 5, "limit reached");
        // expect: reentrancy
        (bool ok, ) = msg.sender.call{value: 1 ether}("");
        require(ok, "failed");
        paidOut += 1;
    }

    receive() external payable {}
}

// Membership anyone can take is no privilege: a members-only withdrawal
// is still re-entrant.
contract Club {
    mapping(address => bool) public isMember;
    mapping(address => uint256) public dues;

    modifier onlyMember() {
        require(isMember[msg.sender], "members only");
        _;
    }

    function join() external payable {
        isMember[msg.sender] = true;
        dues[msg.sender] += msg.value;
    }

    function leave() external onlyMember {
        // expect: reentrancy
        (bool ok, ) = msg.sender.call{value: dues[msg.sender]}("");
        require(ok, "failed");
        dues[msg.sender] = 0;
        isMember[msg.sender] = false;
    }
}
