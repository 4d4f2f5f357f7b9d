// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {IUniswapV2Callee} from "../interfaces/IUniswapV2Callee.sol";
import {IUniswapV2Pair} from "../interfaces/IUniswapV2Pair.sol";

/// @title Test helper that takes a flash swap and repays a chosen amount.
/// @notice Not for production: anyone can make it borrow and it repays from its own
/// balance. Tests use it to check the pair's callback, K check and lock.
contract FlashSwapProbe is IUniswapV2Callee {
    event Called(address indexed sender, uint256 amount0, uint256 amount1);

    /// @param reenter if set, the callback calls pair.sync() and so must hit the lock.
    function borrow(
        address pair,
        uint256 amount0Out,
        uint256 amount1Out,
        address repayToken,
        uint256 repayAmount,
        bool reenter
    ) external {
        IUniswapV2Pair(pair).swap(amount0Out, amount1Out, address(this), abi.encode(repayToken, repayAmount, reenter));
    }

    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external override {
        (address repayToken, uint256 repayAmount, bool reenter) = abi.decode(data, (address, uint256, bool));
        if (reenter) IUniswapV2Pair(msg.sender).sync();
        require(IERC20(repayToken).transfer(msg.sender, repayAmount), "FlashSwapProbe: repay failed");
        emit Called(sender, amount0, amount1);
    }
}
