// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IStrategy {
    function harvest() external returns (uint256);
    function deposit() external payable;
}

// A yield vault that parks deposits in a strategy chosen by governance.
contract YieldVault {
    address public governance;
    IStrategy public strategy;

    event Harvested(uint256 amount);
    event HarvestFailed(string reason);

    constructor(IStrategy _strategy) public {
        governance = msg.sender;
        strategy = _strategy;
    }

    function setGovernance(address newGovernance) external {
        // <yes> <report> ACCESS_CONTROL
        governance = newGovernance;
    }

    function setStrategy(IStrategy next) external {
        require(msg.sender == governance, "governance only");
        strategy = next;
    }

    function harvest() external {
        try strategy.harvest() returns (uint256 amount) {
            emit Harvested(amount);
        } catch Error(string memory reason) {
            emit HarvestFailed(reason);
        }
    }

    function earn() external {
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        (bool ok, ) = address(strategy).call{value: address(this).balance}(abi.encodeWithSignature("deposit()"));
    }

    receive() external payable {}
}
