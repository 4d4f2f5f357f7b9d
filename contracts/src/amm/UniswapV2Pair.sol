// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {IUniswapV2Callee} from "../interfaces/IUniswapV2Callee.sol";
import {IUniswapV2Factory} from "../interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "../interfaces/IUniswapV2Pair.sol";
import {LPToken} from "./LPToken.sol";
import {Math} from "./Math.sol";
import {UQ112x112} from "./UQ112x112.sol";

/// @title Constant-product pool of two tokens with Uniswap V2's interface and math.
/// @notice The pool holds reserves of token0 and token1 (sorted by address) and is
/// itself the ERC-20 LP token (with permit). Callers move tokens in first, then call mint, burn
/// or swap; the pool measures what arrived against its recorded reserves. Every
/// swap pays 0.3% of its input, enforced by the K check.
contract UniswapV2Pair is IUniswapV2Pair, LPToken {
    using UQ112x112 for uint224;

    uint256 public constant override MINIMUM_LIQUIDITY = 10 ** 3;

    address public immutable override factory;
    address public override token0;
    address public override token1;

    // One storage slot, read together by getReserves.
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;

    uint256 public override price0CumulativeLast;
    uint256 public override price1CumulativeLast;
    uint256 public override kLast; // reserve0 * reserve1 after the last liquidity event, while the protocol fee is on

    uint256 private unlocked = 1;

    modifier lock() {
        require(unlocked == 1, "UniswapV2: LOCKED");
        unlocked = 0;
        _;
        unlocked = 1;
    }

    constructor() {
        factory = msg.sender;
    }

    /// @notice Called once by the factory right after deployment.
    function initialize(address token0_, address token1_) external override {
        require(msg.sender == factory, "UniswapV2: FORBIDDEN");
        token0 = token0_;
        token1 = token1_;
    }

    function getReserves()
        public
        view
        override
        returns (uint112 reserve0_, uint112 reserve1_, uint32 blockTimestampLast_)
    {
        reserve0_ = reserve0;
        reserve1_ = reserve1;
        blockTimestampLast_ = blockTimestampLast;
    }

    function _safeTransfer(address token, address to, uint256 value) private {
        (bool ok, bytes memory data) = token.call(abi.encodeCall(IERC20.transfer, (to, value)));
        require(ok && (data.length == 0 || abi.decode(data, (bool))), "UniswapV2: TRANSFER_FAILED");
    }

    /// @dev Records new reserves and, on the first call in a block, accumulates the
    /// time-weighted prices of the old ones.
    function _update(uint256 balance0, uint256 balance1, uint112 oldReserve0, uint112 oldReserve1) private {
        require(balance0 <= type(uint112).max && balance1 <= type(uint112).max, "UniswapV2: OVERFLOW");
        uint32 blockTimestamp = uint32(block.timestamp % 2 ** 32);
        // The uint32 timestamp delta and the accumulators wrap by design: oracles
        // only ever use differences of them.
        unchecked {
            uint32 timeElapsed = blockTimestamp - blockTimestampLast;
            if (timeElapsed > 0 && oldReserve0 != 0 && oldReserve1 != 0) {
                price0CumulativeLast += uint256(UQ112x112.encode(oldReserve1).uqdiv(oldReserve0)) * timeElapsed;
                price1CumulativeLast += uint256(UQ112x112.encode(oldReserve0).uqdiv(oldReserve1)) * timeElapsed;
            }
        }
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = blockTimestamp;
        emit Sync(reserve0, reserve1);
    }

    /// @dev With the protocol fee on, mints feeTo one sixth of the growth in
    /// sqrt(k) since the last liquidity event, as LP tokens.
    function _mintFee(uint112 r0, uint112 r1) private returns (bool feeOn) {
        address feeTo = IUniswapV2Factory(factory).feeTo();
        feeOn = feeTo != address(0);
        uint256 k = kLast;
        if (feeOn) {
            if (k != 0) {
                uint256 rootK = Math.sqrt(uint256(r0) * r1);
                uint256 rootKLast = Math.sqrt(k);
                if (rootK > rootKLast) {
                    uint256 liquidity = totalSupply * (rootK - rootKLast) / (rootK * 5 + rootKLast);
                    if (liquidity > 0) _mint(feeTo, liquidity);
                }
            }
        } else if (k != 0) {
            kLast = 0;
        }
    }

    /// @notice Mints LP tokens to `to` for the tokens sent to the pool since the last update.
    function mint(address to) external override lock returns (uint256 liquidity) {
        (uint112 r0, uint112 r1,) = getReserves();
        uint256 balance0 = IERC20(token0).balanceOf(address(this));
        uint256 balance1 = IERC20(token1).balanceOf(address(this));
        uint256 amount0 = balance0 - r0;
        uint256 amount1 = balance1 - r1;

        bool feeOn = _mintFee(r0, r1);
        uint256 supply = totalSupply; // read after _mintFee, which may mint
        if (supply == 0) {
            uint256 root = Math.sqrt(amount0 * amount1);
            require(root > MINIMUM_LIQUIDITY, "UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED");
            liquidity = root - MINIMUM_LIQUIDITY;
            // Locked forever, so the pool can never be emptied back to a zero supply.
            _mint(address(0), MINIMUM_LIQUIDITY);
        } else {
            liquidity = Math.min(amount0 * supply / r0, amount1 * supply / r1);
        }
        require(liquidity > 0, "UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED");
        _mint(to, liquidity);

        _update(balance0, balance1, r0, r1);
        if (feeOn) kLast = uint256(reserve0) * reserve1;
        emit Mint(msg.sender, amount0, amount1);
    }

    /// @notice Burns the LP tokens sent to the pool and pays their share of both tokens to `to`.
    function burn(address to) external override lock returns (uint256 amount0, uint256 amount1) {
        (uint112 r0, uint112 r1,) = getReserves();
        address t0 = token0;
        address t1 = token1;
        uint256 balance0 = IERC20(t0).balanceOf(address(this));
        uint256 balance1 = IERC20(t1).balanceOf(address(this));
        uint256 liquidity = balanceOf[address(this)];

        bool feeOn = _mintFee(r0, r1);
        uint256 supply = totalSupply;
        amount0 = liquidity * balance0 / supply; // pro rata of balances, not reserves
        amount1 = liquidity * balance1 / supply;
        require(amount0 > 0 && amount1 > 0, "UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED");
        _burn(address(this), liquidity);
        _safeTransfer(t0, to, amount0);
        _safeTransfer(t1, to, amount1);
        balance0 = IERC20(t0).balanceOf(address(this));
        balance1 = IERC20(t1).balanceOf(address(this));

        _update(balance0, balance1, r0, r1);
        if (feeOn) kLast = uint256(reserve0) * reserve1;
        emit Burn(msg.sender, amount0, amount1, to);
    }

    /// @notice Sends the requested outputs to `to`, calls it back when data is
    /// non-empty (flash swap), then requires enough input to have arrived that
    /// (balance0*1000 - in0*3) * (balance1*1000 - in1*3) >= reserve0 * reserve1 * 1000^2.
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external override lock {
        require(amount0Out > 0 || amount1Out > 0, "UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT");
        (uint112 r0, uint112 r1,) = getReserves();
        require(amount0Out < r0 && amount1Out < r1, "UniswapV2: INSUFFICIENT_LIQUIDITY");

        uint256 balance0;
        uint256 balance1;
        {
            address t0 = token0;
            address t1 = token1;
            require(to != t0 && to != t1, "UniswapV2: INVALID_TO");
            if (amount0Out > 0) _safeTransfer(t0, to, amount0Out); // optimistic transfer
            if (amount1Out > 0) _safeTransfer(t1, to, amount1Out);
            if (data.length > 0) IUniswapV2Callee(to).uniswapV2Call(msg.sender, amount0Out, amount1Out, data);
            balance0 = IERC20(t0).balanceOf(address(this));
            balance1 = IERC20(t1).balanceOf(address(this));
        }
        uint256 amount0In = balance0 > r0 - amount0Out ? balance0 - (r0 - amount0Out) : 0;
        uint256 amount1In = balance1 > r1 - amount1Out ? balance1 - (r1 - amount1Out) : 0;
        require(amount0In > 0 || amount1In > 0, "UniswapV2: INSUFFICIENT_INPUT_AMOUNT");
        {
            uint256 balance0Adjusted = balance0 * 1000 - amount0In * 3;
            uint256 balance1Adjusted = balance1 * 1000 - amount1In * 3;
            require(balance0Adjusted * balance1Adjusted >= uint256(r0) * r1 * 1000 ** 2, "UniswapV2: K");
        }

        _update(balance0, balance1, r0, r1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// @notice Sends `to` whatever the pool holds beyond its reserves.
    function skim(address to) external override lock {
        address t0 = token0;
        address t1 = token1;
        _safeTransfer(t0, to, IERC20(t0).balanceOf(address(this)) - reserve0);
        _safeTransfer(t1, to, IERC20(t1).balanceOf(address(this)) - reserve1);
    }

    /// @notice Sets the reserves to the pool's actual balances.
    function sync() external override lock {
        _update(IERC20(token0).balanceOf(address(this)), IERC20(token1).balanceOf(address(this)), reserve0, reserve1);
    }
}
