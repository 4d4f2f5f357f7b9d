pragma solidity ^0.5.0;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "overflow");
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a, "underflow");
        return a - b;
    }

    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) {
            return 0;
        }
        uint256 c = a * b;
        require(c / a == b, "overflow");
        return c;
    }

    function div(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b > 0, "division by zero");
        return a / b;
    }
}

// Fixed-supply shares that earn ether dividends. Dividends are tracked per share and pulled
// by each holder; no loop ever walks the holder list.
contract DividendShares {
    using SafeMath for uint256;

    uint256 private constant MAGNITUDE = 2 ** 128;
    uint256 public totalShares;
    uint256 public dividendPerShare;
    mapping(address => uint256) public shares;
    mapping(address => uint256) public credited;
    mapping(address => uint256) public lastDividendPerShare;

    event DividendsDistributed(uint256 amount);
    event DividendWithdrawn(address indexed holder, uint256 amount);

    constructor(uint256 supply) public {
        require(supply > 0, "no supply");
        totalShares = supply;
        shares[msg.sender] = supply;
    }

    function distribute() external payable {
        require(msg.value > 0, "no value");
        dividendPerShare = dividendPerShare.add(msg.value.mul(MAGNITUDE).div(totalShares));
        emit DividendsDistributed(msg.value);
    }

    function transfer(address to, uint256 amount) external {
        require(to != address(0), "zero address");
        _settle(msg.sender);
        _settle(to);
        shares[msg.sender] = shares[msg.sender].sub(amount);
        shares[to] = shares[to].add(amount);
    }

    function withdrawDividend() external {
        _settle(msg.sender);
        uint256 amount = credited[msg.sender];
        require(amount > 0, "nothing to withdraw");
        credited[msg.sender] = 0;
        emit DividendWithdrawn(msg.sender, amount);
        msg.sender.transfer(amount);
    }

    function _settle(address holder) internal {
        uint256 owing = shares[holder].mul(dividendPerShare.sub(lastDividendPerShare[holder])).div(MAGNITUDE);
        lastDividendPerShare[holder] = dividendPerShare;
        credited[holder] = credited[holder].add(owing);
    }
}
