// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

// Splits incoming ether between payees by shares.
contract PaymentSplitter {
    address payable[] public payees;
    mapping(address => uint256) public shares;
    mapping(address => uint256) public released;
    uint256 public totalShares;
    uint256 public totalReleased;

    constructor(address payable[] memory _payees, uint256[] memory _shares) {
        require(_payees.length == _shares.length && _payees.length > 0, "bad config");
        for (uint256 i = 0; i < _payees.length; i++) {
            payees.push(_payees[i]);
            shares[_payees[i]] = _shares[i];
            totalShares += _shares[i];
        }
    }

    receive() external payable {}

    function pending(address account) public view returns (uint256) {
        uint256 totalReceived = address(this).balance + totalReleased;
        return totalReceived * shares[account] / totalShares - released[account];
    }

    function release(address payable account) public {
        uint256 payment = pending(account);
        require(payment > 0, "nothing due");
        // <yes> <report> REENTRANCY
        (bool ok, ) = account.call{value: payment}("");
        require(ok, "release failed");
        released[account] += payment;
        totalReleased += payment;
    }

    function releaseAll() external {
        for (uint256 i = 0; i < payees.length; i++) {
            address payable account = payees[i];
            uint256 payment = pending(account);
            if (payment == 0) {
                continue;
            }
            released[account] += payment;
            totalReleased += payment;
            // <yes> <report> DENIAL_OF_SERVICE
            (bool ok, ) = account.call{value: payment}("");
            require(ok, "release failed");
        }
    }
}
