// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// A membership token that pays ether dividends straight to every holder.
contract DividendToken {
    address public owner;
    address payable[] public holders;
    mapping(address => uint256) public balanceOf;
    mapping(address => bool) public isHolder;
    uint256 public totalSupply;

    constructor(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        holders.push(msg.sender);
        isHolder[msg.sender] = true;
    }

    function transfer(address payable to, uint256 amount) external returns (bool) {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        if (!isHolder[to]) {
            isHolder[to] = true;
            holders.push(to);
        }
        return true;
    }

    function distribute() external payable {
        require(msg.value > 0, "nothing to distribute");
        for (uint256 i = 0; i < holders.length; i++) {
            uint256 share = msg.value * balanceOf[holders[i]] / totalSupply;
            // <yes> <report> DENIAL_OF_SERVICE
            (bool ok, ) = holders[i].call{value: share}("");
            require(ok, "dividend failed");
        }
    }

    function shutdown() external {
        require(owner != address(0), "no owner");
        // <yes> <report> ACCESS_CONTROL
        selfdestruct(payable(owner));
    }
}
