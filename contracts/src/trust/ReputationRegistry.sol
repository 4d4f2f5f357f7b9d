// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What the Reputation Registry reads from the Identity Registry.
interface IAgentOwnership {
    function ownerOf(uint256 agentId) external view returns (address);
    function getApproved(uint256 agentId) external view returns (address);
    function isApprovedForAll(address owner, address operator) external view returns (bool);
}

/// @title ERC-8004 ("Trustless Agents") Reputation Registry.
/// @notice Anyone but the agent's owner and operators may give an agent
/// feedback: a signed fixed-point value (value / 10^valueDecimals) with two
/// optional tags. Feedback is numbered per (agent, client) from 1 and can be
/// revoked by its author. Open feedback is easily spammed: readers should
/// filter by reviewers they trust, which every read function supports.
contract ReputationRegistry {
    struct Feedback {
        int128 value;
        uint8 valueDecimals;
        bool isRevoked;
        string tag1;
        string tag2;
    }

    /// @dev The seven parallel arrays readAllFeedback returns.
    struct FeedbackList {
        address[] clients;
        uint64[] feedbackIndexes;
        int128[] values;
        uint8[] valueDecimals;
        string[] tag1s;
        string[] tag2s;
        bool[] revokedStatuses;
    }

    event NewFeedback(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        int128 value,
        uint8 valueDecimals,
        string indexed indexedTag1,
        string tag1,
        string tag2,
        string endpoint,
        string feedbackURI,
        bytes32 feedbackHash
    );
    event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex);

    address private immutable _identity;
    mapping(uint256 => mapping(address => Feedback[])) private _feedback;
    mapping(uint256 => address[]) private _clients;
    mapping(uint256 => mapping(address => bool)) private _known;

    constructor(address identityRegistry) {
        require(identityRegistry.code.length != 0, "ReputationRegistry: identity registry has no code");
        _identity = identityRegistry;
    }

    function getIdentityRegistry() external view returns (address) {
        return _identity;
    }

    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external {
        require(valueDecimals <= 18, "ReputationRegistry: valueDecimals above 18");
        _requireReviewer(agentId);
        uint64 index = _store(agentId, Feedback(value, valueDecimals, false, tag1, tag2));
        _emitNewFeedback(agentId, index, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external {
        Feedback[] storage list = _feedback[agentId][msg.sender];
        require(feedbackIndex != 0 && feedbackIndex <= list.length, "ReputationRegistry: no such feedback");
        Feedback storage f = list[feedbackIndex - 1];
        require(!f.isRevoked, "ReputationRegistry: already revoked");
        f.isRevoked = true;
        emit FeedbackRevoked(agentId, msg.sender, feedbackIndex);
    }

    function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex)
        external
        view
        returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked)
    {
        Feedback[] storage list = _feedback[agentId][clientAddress];
        require(feedbackIndex != 0 && feedbackIndex <= list.length, "ReputationRegistry: no such feedback");
        Feedback storage f = list[feedbackIndex - 1];
        return (f.value, f.valueDecimals, f.tag1, f.tag2, f.isRevoked);
    }

    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return uint64(_feedback[agentId][clientAddress].length);
    }

    function getClients(uint256 agentId) external view returns (address[] memory) {
        return _clients[agentId];
    }

    /// @notice Every feedback of agentId by clientAddresses (all clients when
    /// empty), optionally only with the given tags ("" matches any), in
    /// client then index order.
    function readAllFeedback(
        uint256 agentId,
        address[] memory clientAddresses,
        string memory tag1,
        string memory tag2,
        bool includeRevoked
    )
        external
        view
        returns (
            address[] memory clients,
            uint64[] memory feedbackIndexes,
            int128[] memory values,
            uint8[] memory valueDecimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revokedStatuses
        )
    {
        FeedbackList memory out = _collect(agentId, _targets(agentId, clientAddresses), tag1, tag2, includeRevoked);
        return (out.clients, out.feedbackIndexes, out.values, out.valueDecimals, out.tag1s, out.tag2s, out.revokedStatuses);
    }

    /// @notice Count and mean of the matching, unrevoked feedback, expressed
    /// with the largest valueDecimals among them (mean rounded toward zero).
    function getSummary(uint256 agentId, address[] memory clientAddresses, string memory tag1, string memory tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
    {
        FeedbackList memory fl = _collect(agentId, _targets(agentId, clientAddresses), tag1, tag2, false);
        count = uint64(fl.values.length);
        if (count == 0) {
            return (0, 0, 0);
        }
        for (uint256 i = 0; i < count; ++i) {
            if (fl.valueDecimals[i] > summaryValueDecimals) {
                summaryValueDecimals = fl.valueDecimals[i];
            }
        }
        int256 sum;
        for (uint256 i = 0; i < count; ++i) {
            sum += int256(fl.values[i]) * int256(10 ** (summaryValueDecimals - fl.valueDecimals[i]));
        }
        int256 mean = sum / int256(uint256(count));
        require(mean >= type(int128).min && mean <= type(int128).max, "ReputationRegistry: summary overflows int128");
        summaryValue = int128(mean);
    }

    /// @dev The agent must exist, and its owner and operators may not review it.
    function _requireReviewer(uint256 agentId) private view {
        IAgentOwnership id = IAgentOwnership(_identity);
        address owner = id.ownerOf(agentId); // reverts for an unregistered agent
        require(
            msg.sender != owner && !id.isApprovedForAll(owner, msg.sender) && id.getApproved(agentId) != msg.sender,
            "ReputationRegistry: an agent's owner or operator cannot review it"
        );
    }

    function _store(uint256 agentId, Feedback memory f) private returns (uint64) {
        Feedback[] storage list = _feedback[agentId][msg.sender];
        list.push(f);
        if (!_known[agentId][msg.sender]) {
            _known[agentId][msg.sender] = true;
            _clients[agentId].push(msg.sender);
        }
        return uint64(list.length);
    }

    function _emitNewFeedback(
        uint256 agentId,
        uint64 index,
        int128 value,
        uint8 valueDecimals,
        string memory tag1,
        string memory tag2,
        string memory endpoint,
        string memory feedbackURI,
        bytes32 feedbackHash
    ) private {
        emit NewFeedback(agentId, msg.sender, index, value, valueDecimals, tag1, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    function _targets(uint256 agentId, address[] memory clientAddresses) private view returns (address[] memory) {
        if (clientAddresses.length == 0) {
            return _clients[agentId];
        }
        return clientAddresses;
    }

    function _collect(uint256 agentId, address[] memory clients, string memory tag1, string memory tag2, bool includeRevoked)
        private
        view
        returns (FeedbackList memory out)
    {
        bytes32 t1 = bytes(tag1).length == 0 ? bytes32(0) : keccak256(bytes(tag1));
        bytes32 t2 = bytes(tag2).length == 0 ? bytes32(0) : keccak256(bytes(tag2));
        uint256 n;
        for (uint256 pass = 0; pass < 2; ++pass) {
            if (pass == 1) {
                out = _alloc(n);
                n = 0;
            }
            for (uint256 c = 0; c < clients.length; ++c) {
                Feedback[] storage list = _feedback[agentId][clients[c]];
                for (uint256 i = 0; i < list.length; ++i) {
                    Feedback storage f = list[i];
                    if ((f.isRevoked && !includeRevoked) || !_tagMatches(t1, f.tag1) || !_tagMatches(t2, f.tag2)) {
                        continue;
                    }
                    if (pass == 1) {
                        out.clients[n] = clients[c];
                        out.feedbackIndexes[n] = uint64(i + 1);
                        out.values[n] = f.value;
                        out.valueDecimals[n] = f.valueDecimals;
                        out.tag1s[n] = f.tag1;
                        out.tag2s[n] = f.tag2;
                        out.revokedStatuses[n] = f.isRevoked;
                    }
                    ++n;
                }
            }
        }
    }

    function _alloc(uint256 n) private pure returns (FeedbackList memory out) {
        out.clients = new address[](n);
        out.feedbackIndexes = new uint64[](n);
        out.values = new int128[](n);
        out.valueDecimals = new uint8[](n);
        out.tag1s = new string[](n);
        out.tag2s = new string[](n);
        out.revokedStatuses = new bool[](n);
    }

    function _tagMatches(bytes32 want, string storage tag) private pure returns (bool) {
        return want == bytes32(0) || keccak256(bytes(tag)) == want;
    }
}
