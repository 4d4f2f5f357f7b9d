// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20Base} from "../token/ERC20Base.sol";

/// @title Test helper: an 18-decimal token that burns 1% of every transfer.
/// @notice Exercises the router's *SupportingFeeOnTransferTokens functions.
contract FeeOnTransferToken is ERC20Base {
    uint256 public constant FEE_BPS = 100;
    address public immutable owner;

    constructor(address owner_) ERC20Base("Fee On Transfer", "FOT", 18) {
        owner = owner_;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == owner, "FeeOnTransferToken: caller is not the owner");
        _mint(to, amount);
    }

    function _transfer(address from, address to, uint256 value) internal override {
        uint256 fee = value * FEE_BPS / 10_000;
        super._transfer(from, to, value - fee);
        if (fee > 0) _burn(from, fee);
    }
}
