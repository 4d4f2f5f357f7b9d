// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1155TokenReceiver} from "../interfaces/IERC1155TokenReceiver.sol";

/// @title Minimal ERC-1155 multi-token base for the conditional tokens.
/// @notice Balances per (id, owner), operators per owner, and the receiver
/// checks of EIP-1155: a transfer or mint to a contract must be accepted by
/// its onERC1155Received / onERC1155BatchReceived hook. Revert strings follow
/// the Gnosis conditional tokens' ERC-1155 so clients see the same errors.
abstract contract ERC1155 {
    event TransferSingle(
        address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value
    );
    event TransferBatch(
        address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values
    );
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);
    event URI(string value, uint256 indexed id);

    bytes4 private constant RECEIVED = IERC1155TokenReceiver.onERC1155Received.selector; // 0xf23a6e61
    bytes4 private constant BATCH_RECEIVED = IERC1155TokenReceiver.onERC1155BatchReceived.selector; // 0xbc197c81

    mapping(uint256 => mapping(address => uint256)) private _balances;
    mapping(address => mapping(address => bool)) private _operatorApprovals;

    /// @notice ERC-165: ERC-165 itself and ERC-1155.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0xd9b67a26;
    }

    function balanceOf(address owner, uint256 id) public view returns (uint256) {
        require(owner != address(0), "ERC1155: balance query for the zero address");
        return _balances[id][owner];
    }

    function balanceOfBatch(address[] calldata owners, uint256[] calldata ids)
        external
        view
        returns (uint256[] memory balances)
    {
        require(owners.length == ids.length, "ERC1155: owners and IDs must have same lengths");
        balances = new uint256[](owners.length);
        for (uint256 i = 0; i < owners.length; i++) {
            balances[i] = balanceOf(owners[i], ids[i]);
        }
    }

    function setApprovalForAll(address operator, bool approved) external {
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    function isApprovedForAll(address owner, address operator) public view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata data) external {
        require(to != address(0), "ERC1155: target address must be non-zero");
        require(
            from == msg.sender || isApprovedForAll(from, msg.sender),
            "ERC1155: need operator approval for 3rd party transfers."
        );
        _move(from, to, id, value);
        emit TransferSingle(msg.sender, from, to, id, value);
        _checkReceived(msg.sender, from, to, id, value, data);
    }

    function safeBatchTransferFrom(
        address from,
        address to,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external {
        require(ids.length == values.length, "ERC1155: IDs and values must have same lengths");
        require(to != address(0), "ERC1155: target address must be non-zero");
        require(
            from == msg.sender || isApprovedForAll(from, msg.sender),
            "ERC1155: need operator approval for 3rd party transfers."
        );
        for (uint256 i = 0; i < ids.length; i++) {
            _move(from, to, ids[i], values[i]);
        }
        emit TransferBatch(msg.sender, from, to, ids, values);
        _checkBatchReceived(msg.sender, from, to, ids, values, data);
    }

    function _move(address from, address to, uint256 id, uint256 value) private {
        uint256 bal = _balances[id][from];
        require(bal >= value, "ERC1155: insufficient balance for transfer");
        unchecked {
            _balances[id][from] = bal - value;
        }
        _balances[id][to] += value;
    }

    function _mint(address to, uint256 id, uint256 value, bytes memory data) internal {
        require(to != address(0), "ERC1155: mint to the zero address");
        _balances[id][to] += value;
        emit TransferSingle(msg.sender, address(0), to, id, value);
        _checkReceived(msg.sender, address(0), to, id, value, data);
    }

    function _batchMint(address to, uint256[] memory ids, uint256[] memory values, bytes memory data) internal {
        require(to != address(0), "ERC1155: batch mint to the zero address");
        require(ids.length == values.length, "ERC1155: IDs and values must have same lengths");
        for (uint256 i = 0; i < ids.length; i++) {
            _balances[ids[i]][to] += values[i];
        }
        emit TransferBatch(msg.sender, address(0), to, ids, values);
        _checkBatchReceived(msg.sender, address(0), to, ids, values, data);
    }

    function _burn(address owner, uint256 id, uint256 value) internal {
        uint256 bal = _balances[id][owner];
        require(bal >= value, "ERC1155: burn amount exceeds balance");
        unchecked {
            _balances[id][owner] = bal - value;
        }
        emit TransferSingle(msg.sender, owner, address(0), id, value);
    }

    function _batchBurn(address owner, uint256[] memory ids, uint256[] memory values) internal {
        require(ids.length == values.length, "ERC1155: IDs and values must have same lengths");
        for (uint256 i = 0; i < ids.length; i++) {
            uint256 bal = _balances[ids[i]][owner];
            require(bal >= values[i], "ERC1155: burn amount exceeds balance");
            unchecked {
                _balances[ids[i]][owner] = bal - values[i];
            }
        }
        emit TransferBatch(msg.sender, owner, address(0), ids, values);
    }

    function _checkReceived(address operator, address from, address to, uint256 id, uint256 value, bytes memory data)
        private
    {
        if (to.code.length == 0) return;
        require(
            IERC1155TokenReceiver(to).onERC1155Received(operator, from, id, value, data) == RECEIVED,
            "ERC1155: got unknown value from onERC1155Received"
        );
    }

    function _checkBatchReceived(
        address operator,
        address from,
        address to,
        uint256[] memory ids,
        uint256[] memory values,
        bytes memory data
    ) private {
        if (to.code.length == 0) return;
        require(
            IERC1155TokenReceiver(to).onERC1155BatchReceived(operator, from, ids, values, data) == BATCH_RECEIVED,
            "ERC1155: got unknown value from onERC1155BatchReceived"
        );
    }
}
