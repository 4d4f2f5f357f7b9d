// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The part of WETH9 the router needs.
interface IWETH {
    function deposit() external payable;
    function withdraw(uint256 wad) external;
    function transfer(address to, uint256 value) external returns (bool);
}
