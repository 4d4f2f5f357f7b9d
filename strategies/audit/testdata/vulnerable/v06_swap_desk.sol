// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

// An OTC desk: users park ether and tokens, then swap against the desk's quoted rate.
contract SwapDesk {
    address public desk;
    IERC20 public token;
    uint256 public tokensPerEther;
    mapping(address => uint256) public etherBalance;

    constructor(IERC20 _token, uint256 rate) public {
        desk = msg.sender;
        token = _token;
        tokensPerEther = rate;
    }

    function quote(uint256 rate) external {
        require(msg.sender == desk, "desk only");
        // <yes> <report> FRONT_RUNNING
        tokensPerEther = rate;
    }

    function depositEther() external payable {
        etherBalance[msg.sender] += msg.value;
    }

    function swapEtherForTokens(uint256 etherAmount) external {
        require(etherBalance[msg.sender] >= etherAmount, "not enough ether");
        etherBalance[msg.sender] -= etherAmount;
        etherBalance[desk] += etherAmount;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        address(token).call(abi.encodeWithSelector(IERC20.transfer.selector, msg.sender, etherAmount * tokensPerEther));
    }

    function withdrawEther(uint256 amount) external {
        require(etherBalance[msg.sender] >= amount, "not enough ether");
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send failed");
        etherBalance[msg.sender] -= amount;
    }
}
