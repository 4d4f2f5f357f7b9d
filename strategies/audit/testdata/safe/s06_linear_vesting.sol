// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

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

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

// Releases a token grant to one beneficiary linearly over a duration of months.
// Vesting is proportional to elapsed time; a few seconds of drift moves a negligible amount.
contract LinearVesting {
    using SafeMath for uint256;

    IERC20 public immutable token;
    address public immutable beneficiary;
    uint256 public immutable start;
    uint256 public immutable duration;
    uint256 public released;

    event Released(uint256 amount);

    constructor(IERC20 _token, address _beneficiary, uint256 durationMonths) public {
        require(_beneficiary != address(0), "zero beneficiary");
        require(durationMonths >= 1 && durationMonths <= 120, "one to 120 months");
        token = _token;
        beneficiary = _beneficiary;
        start = block.timestamp;
        duration = durationMonths.mul(30 days);
    }

    function vestedAmount() public view returns (uint256) {
        uint256 total = token.balanceOf(address(this)).add(released);
        uint256 elapsed = block.timestamp.sub(start);
        if (elapsed >= duration) {
            return total;
        }
        return total.mul(elapsed).div(duration);
    }

    function release() external {
        require(msg.sender == beneficiary, "beneficiary only");
        uint256 amount = vestedAmount().sub(released);
        require(amount > 0, "nothing vested");
        released = released.add(amount);
        emit Released(amount);
        require(token.transfer(beneficiary, amount), "transfer failed");
    }
}
