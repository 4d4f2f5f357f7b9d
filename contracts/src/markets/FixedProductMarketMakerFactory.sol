// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {ConditionalTokens} from "./ConditionalTokens.sol";
import {FixedProductMarketMaker} from "./FixedProductMarketMaker.sol";

/// @title Creates fixed-product market makers and announces each one.
/// @notice Same function and event as the Gnosis factory, so indexers that
/// follow FixedProductMarketMakerCreation find our markets. Each market is a
/// full contract (no clones): simpler to read and to scan.
contract FixedProductMarketMakerFactory {
    event FixedProductMarketMakerCreation(
        address indexed creator,
        FixedProductMarketMaker fixedProductMarketMaker,
        ConditionalTokens indexed conditionalTokens,
        IERC20 indexed collateralToken,
        bytes32[] conditionIds,
        uint256 fee
    );

    function createFixedProductMarketMaker(
        ConditionalTokens conditionalTokens,
        IERC20 collateralToken,
        bytes32[] calldata conditionIds,
        uint256 fee
    ) external returns (FixedProductMarketMaker) {
        FixedProductMarketMaker fpmm = new FixedProductMarketMaker(conditionalTokens, collateralToken, conditionIds, fee);
        emit FixedProductMarketMakerCreation(msg.sender, fpmm, conditionalTokens, collateralToken, conditionIds, fee);
        return fpmm;
    }
}
