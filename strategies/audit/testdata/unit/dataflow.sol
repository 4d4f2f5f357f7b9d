pragma solidity ^0.7.6;

// Values copied into locals keep where they came from; checks made before
// an operation (require, if ... revert) hold for it.
contract FlowThroughLocals {
    address public owner;
    mapping(address => uint256) public balances;
    uint256 public lastDraw;
    address public winner;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function luckySecond() external {
        uint256 t = block.timestamp;
        // expect: timestamp-dependence
        if (t % 7 == 0) {
            lastDraw = t;
        }
    }

    function draw(address[] calldata players) external {
        uint256 seed = block.number;
        // expect: weak-randomness
        winner = players[seed % players.length];
    }

    function sweep(address payable to) external {
        address origin = tx.origin;
        // expect: tx-origin
        require(origin == owner, "owner only");
        to.transfer(address(this).balance);
    }

    function withdraw(uint256 amount) external {
        uint256 bal = balances[msg.sender];
        if (bal < amount) revert("insufficient");
        balances[msg.sender] = bal - amount;
        msg.sender.transfer(amount);
    }

    function withdrawDirect(uint256 amount) external {
        require(balances[msg.sender] >= amount, "insufficient");
        balances[msg.sender] = balances[msg.sender] - amount;
        msg.sender.transfer(amount);
    }

    function burn(uint256 amount) external {
        // expect: integer-overflow
        balances[msg.sender] = balances[msg.sender] - amount;
    }
}
