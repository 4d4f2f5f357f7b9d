pragma solidity ^0.5.0;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "overflow");
        return c;
    }

    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) {
            return 0;
        }
        uint256 c = a * b;
        require(c / a == b, "overflow");
        return c;
    }
}

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
}

// A capped crowdsale at a fixed rate. Purchases are recorded before the token transfer, the
// wallet that receives the ether is the owner's, and the sale window is weeks long.
contract CappedCrowdsale {
    using SafeMath for uint256;

    IERC20 public token;
    address payable public wallet;
    uint256 public constant RATE = 500;
    uint256 public cap;
    uint256 public weiRaised;
    uint256 public closingTime;

    event TokensPurchased(address indexed buyer, uint256 value, uint256 amount);

    constructor(IERC20 _token, uint256 _cap, uint256 durationWeeks) public {
        require(address(_token) != address(0) && _cap > 0, "bad config");
        require(durationWeeks >= 1 && durationWeeks <= 12, "one to twelve weeks");
        token = _token;
        wallet = msg.sender;
        cap = _cap;
        closingTime = now + durationWeeks * 1 weeks;
    }

    function buyTokens() external payable {
        require(now <= closingTime, "sale closed");
        require(msg.value > 0, "no value");
        uint256 raised = weiRaised.add(msg.value);
        require(raised <= cap, "cap exceeded");
        uint256 tokens = msg.value.mul(RATE);
        weiRaised = raised;
        emit TokensPurchased(msg.sender, msg.value, tokens);
        require(token.transfer(msg.sender, tokens), "token transfer failed");
    }

    function forwardFunds() external {
        require(msg.sender == wallet, "wallet only");
        (bool ok, ) = wallet.call.value(address(this).balance)("");
        require(ok, "forward failed");
    }
}
