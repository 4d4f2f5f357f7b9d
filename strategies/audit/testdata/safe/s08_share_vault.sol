// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// An ether vault that issues shares. Shares are burned and accounting updated before the
// checked call that pays out, and a mutex guards both entry points.
contract ShareVault {
    error ZeroAmount();
    error InsufficientShares(uint256 held, uint256 requested);
    error Reentrancy();
    error TransferFailed();

    uint256 public totalShares;
    uint256 public totalAssets;
    mapping(address => uint256) public sharesOf;
    uint256 private locked = 1;

    event Deposited(address indexed who, uint256 assets, uint256 shares);
    event Redeemed(address indexed who, uint256 shares, uint256 assets);

    modifier nonReentrant() {
        if (locked != 1) revert Reentrancy();
        locked = 2;
        _;
        locked = 1;
    }

    function deposit() external payable nonReentrant returns (uint256 shares) {
        if (msg.value == 0) revert ZeroAmount();
        shares = totalShares == 0 ? msg.value : msg.value * totalShares / totalAssets;
        if (shares == 0) revert ZeroAmount();
        totalShares += shares;
        totalAssets += msg.value;
        sharesOf[msg.sender] += shares;
        emit Deposited(msg.sender, msg.value, shares);
    }

    function redeem(uint256 shares) external nonReentrant returns (uint256 assets) {
        uint256 held = sharesOf[msg.sender];
        if (shares == 0) revert ZeroAmount();
        if (held < shares) revert InsufficientShares(held, shares);
        assets = shares * totalAssets / totalShares;
        unchecked {
            sharesOf[msg.sender] = held - shares;
        }
        totalShares -= shares;
        totalAssets -= assets;
        emit Redeemed(msg.sender, shares, assets);
        (bool ok, ) = msg.sender.call{value: assets}("");
        if (!ok) revert TransferFailed();
    }
}
