// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Binary fixed point with 112 fraction bits in a uint224, for price accumulators.
library UQ112x112 {
    uint224 internal constant Q112 = 2 ** 112;

    /// @dev Cannot overflow: (2^112 - 1) * 2^112 < 2^224.
    function encode(uint112 y) internal pure returns (uint224) {
        return uint224(y) * Q112;
    }

    /// @dev Divides a UQ112x112 by a uint112; y must not be zero.
    function uqdiv(uint224 x, uint112 y) internal pure returns (uint224) {
        return x / uint224(y);
    }
}
