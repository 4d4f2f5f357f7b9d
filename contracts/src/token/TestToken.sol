// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20Base} from "./ERC20Base.sol";

/// @title ERC-20 with a configurable name, symbol and decimals, minted by its owner.
/// @notice For devnets and tests: the owner can create any amount out of thin air.
contract TestToken is ERC20Base {
    address public immutable owner;

    constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
        ERC20Base(name_, symbol_, decimals_)
    {
        require(owner_ != address(0), "TestToken: owner is the zero address");
        owner = owner_;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == owner, "TestToken: caller is not the owner");
        _mint(to, amount);
    }
}
