// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// Relays calls for users who prepaid gas credit, paying the relayer a fee from that credit.
contract MetaRelayer {
    mapping(address => uint256) public credit;
    uint256 public constant FEE = 0.001 ether;

    event Relayed(address indexed user, address target, bool success);

    function topUp() external payable {
        credit[msg.sender] += msg.value;
    }

    function relay(address user, address target, bytes calldata data) external {
        require(credit[user] >= FEE, "no credit");
        credit[user] -= FEE;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        (bool success, ) = target.call(data);
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        msg.sender.send(FEE);
    }
}
