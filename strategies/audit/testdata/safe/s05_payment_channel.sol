pragma solidity ^0.5.0;

// A one-way payment channel. The recipient closes it with the sender's signature over the
// amount owed; the signature check rejects the zero address that ecrecover returns on bad
// input. Both parties then pull what they are owed. Expiry is days away, so timestamp drift
// cannot matter.
contract PaymentChannel {
    address payable public sender;
    address payable public recipient;
    uint256 public expiration;
    bool public closed;
    mapping(address => uint256) public owed;

    constructor(address payable _recipient, uint256 durationDays) public payable {
        require(_recipient != address(0), "zero recipient");
        require(durationDays >= 1 && durationDays <= 365, "one day to a year");
        sender = msg.sender;
        recipient = _recipient;
        expiration = now + durationDays * 1 days;
    }

    function close(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        require(msg.sender == recipient, "recipient only");
        require(!closed, "closed");
        require(amount <= address(this).balance, "more than deposited");
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encodePacked(address(this), amount))));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == sender, "bad signature");
        closed = true;
        owed[recipient] = amount;
        owed[sender] = address(this).balance - amount;
    }

    function claimTimeout() external {
        require(msg.sender == sender, "sender only");
        require(!closed && now >= expiration, "not expired");
        closed = true;
        owed[sender] = address(this).balance;
    }

    function withdraw() external {
        uint256 amount = owed[msg.sender];
        require(amount > 0, "nothing owed");
        owed[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
