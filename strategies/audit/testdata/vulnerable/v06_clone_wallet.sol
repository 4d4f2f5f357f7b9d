// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Deployed as minimal clones; the factory is supposed to call init right after cloning.
contract CloneWallet {
    address public owner;
    uint256 public dailyLimit;

    modifier onlyOwner() {
        require(msg.sender == owner, "owner only");
        _;
    }

    function init(address _owner, uint256 _dailyLimit) external {
        // <yes> <report> ACCESS_CONTROL
        owner = _owner;
        dailyLimit = _dailyLimit;
    }

    function execute(address to, uint256 value, bytes calldata data) external onlyOwner returns (bytes memory) {
        require(value <= dailyLimit, "over limit");
        (bool ok, bytes memory out) = to.call{value: value}(data);
        require(ok, "call failed");
        return out;
    }

    function emergencyWithdraw() external {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == owner, "owner only");
        payable(owner).transfer(address(this).balance);
    }

    receive() external payable {}
}
