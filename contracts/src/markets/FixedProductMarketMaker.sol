// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "../interfaces/IERC20.sol";
import {IERC1155TokenReceiver} from "../interfaces/IERC1155TokenReceiver.sol";
import {CTHelpers} from "./CTHelpers.sol";
import {ConditionalTokens} from "./ConditionalTokens.sol";
import {PoolShares} from "./PoolShares.sol";

/// @title Fixed-product market maker over conditional tokens.
/// @notice The interface, events and integer math (rounding included) of the
/// Gnosis FixedProductMarketMaker that Omen and Presagio use. The pool holds
/// one balance per atomic outcome position and keeps their product constant
/// on trades: a buy splits the investment (less the fee) into every outcome
/// and returns enough of the bought outcome to restore the product; a sell
/// takes outcome tokens and merges full sets back into collateral. Liquidity
/// providers hold pool shares (ERC-20) and earn the fee, paid out on every
/// share transfer, mint and burn.
contract FixedProductMarketMaker is PoolShares, IERC1155TokenReceiver {
    event FPMMFundingAdded(address indexed funder, uint256[] amountsAdded, uint256 sharesMinted);
    event FPMMFundingRemoved(
        address indexed funder, uint256[] amountsRemoved, uint256 collateralRemovedFromFeePool, uint256 sharesBurnt
    );
    event FPMMBuy(
        address indexed buyer,
        uint256 investmentAmount,
        uint256 feeAmount,
        uint256 indexed outcomeIndex,
        uint256 outcomeTokensBought
    );
    event FPMMSell(
        address indexed seller,
        uint256 returnAmount,
        uint256 feeAmount,
        uint256 indexed outcomeIndex,
        uint256 outcomeTokensSold
    );

    uint256 internal constant ONE = 10 ** 18;

    ConditionalTokens public immutable conditionalTokens;
    IERC20 public immutable collateralToken;
    bytes32[] public conditionIds;
    /// Fee as a fraction of ONE (1e18 = 100%), taken from investments and
    /// added on top of returns.
    uint256 public immutable fee;
    uint256 internal feePoolWeight;

    uint256[] internal outcomeSlotCounts;
    bytes32[][] internal collectionIds;
    uint256[] internal positionIds;
    mapping(address => uint256) internal withdrawnFees;
    uint256 internal totalWithdrawnFees;

    constructor(ConditionalTokens conditionalTokens_, IERC20 collateralToken_, bytes32[] memory conditionIds_, uint256 fee_) {
        require(fee_ < ONE, "fee must be below 100%");
        conditionalTokens = conditionalTokens_;
        collateralToken = collateralToken_;
        conditionIds = conditionIds_;
        fee = fee_;

        uint256 atomicOutcomeSlotCount = 1;
        outcomeSlotCounts = new uint256[](conditionIds_.length);
        for (uint256 i = 0; i < conditionIds_.length; i++) {
            uint256 outcomeSlotCount = conditionalTokens_.getOutcomeSlotCount(conditionIds_[i]);
            atomicOutcomeSlotCount *= outcomeSlotCount;
            outcomeSlotCounts[i] = outcomeSlotCount;
        }
        require(atomicOutcomeSlotCount > 1, "conditions must be valid");

        collectionIds = new bytes32[][](conditionIds_.length);
        _recordCollectionIDsForAllConditions(collateralToken_, conditionIds_.length, bytes32(0));
        require(positionIds.length == atomicOutcomeSlotCount, "position IDs construction failed!?");
    }

    /// Position IDs in outcome-index order: the last condition varies
    /// slowest, each condition's slots in index-set order 1, 2, 4, ...
    function _recordCollectionIDsForAllConditions(IERC20 collateral, uint256 conditionsLeft, bytes32 parentCollectionId)
        private
    {
        if (conditionsLeft == 0) {
            positionIds.push(CTHelpers.getPositionId(collateral, parentCollectionId));
            return;
        }
        conditionsLeft--;
        uint256 outcomeSlotCount = outcomeSlotCounts[conditionsLeft];
        collectionIds[conditionsLeft].push(parentCollectionId);
        for (uint256 i = 0; i < outcomeSlotCount; i++) {
            _recordCollectionIDsForAllConditions(
                collateral,
                conditionsLeft,
                CTHelpers.getCollectionId(parentCollectionId, conditionIds[conditionsLeft], 1 << i)
            );
        }
    }

    function getPoolBalances() private view returns (uint256[] memory) {
        address[] memory thises = new address[](positionIds.length);
        for (uint256 i = 0; i < positionIds.length; i++) {
            thises[i] = address(this);
        }
        return conditionalTokens.balanceOfBatch(thises, positionIds);
    }

    function generateBasicPartition(uint256 outcomeSlotCount) private pure returns (uint256[] memory partition) {
        partition = new uint256[](outcomeSlotCount);
        for (uint256 i = 0; i < outcomeSlotCount; i++) {
            partition[i] = 1 << i;
        }
    }

    function splitPositionThroughAllConditions(uint256 amount) private {
        for (uint256 i = conditionIds.length; i > 0; i--) {
            uint256[] memory partition = generateBasicPartition(outcomeSlotCounts[i - 1]);
            for (uint256 j = 0; j < collectionIds[i - 1].length; j++) {
                conditionalTokens.splitPosition(collateralToken, collectionIds[i - 1][j], conditionIds[i - 1], partition, amount);
            }
        }
    }

    function mergePositionsThroughAllConditions(uint256 amount) private {
        for (uint256 i = 0; i < conditionIds.length; i++) {
            uint256[] memory partition = generateBasicPartition(outcomeSlotCounts[i]);
            for (uint256 j = 0; j < collectionIds[i].length; j++) {
                conditionalTokens.mergePositions(collateralToken, collectionIds[i][j], conditionIds[i], partition, amount);
            }
        }
    }

    function collectedFees() external view returns (uint256) {
        return feePoolWeight - totalWithdrawnFees;
    }

    function feesWithdrawableBy(address account) public view returns (uint256) {
        uint256 rawAmount = feePoolWeight * balanceOf(account) / totalSupply();
        return rawAmount - withdrawnFees[account];
    }

    function withdrawFees(address account) public {
        uint256 rawAmount = feePoolWeight * balanceOf(account) / totalSupply();
        uint256 withdrawableAmount = rawAmount - withdrawnFees[account];
        if (withdrawableAmount > 0) {
            withdrawnFees[account] = rawAmount;
            totalWithdrawnFees += withdrawableAmount;
            require(collateralToken.transfer(account, withdrawableAmount), "withdrawal transfer failed");
        }
    }

    /// Moves the fee-pool accounting with the shares: what a holder has
    /// already withdrawn follows the shares pro rata, and minting adds pool
    /// weight so new shares are not entitled to fees earned before them.
    function _beforeTokenTransfer(address from, address to, uint256 amount) internal override {
        if (from != address(0)) {
            withdrawFees(from);
        }
        uint256 supply = totalSupply();
        uint256 withdrawnFeesTransfer = supply == 0 ? amount : feePoolWeight * amount / supply;
        if (from != address(0)) {
            withdrawnFees[from] -= withdrawnFeesTransfer;
            totalWithdrawnFees -= withdrawnFeesTransfer;
        } else {
            feePoolWeight += withdrawnFeesTransfer;
        }
        if (to != address(0)) {
            withdrawnFees[to] += withdrawnFeesTransfer;
            totalWithdrawnFees += withdrawnFeesTransfer;
        } else {
            feePoolWeight -= withdrawnFeesTransfer;
        }
    }

    /// @notice Adds collateral as liquidity. The first funding may give a
    /// distribution hint (relative pool balances, which set the initial
    /// prices); later funding keeps the pool's proportions and sends the
    /// surplus outcome tokens back to the funder.
    function addFunding(uint256 addedFunds, uint256[] calldata distributionHint) external {
        require(addedFunds > 0, "funding must be non-zero");

        uint256[] memory sendBackAmounts = new uint256[](positionIds.length);
        uint256 poolShareSupply = totalSupply();
        uint256 mintAmount;
        if (poolShareSupply > 0) {
            require(distributionHint.length == 0, "cannot use distribution hint after initial funding");
            uint256[] memory poolBalances = getPoolBalances();
            uint256 poolWeight = 0;
            for (uint256 i = 0; i < poolBalances.length; i++) {
                if (poolWeight < poolBalances[i]) poolWeight = poolBalances[i];
            }
            for (uint256 i = 0; i < poolBalances.length; i++) {
                uint256 remaining = addedFunds * poolBalances[i] / poolWeight;
                sendBackAmounts[i] = addedFunds - remaining;
            }
            mintAmount = addedFunds * poolShareSupply / poolWeight;
        } else {
            if (distributionHint.length > 0) {
                require(distributionHint.length == positionIds.length, "hint length off");
                uint256 maxHint = 0;
                for (uint256 i = 0; i < distributionHint.length; i++) {
                    if (maxHint < distributionHint[i]) maxHint = distributionHint[i];
                }
                for (uint256 i = 0; i < distributionHint.length; i++) {
                    uint256 remaining = addedFunds * distributionHint[i] / maxHint;
                    require(remaining > 0, "must hint a valid distribution");
                    sendBackAmounts[i] = addedFunds - remaining;
                }
            }
            mintAmount = addedFunds;
        }

        require(collateralToken.transferFrom(msg.sender, address(this), addedFunds), "funding transfer failed");
        require(collateralToken.approve(address(conditionalTokens), addedFunds), "approval for splits failed");
        splitPositionThroughAllConditions(addedFunds);

        _mint(msg.sender, mintAmount);

        conditionalTokens.safeBatchTransferFrom(address(this), msg.sender, positionIds, sendBackAmounts, "");

        for (uint256 i = 0; i < sendBackAmounts.length; i++) {
            sendBackAmounts[i] = addedFunds - sendBackAmounts[i];
        }
        emit FPMMFundingAdded(msg.sender, sendBackAmounts, mintAmount);
    }

    /// @notice Burns shares for the same fraction of every pool balance (as
    /// outcome tokens) and pays the shares' uncollected fees in collateral.
    function removeFunding(uint256 sharesToBurn) external {
        uint256[] memory poolBalances = getPoolBalances();
        uint256[] memory sendAmounts = new uint256[](poolBalances.length);
        uint256 poolShareSupply = totalSupply();
        for (uint256 i = 0; i < poolBalances.length; i++) {
            sendAmounts[i] = poolBalances[i] * sharesToBurn / poolShareSupply;
        }

        uint256 collateralRemovedFromFeePool = collateralToken.balanceOf(address(this));
        _burn(msg.sender, sharesToBurn);
        collateralRemovedFromFeePool = collateralRemovedFromFeePool - collateralToken.balanceOf(address(this));

        conditionalTokens.safeBatchTransferFrom(address(this), msg.sender, positionIds, sendAmounts, "");
        emit FPMMFundingRemoved(msg.sender, sendAmounts, collateralRemovedFromFeePool, sharesToBurn);
    }

    /// Only transfers the market maker makes itself are accepted: a sell
    /// pulls the seller's tokens (operator = this); tokens sent any other
    /// way would be lost to the pool's accounting.
    function onERC1155Received(address operator, address, uint256, uint256, bytes calldata)
        external
        view
        override
        returns (bytes4)
    {
        if (operator == address(this)) {
            return this.onERC1155Received.selector;
        }
        return 0x0;
    }

    /// Only the splits the market maker makes (minted to it) are accepted.
    function onERC1155BatchReceived(address operator, address from, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        view
        override
        returns (bytes4)
    {
        if (operator == address(this) && from == address(0)) {
            return this.onERC1155BatchReceived.selector;
        }
        return 0x0;
    }

    /// ERC-165: ERC-165 itself and the ERC-1155 receiver interface.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == 0x4e2312e0;
    }

    /// @notice Outcome tokens a buy of investmentAmount collateral returns:
    /// the fee comes off first, every other outcome's balance grows by the
    /// rest, and the bought outcome's balance falls until the product of
    /// balances is back where it was. Intermediate divisions round up, so
    /// the pool never gives out more than the product allows.
    function calcBuyAmount(uint256 investmentAmount, uint256 outcomeIndex) public view returns (uint256) {
        require(outcomeIndex < positionIds.length, "invalid outcome index");

        uint256[] memory poolBalances = getPoolBalances();
        uint256 investmentAmountMinusFees = investmentAmount - investmentAmount * fee / ONE;
        uint256 buyTokenPoolBalance = poolBalances[outcomeIndex];
        uint256 endingOutcomeBalance = buyTokenPoolBalance * ONE;
        for (uint256 i = 0; i < poolBalances.length; i++) {
            if (i != outcomeIndex) {
                uint256 poolBalance = poolBalances[i];
                endingOutcomeBalance = ceildiv(endingOutcomeBalance * poolBalance, poolBalance + investmentAmountMinusFees);
            }
        }
        require(endingOutcomeBalance > 0, "must have non-zero balances");

        return buyTokenPoolBalance + investmentAmountMinusFees - ceildiv(endingOutcomeBalance, ONE);
    }

    /// @notice Outcome tokens a sell must hand in to receive returnAmount
    /// collateral after the fee (the mirror of calcBuyAmount, rounded up).
    function calcSellAmount(uint256 returnAmount, uint256 outcomeIndex) public view returns (uint256 outcomeTokenSellAmount) {
        require(outcomeIndex < positionIds.length, "invalid outcome index");

        uint256[] memory poolBalances = getPoolBalances();
        uint256 returnAmountPlusFees = returnAmount * ONE / (ONE - fee);
        uint256 sellTokenPoolBalance = poolBalances[outcomeIndex];
        uint256 endingOutcomeBalance = sellTokenPoolBalance * ONE;
        for (uint256 i = 0; i < poolBalances.length; i++) {
            if (i != outcomeIndex) {
                uint256 poolBalance = poolBalances[i];
                endingOutcomeBalance = ceildiv(endingOutcomeBalance * poolBalance, poolBalance - returnAmountPlusFees);
            }
        }
        require(endingOutcomeBalance > 0, "must have non-zero balances");

        return returnAmountPlusFees + ceildiv(endingOutcomeBalance, ONE) - sellTokenPoolBalance;
    }

    function buy(uint256 investmentAmount, uint256 outcomeIndex, uint256 minOutcomeTokensToBuy) external {
        uint256 outcomeTokensToBuy = calcBuyAmount(investmentAmount, outcomeIndex);
        require(outcomeTokensToBuy >= minOutcomeTokensToBuy, "minimum buy amount not reached");

        require(collateralToken.transferFrom(msg.sender, address(this), investmentAmount), "cost transfer failed");

        uint256 feeAmount = investmentAmount * fee / ONE;
        feePoolWeight += feeAmount;
        uint256 investmentAmountMinusFees = investmentAmount - feeAmount;
        require(collateralToken.approve(address(conditionalTokens), investmentAmountMinusFees), "approval for splits failed");
        splitPositionThroughAllConditions(investmentAmountMinusFees);

        conditionalTokens.safeTransferFrom(address(this), msg.sender, positionIds[outcomeIndex], outcomeTokensToBuy, "");

        emit FPMMBuy(msg.sender, investmentAmount, feeAmount, outcomeIndex, outcomeTokensToBuy);
    }

    /// @notice Needs setApprovalForAll(this, true) on the conditional tokens
    /// from the seller: the market maker pulls the outcome tokens itself.
    function sell(uint256 returnAmount, uint256 outcomeIndex, uint256 maxOutcomeTokensToSell) external {
        uint256 outcomeTokensToSell = calcSellAmount(returnAmount, outcomeIndex);
        require(outcomeTokensToSell <= maxOutcomeTokensToSell, "maximum sell amount exceeded");

        conditionalTokens.safeTransferFrom(msg.sender, address(this), positionIds[outcomeIndex], outcomeTokensToSell, "");

        uint256 feeAmount = returnAmount * fee / (ONE - fee);
        feePoolWeight += feeAmount;
        uint256 returnAmountPlusFees = returnAmount + feeAmount;
        mergePositionsThroughAllConditions(returnAmountPlusFees);

        require(collateralToken.transfer(msg.sender, returnAmount), "return transfer failed");

        emit FPMMSell(msg.sender, returnAmount, feeAmount, outcomeIndex, outcomeTokensToSell);
    }

    /// ceil(x / y), and 0 for x = 0.
    function ceildiv(uint256 x, uint256 y) private pure returns (uint256) {
        if (x > 0) return ((x - 1) / y) + 1;
        return x / y;
    }
}
