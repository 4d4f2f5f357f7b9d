// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";

/// @title Condition, collection and position IDs of the conditional tokens.
/// @notice The published Gnosis Conditional Tokens formulas, so IDs agree with
/// every real deployment (Omen, Presagio, Polymarket):
///
///   conditionId  = keccak256(oracle ‖ questionId ‖ uint256 outcomeSlotCount)
///   collectionId = a point of alt_bn128 (y² = x³ + 3 over F_P) compressed to
///                  32 bytes: x, with bit 254 set when y is odd.
///   positionId   = uint256(keccak256(collateralToken ‖ collectionId))
///
/// The point of (conditionId, indexSet): h = keccak256(conditionId ‖ indexSet);
/// starting from x = h, step x = x + 1 (mod P) until x³ + 3 is a square; y is
/// its square root whose parity matches h's top bit (odd when bit 255 is set).
/// A non-zero parent collection is decompressed the same way (x = its low 254
/// bits, parity from bit 254) and added to the point with the ecAdd
/// precompile, so nested collections do not depend on the order of conditions.
library CTHelpers {
    /// The alt_bn128 base field modulus; P % 4 == 3, so sqrt(a) = a^((P+1)/4).
    uint256 internal constant P = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 internal constant B = 3;

    function getConditionId(address oracle, bytes32 questionId, uint256 outcomeSlotCount)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(oracle, questionId, outcomeSlotCount));
    }

    function getCollectionId(bytes32 parentCollectionId, bytes32 conditionId, uint256 indexSet)
        internal
        view
        returns (bytes32)
    {
        uint256 x1 = uint256(keccak256(abi.encodePacked(conditionId, indexSet)));
        bool odd = x1 >> 255 != 0;
        uint256 y1;
        uint256 yy;
        do {
            x1 = addmod(x1, 1, P);
            yy = addmod(mulmod(x1, mulmod(x1, x1, P), P), B, P);
            y1 = sqrt(yy);
        } while (mulmod(y1, y1, P) != yy);
        if ((odd && y1 % 2 == 0) || (!odd && y1 % 2 == 1)) {
            y1 = P - y1;
        }

        uint256 x2 = uint256(parentCollectionId);
        if (x2 != 0) {
            odd = x2 >> 254 != 0;
            x2 = (x2 << 2) >> 2;
            yy = addmod(mulmod(x2, mulmod(x2, x2, P), P), B, P);
            uint256 y2 = sqrt(yy);
            if ((odd && y2 % 2 == 0) || (!odd && y2 % 2 == 1)) {
                y2 = P - y2;
            }
            require(mulmod(y2, y2, P) == yy, "invalid parent collection ID");
            (bool ok, bytes memory ret) = address(6).staticcall(abi.encode(x1, y1, x2, y2));
            require(ok && ret.length == 64, "ecadd failed");
            (x1, y1) = abi.decode(ret, (uint256, uint256));
        }

        if (y1 % 2 == 1) {
            x1 ^= 1 << 254;
        }
        return bytes32(x1);
    }

    function getPositionId(IERC20 collateralToken, bytes32 collectionId) internal pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(collateralToken, collectionId)));
    }

    /// @dev a^((P+1)/4) mod P with the modexp precompile; the caller checks
    /// that the result squares back to a (a may not be a square).
    function sqrt(uint256 a) private view returns (uint256) {
        (bool ok, bytes memory ret) =
            address(5).staticcall(abi.encode(uint256(32), uint256(32), uint256(32), a, (P + 1) / 4, P));
        require(ok && ret.length == 32, "modexp failed");
        return abi.decode(ret, (uint256));
    }
}
