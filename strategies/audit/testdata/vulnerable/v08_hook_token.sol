// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

interface ITokensRecipient {
    function tokensReceived(address from, uint256 amount) external;
}

// A token that notifies contract recipients; every address may claim one airdrop.
contract HookToken {
    uint256 public constant AIRDROP = 100e18;
    mapping(address => uint256) public balanceOf;
    mapping(address => bool) public claimed;

    event Transfer(address indexed from, address indexed to, uint256 amount);

    function transfer(address to, uint256 amount) external returns (bool) {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        emit Transfer(msg.sender, to, amount);
        if (to.code.length > 0) {
            ITokensRecipient(to).tokensReceived(msg.sender, amount);
        }
        return true;
    }

    // The hook runs before the claim is recorded, so a contract can claim again from inside it.
    function claimAirdrop() external {
        require(!claimed[msg.sender], "already claimed");
        if (msg.sender.code.length > 0) {
            // <yes> <report> REENTRANCY
            ITokensRecipient(msg.sender).tokensReceived(address(0), AIRDROP);
        }
        balanceOf[msg.sender] += AIRDROP;
        claimed[msg.sender] = true;
        emit Transfer(address(0), msg.sender, AIRDROP);
    }
}
