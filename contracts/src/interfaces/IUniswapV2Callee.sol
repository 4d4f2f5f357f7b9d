// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Receiver of a flash swap: UniswapV2Pair.swap calls it when data is non-empty.
interface IUniswapV2Callee {
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
