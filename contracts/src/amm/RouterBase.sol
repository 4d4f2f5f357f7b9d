// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {IUniswapV2Pair} from "../interfaces/IUniswapV2Pair.sol";
import {IWETH} from "../interfaces/IWETH.sol";
import {TransferHelper} from "./TransferHelper.sol";
import {UniswapV2Library} from "./UniswapV2Library.sol";

/// @title What the router's liquidity and swap halves share: its factory and
/// WETH, the deadline check, the hop loops and the quote functions.
abstract contract RouterBase {
    address public immutable factory;
    address public immutable WETH;

    modifier ensure(uint256 deadline) {
        require(deadline >= block.timestamp, "UniswapV2Router: EXPIRED");
        _;
    }

    constructor(address factory_, address weth_) {
        factory = factory_;
        WETH = weth_;
    }

    /// @dev ETH arrives only when WETH is unwrapped on a user's behalf.
    receive() external payable {
        require(msg.sender == WETH, "UniswapV2Router: ETH_ONLY_FROM_WETH");
    }

    /// @dev Runs the hops of path with precomputed amounts; amounts[0] must
    /// already be in the first pair.
    function _swap(uint256[] memory amounts, address[] memory path, address to) internal {
        for (uint256 i; i < path.length - 1; i++) {
            (address input, address output) = (path[i], path[i + 1]);
            (address token0,) = UniswapV2Library.sortTokens(input, output);
            uint256 amountOut = amounts[i + 1];
            (uint256 amount0Out, uint256 amount1Out) =
                input == token0 ? (uint256(0), amountOut) : (amountOut, uint256(0));
            address hopTo = i < path.length - 2 ? UniswapV2Library.pairFor(factory, output, path[i + 2]) : to;
            IUniswapV2Pair(UniswapV2Library.pairFor(factory, input, output)).swap(
                amount0Out, amount1Out, hopTo, new bytes(0)
            );
        }
    }

    /// @dev Runs the hops of path measuring each hop's input from the pair's
    /// balance, for tokens that take a fee on transfer.
    function _swapSupportingFeeOnTransferTokens(address[] memory path, address to) internal {
        for (uint256 i; i < path.length - 1; i++) {
            (address input, address output) = (path[i], path[i + 1]);
            (address token0,) = UniswapV2Library.sortTokens(input, output);
            IUniswapV2Pair pair = IUniswapV2Pair(UniswapV2Library.pairFor(factory, input, output));
            uint256 amountOutput;
            {
                (uint256 reserve0, uint256 reserve1,) = pair.getReserves();
                (uint256 reserveIn, uint256 reserveOut) = input == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
                uint256 amountInput = IERC20(input).balanceOf(address(pair)) - reserveIn;
                amountOutput = UniswapV2Library.getAmountOut(amountInput, reserveIn, reserveOut);
            }
            (uint256 amount0Out, uint256 amount1Out) =
                input == token0 ? (uint256(0), amountOutput) : (amountOutput, uint256(0));
            address hopTo = i < path.length - 2 ? UniswapV2Library.pairFor(factory, output, path[i + 2]) : to;
            pair.swap(amount0Out, amount1Out, hopTo, new bytes(0));
        }
    }

    function _wrapInto(address pair, uint256 amount) internal {
        IWETH(WETH).deposit{value: amount}();
        assert(IWETH(WETH).transfer(pair, amount));
    }

    function _unwrapTo(address to, uint256 amount) internal {
        IWETH(WETH).withdraw(amount);
        TransferHelper.safeTransferETH(to, amount);
    }

    // ---- quotes ----

    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256 amountB) {
        return UniswapV2Library.quote(amountA, reserveA, reserveB);
    }

    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut)
        external
        pure
        returns (uint256 amountOut)
    {
        return UniswapV2Library.getAmountOut(amountIn, reserveIn, reserveOut);
    }

    function getAmountIn(uint256 amountOut, uint256 reserveIn, uint256 reserveOut)
        external
        pure
        returns (uint256 amountIn)
    {
        return UniswapV2Library.getAmountIn(amountOut, reserveIn, reserveOut);
    }

    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts) {
        return UniswapV2Library.getAmountsOut(factory, amountIn, path);
    }

    function getAmountsIn(uint256 amountOut, address[] calldata path) external view returns (uint256[] memory amounts) {
        return UniswapV2Library.getAmountsIn(factory, amountOut, path);
    }
}
