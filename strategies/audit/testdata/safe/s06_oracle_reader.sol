// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IPriceFeed {
    function latestAnswer() external view returns (int256);
}

// Reads a price from a primary feed and falls back to a secondary one with try/catch.
// Feeds are fixed at deployment; reads are views, so no state changes follow the calls.
contract OracleReader {
    IPriceFeed public immutable primary;
    IPriceFeed public immutable secondary;

    constructor(IPriceFeed _primary, IPriceFeed _secondary) public {
        require(address(_primary) != address(0) && address(_secondary) != address(0), "zero feed");
        primary = _primary;
        secondary = _secondary;
    }

    function price() external view returns (uint256 value, bool fromPrimary) {
        try primary.latestAnswer() returns (int256 answer) {
            if (answer > 0) {
                return (uint256(answer), true);
            }
        } catch {
        }
        int256 fallbackAnswer = secondary.latestAnswer();
        require(fallbackAnswer > 0, "no valid price");
        return (uint256(fallbackAnswer), false);
    }
}
