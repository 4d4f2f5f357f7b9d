pragma solidity ^0.5.0;

interface IRedeemer {
    function onRedeem(uint256 shares) external payable;
}

// A pooled fund issuing shares; redemptions notify the redeemer's contract.
contract SharePool {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;

    function join() external payable {
        require(msg.value > 0, "no value");
        uint256 shares = totalShares == 0 ? msg.value : msg.value * totalShares / (address(this).balance - msg.value);
        sharesOf[msg.sender] += shares;
        totalShares += shares;
    }

    function redeem(uint256 shares) external {
        require(shares > 0 && sharesOf[msg.sender] >= shares && totalShares >= shares, "not enough shares");
        uint256 amount = shares * address(this).balance / totalShares;
        // <yes> <report> REENTRANCY
        IRedeemer(msg.sender).onRedeem.value(amount)(shares);
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
    }
}
