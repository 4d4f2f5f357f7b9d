// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ERC-1155 receiver hooks (EIP-1155).
/// @notice A contract that accepts ERC-1155 tokens returns the function's own
/// selector; anything else makes the transfer revert.
interface IERC1155TokenReceiver {
    function onERC1155Received(address operator, address from, uint256 id, uint256 value, bytes calldata data)
        external
        returns (bytes4);

    function onERC1155BatchReceived(
        address operator,
        address from,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external returns (bytes4);
}
