pragma solidity ^0.5.0;

// Monthly pension contributions; retirees draw a pension each month.
contract PensionFund {
    address public trustee;
    mapping(address => uint256) public contributed;
    mapping(address => uint256) public lastDraw;
    mapping(address => bool) public retired;

    constructor() public {
        trustee = msg.sender;
    }

    function contribute() external payable {
        contributed[msg.sender] += msg.value;
    }

    function retire(address member) external {
        require(msg.sender == trustee, "trustee only");
        retired[member] = true;
    }

    // The member chooses how many months' pension to draw at once.
    function draw(uint256 months) external {
        require(retired[msg.sender], "not retired");
        require(now >= lastDraw[msg.sender] + 30 days, "monthly");
        // <yes> <report> ARITHMETIC
        uint256 amount = contributed[msg.sender] / 240 * months;
        // <yes> <report> REENTRANCY
        (bool ok, ) = msg.sender.call.value(amount)("");
        require(ok, "draw failed");
        lastDraw[msg.sender] = now;
        contributed[msg.sender] -= amount;
    }
}
