// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {IERC1155TokenReceiver} from "../interfaces/IERC1155TokenReceiver.sol";

/// @dev The conditional tokens as the adapter double calls them.
interface IConditionalTokensLike {
    function getCollectionId(bytes32 parentCollectionId, bytes32 conditionId, uint256 indexSet)
        external
        view
        returns (bytes32);
    function getPositionId(address collateralToken, bytes32 collectionId) external pure returns (uint256);
    function balanceOf(address owner, uint256 id) external view returns (uint256);
    function safeBatchTransferFrom(
        address from,
        address to,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external;
    function redeemPositions(address collateralToken, bytes32 parentCollectionId, bytes32 conditionId, uint256[] calldata indexSets)
        external;
}

/// @title Test double, not for real use: Polymarket's V2 collateral adapter
/// (CtfCollateralAdapter, and NegRiskCtfCollateralAdapter, whose positions
/// are the neg-risk adapter's wrapped collateral's) as a client sees it.
/// redeemPositions keeps the conditional tokens' signature, ignores its
/// collateral and index-set arguments, takes the caller's whole balance of
/// both outcome positions of the condition in `positionCollateral` (the
/// caller must have made this contract an operator), redeems them, and pays
/// the caller as much pUSD 1:1 from the reserve the test funds it with.
contract TestCtfCollateralAdapter is IERC1155TokenReceiver {
    IConditionalTokensLike public immutable conditionalTokens;
    IERC20 public immutable positionCollateral;
    IERC20 public immutable pusd;

    constructor(IConditionalTokensLike ctf_, IERC20 positionCollateral_, IERC20 pusd_) {
        conditionalTokens = ctf_;
        positionCollateral = positionCollateral_;
        pusd = pusd_;
    }

    function redeemPositions(address, bytes32, bytes32 conditionId, uint256[] calldata) external {
        uint256[] memory ids = new uint256[](2);
        uint256[] memory amounts = new uint256[](2);
        uint256[] memory partition = new uint256[](2);
        for (uint256 i = 0; i < 2; i++) {
            partition[i] = 1 << i;
            bytes32 collection = conditionalTokens.getCollectionId(bytes32(0), conditionId, partition[i]);
            ids[i] = conditionalTokens.getPositionId(address(positionCollateral), collection);
            amounts[i] = conditionalTokens.balanceOf(msg.sender, ids[i]);
        }
        conditionalTokens.safeBatchTransferFrom(msg.sender, address(this), ids, amounts, "");
        uint256 before = positionCollateral.balanceOf(address(this));
        conditionalTokens.redeemPositions(address(positionCollateral), bytes32(0), conditionId, partition);
        uint256 paid = positionCollateral.balanceOf(address(this)) - before;
        require(pusd.transfer(msg.sender, paid), "TestCtfCollateralAdapter: reserve short");
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return this.onERC1155BatchReceived.selector;
    }
}
