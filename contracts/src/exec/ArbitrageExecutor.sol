// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {TransferHelper} from "../amm/TransferHelper.sol";

/// @title The one Uniswap V2 Router02 function the executor calls.
interface IV2SwapRouter {
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);
}

/// @title ArbitrageExecutor: both legs of a two-DEX round trip in one transaction.
/// @notice Deployed by an agent for itself; only that agent (the immutable
/// owner) may call it. arbitrage() pulls amountIn of tokenIn from the owner,
/// swaps it for tokenOut on routerA, swaps all of that back on routerB and
/// reverts unless at least amountIn + minProfit of tokenIn came back, so
/// either the whole round trip happens or nothing does: no leg is ever left
/// open. Everything it holds at the end goes to the owner; the allowances it
/// gives the routers are exact and zero afterwards. No storage, no upgrades.
contract ArbitrageExecutor {
    /// @notice The only caller, and the only recipient.
    address public immutable owner;

    /// @param amountMid tokenOut bought on routerA and sold on routerB
    /// @param amountOut tokenIn returned by routerB, all of it paid to the owner
    event Arbitraged(
        address indexed tokenIn,
        address indexed tokenOut,
        address routerA,
        address routerB,
        uint256 amountIn,
        uint256 amountMid,
        uint256 amountOut
    );

    error NotOwner(address caller);
    error RecipientNotOwner(address to);
    error SameToken(address token);
    error Unprofitable(uint256 returned, uint256 required);
    error ApproveFailed(address token, address spender);

    constructor() {
        owner = msg.sender;
    }

    /// @notice Buys tokenOut with amountIn of tokenIn on routerA, sells all of
    /// it for tokenIn on routerB and pays everything to `to`, which must be
    /// the owner. Reverts unless routerB returns at least amountIn + minProfit.
    /// The owner must have approved this contract exactly amountIn of tokenIn.
    function arbitrage(
        address tokenIn,
        address tokenOut,
        address routerA,
        address routerB,
        uint256 amountIn,
        uint256 minProfit,
        address to,
        uint256 deadline
    ) external returns (uint256 amountOut) {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (to != owner) revert RecipientNotOwner(to);
        if (tokenIn == tokenOut) revert SameToken(tokenIn);
        uint256 required = amountIn + minProfit;

        TransferHelper.safeTransferFrom(tokenIn, msg.sender, address(this), amountIn);
        uint256 amountMid = _swap(routerA, tokenIn, tokenOut, amountIn, deadline);
        amountOut = _swap(routerB, tokenOut, tokenIn, amountMid, deadline);
        if (amountOut < required) revert Unprofitable(amountOut, required);

        _sweep(tokenIn, to);
        _sweep(tokenOut, to);
        emit Arbitraged(tokenIn, tokenOut, routerA, routerB, amountIn, amountMid, amountOut);
    }

    /// @dev Swaps amount of `from` for `into` on router, to this contract, and
    /// returns what arrived. The router's allowance is exact and ends at zero.
    function _swap(address router, address from, address into, uint256 amount, uint256 deadline)
        private
        returns (uint256 got)
    {
        uint256 before = IERC20(into).balanceOf(address(this));
        _approve(from, router, amount);
        address[] memory path = new address[](2);
        path[0] = from;
        path[1] = into;
        // No per-leg minimum: the round trip's minimum is checked on the total.
        IV2SwapRouter(router).swapExactTokensForTokens(amount, 0, path, address(this), deadline);
        if (IERC20(from).allowance(address(this), router) != 0) _approve(from, router, 0);
        got = IERC20(into).balanceOf(address(this)) - before;
    }

    /// @dev approve that accepts tokens returning nothing and reverts on failure.
    function _approve(address token, address spender, uint256 value) private {
        (bool ok, bytes memory data) = token.call(abi.encodeCall(IERC20.approve, (spender, value)));
        if (!ok || (data.length != 0 && !abi.decode(data, (bool)))) revert ApproveFailed(token, spender);
    }

    /// @dev Pays this contract's whole balance of token to `to`.
    function _sweep(address token, address to) private {
        uint256 bal = IERC20(token).balanceOf(address(this));
        if (bal != 0) TransferHelper.safeTransfer(token, to, bal);
    }
}
