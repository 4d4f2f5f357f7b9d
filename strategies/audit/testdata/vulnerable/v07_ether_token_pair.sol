// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

// A constant-product pool between ether and one token.
contract EtherTokenPair {
    IERC20 public immutable token;
    uint256 public reserveEther;
    uint256 public reserveToken;

    constructor(IERC20 _token) {
        token = _token;
    }

    function sync() external {
        reserveEther = address(this).balance;
        reserveToken = token.balanceOf(address(this));
    }

    function sellTokens(uint256 amountIn) external {
        require(amountIn > 0 && reserveToken > 0, "empty");
        // The pull's result is ignored, so the pool pays out for tokens it never received.
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        // <yes> <report> REENTRANCY
        address(token).call(abi.encodeWithSelector(0x23b872dd, msg.sender, address(this), amountIn));
        // <yes> <report> ARITHMETIC
        uint256 out = reserveEther * amountIn / (reserveToken + amountIn);
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: out}("");
        require(ok, "ether transfer failed");
        reserveEther -= out;
        // <yes> <report> ARITHMETIC
        reserveToken += amountIn;
    }

    function buyTokens() external payable {
        require(msg.value > 0 && reserveEther > 0, "empty");
        uint256 out = reserveToken * msg.value / (reserveEther + msg.value);
        reserveEther += msg.value;
        reserveToken -= out;
        require(token.transfer(msg.sender, out), "token transfer failed");
    }

    receive() external payable {}
}
