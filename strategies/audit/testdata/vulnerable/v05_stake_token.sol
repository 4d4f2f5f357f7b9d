pragma solidity ^0.5.0;

// An ERC-20 whose holders can stake for a per-day reward.
contract StakeToken {
    string public constant name = "Stake Token";
    string public constant symbol = "STK";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    address public owner;
    uint256 public dailyRate = 1;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => uint256) public staked;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed holder, address indexed spender, uint256 value);

    constructor(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function transferOwnership(address newOwner) external {
        require(newOwner != address(0), "zero owner");
        // <yes> <report> ACCESS_CONTROL
        owner = newOwner;
    }

    function setDailyRate(uint256 rate) external {
        require(msg.sender == owner, "owner only");
        dailyRate = rate;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        // <yes> <report> FRONT_RUNNING
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(balanceOf[from] >= value, "balance");
        require(allowance[from][msg.sender] >= value, "allowance");
        balanceOf[from] -= value;
        allowance[from][msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }

    function stake(uint256 value) external {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        staked[msg.sender] += value;
    }

    // The staker states how many days they staked; the reward is minted on the spot.
    function claimReward(uint256 stakedDays) external {
        require(staked[msg.sender] > 0, "not staking");
        // <yes> <report> ARITHMETIC
        balanceOf[msg.sender] += staked[msg.sender] * dailyRate * stakedDays / 100;
    }
}
