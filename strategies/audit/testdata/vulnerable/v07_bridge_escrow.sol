// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

// Locks ether on this chain for a bridge; locks can be reassigned or unlocked.
contract BridgeEscrow {
    mapping(address => uint256) public locked;
    address public relayer;

    event Locked(address indexed who, uint256 amount, bytes32 destination);

    constructor(address _relayer) {
        relayer = _relayer;
    }

    // One percent of every lock funds the relayer's fee pool.
    function lock(bytes32 destination) external payable {
        uint256 fee = msg.value / 100;
        locked[address(this)] += fee;
        locked[msg.sender] += msg.value - fee;
        emit Locked(msg.sender, msg.value, destination);
    }

    // Re-entered from unlock(), this moves a lock that is about to be paid out.
    function reassign(address to) external {
        uint256 amount = locked[msg.sender];
        locked[msg.sender] = 0;
        locked[to] += amount;
    }

    function unlock() external {
        uint256 amount = locked[msg.sender];
        require(amount > 0, "nothing locked");
        // <yes> <report> REENTRANCY
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "unlock failed");
        locked[msg.sender] = 0;
    }

    function payRelayer(uint256 fee) external {
        require(msg.sender == relayer, "relayer only");
        require(locked[address(this)] >= fee, "fee pool empty");
        locked[address(this)] -= fee;
        // <yes> <report> UNCHECKED_LOW_LEVEL_CALLS
        payable(relayer).send(fee);
    }
}
