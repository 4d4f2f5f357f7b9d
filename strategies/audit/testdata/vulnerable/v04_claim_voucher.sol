pragma solidity ^0.4.24;

// Vouchers signed off-chain by the operator can be redeemed for ether.
contract VoucherDesk {
    address public operator;
    mapping(address => uint) public nonces;

    constructor(address _operator) public payable {
        operator = _operator;
    }

    function redeem(uint amount, uint8 v, bytes32 r, bytes32 s) public {
        bytes32 digest = keccak256(abi.encodePacked(address(this), msg.sender, amount, nonces[msg.sender]));
        // <yes> <report> ACCESS_CONTROL
        address signer = ecrecover(digest, v, r, s);
        require(signer == operator);
        nonces[msg.sender]++;
        payOut(msg.sender, amount);
    }

    // <yes> <report> ACCESS_CONTROL
    function payOut(address to, uint amount) {
        to.transfer(amount);
    }

    function() public payable {}
}
