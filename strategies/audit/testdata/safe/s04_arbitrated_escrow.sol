pragma solidity ^0.4.24;

// A single-deal escrow. The arbiter (the deployer) decides who is paid; payment is pulled by
// the party it is due to, so neither side can block the other.
contract ArbitratedEscrow {
    address public arbiter;
    address public buyer;
    address public seller;
    uint public amount;
    bool public decided;
    mapping(address => uint) public credit;

    event Funded(uint amount);
    event Decided(address payee);

    modifier onlyArbiter() {
        require(msg.sender == arbiter);
        _;
    }

    constructor(address _buyer, address _seller) public {
        require(_buyer != address(0) && _seller != address(0));
        arbiter = msg.sender;
        buyer = _buyer;
        seller = _seller;
    }

    function fund() public payable {
        require(msg.sender == buyer && amount == 0 && msg.value > 0);
        amount = msg.value;
        emit Funded(msg.value);
    }

    function decide(bool paySeller) public onlyArbiter {
        require(!decided && amount > 0);
        decided = true;
        address payee = paySeller ? seller : buyer;
        credit[payee] = amount;
        emit Decided(payee);
    }

    function withdraw() public {
        uint due = credit[msg.sender];
        require(due > 0);
        credit[msg.sender] = 0;
        msg.sender.transfer(due);
    }
}
