// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RouterBase} from "./RouterBase.sol";
import {RouterLiquidity} from "./RouterLiquidity.sol";
import {RouterSwaps} from "./RouterSwaps.sol";

/// @title Router with Uniswap V2 Router02's external functions: liquidity (with
/// permit and fee-on-transfer variants), swaps and quotes.
/// @notice Every state-changing function takes a deadline (a unix time) and
/// reverts once the block is later. Pairs are found with factory.getPair and
/// created by addLiquidity when missing.
contract UniswapV2Router is RouterLiquidity, RouterSwaps {
    constructor(address factory_, address weth_) RouterBase(factory_, weth_) {}
}
