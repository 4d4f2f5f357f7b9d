// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";

/// @title Test double, not for real use: Polymarket's CollateralOnramp as
/// a client sees it. wrap takes _amount of the asset from the caller (it
/// must have approved this contract) and pays _to as much pUSD from the
/// reserve the test funds it with, 1:1.
contract TestCollateralOnramp {
    IERC20 public immutable asset;
    IERC20 public immutable pusd;

    constructor(IERC20 asset_, IERC20 pusd_) {
        asset = asset_;
        pusd = pusd_;
    }

    function wrap(address _asset, address _to, uint256 _amount) external {
        require(_asset == address(asset), "TestCollateralOnramp: unknown asset");
        require(asset.transferFrom(msg.sender, address(this), _amount), "TestCollateralOnramp: transferFrom failed");
        require(pusd.transfer(_to, _amount), "TestCollateralOnramp: reserve short");
    }
}
