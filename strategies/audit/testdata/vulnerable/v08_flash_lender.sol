// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

interface IFlashBorrower {
    function onFlashLoan(uint256 amount, uint256 fee) external payable;
}

// Ether flash loans; the pool tracks its own accounting in poolBalance.
contract FlashLender {
    uint256 public constant FEE_BPS = 9;
    uint256 public poolBalance;
    mapping(address => uint256) public shares;
    address public feeSigner;
    mapping(bytes32 => bool) public usedWaivers;

    constructor(address _feeSigner) {
        feeSigner = _feeSigner;
    }

    function deposit() external payable {
        shares[msg.sender] += msg.value;
        poolBalance += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(shares[msg.sender] >= amount, "shares");
        shares[msg.sender] -= amount;
        poolBalance -= amount;
        payable(msg.sender).transfer(amount);
    }

    function flashLoan(uint256 amount) external {
        require(amount <= poolBalance, "too much");
        uint256 fee = amount * FEE_BPS / 10000;
        uint256 before = address(this).balance;
        // <yes> <report> REENTRANCY
        IFlashBorrower(msg.sender).onFlashLoan{value: amount}(amount, fee);
        require(address(this).balance >= before + fee, "not repaid");
        poolBalance += fee;
    }

    // Fee-free loans for partners holding a waiver signed by the fee signer.
    function waivedLoan(uint256 amount, bytes32 waiverId, uint8 v, bytes32 r, bytes32 s) external {
        require(!usedWaivers[waiverId], "waiver used");
        bytes32 digest = keccak256(abi.encode(address(this), msg.sender, amount, waiverId));
        // <yes> <report> ACCESS_CONTROL
        address signer = ecrecover(digest, v, r, s);
        require(signer == feeSigner, "bad waiver");
        usedWaivers[waiverId] = true;
        uint256 before = address(this).balance;
        IFlashBorrower(msg.sender).onFlashLoan{value: amount}(amount, 0);
        require(address(this).balance >= before, "not repaid");
    }
}
