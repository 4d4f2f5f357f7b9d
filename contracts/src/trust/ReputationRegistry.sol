// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What the Reputation Registry reads from the Identity Registry:
/// the ERC-8004 check, which reverts for an agentId never minted.
interface IAgentAuthority {
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool);
}

/// @title ERC-8004 ("Trustless Agents") Reputation Registry.
/// @notice Anyone but the agent's owner and operators may give an agent
/// feedback: a signed fixed-point value (value / 10^valueDecimals, |value| at
/// most 1e38, at most 18 decimals) with two optional tags. Feedback is
/// numbered per (agent, client) from 1 and can be revoked by its author;
/// anyone may append responses to it. Open feedback is easily spammed:
/// getSummary takes the reviewers to count, and every read filters by them.
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
    event ResponseAppended(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        address indexed responder,
        string responseURI,
        bytes32 responseHash
    );

    int128 private constant MAX_ABS_VALUE = 1e38;
    uint8 private constant MAX_DECIMALS = 18;

    address private immutable _identity;
    mapping(uint256 => mapping(address => Feedback[])) private _feedback;
    mapping(uint256 => address[]) private _clients;
    mapping(uint256 => mapping(address => bool)) private _known;
    // agentId => client => feedbackIndex => responders, and each one's count.
    mapping(uint256 => mapping(address => mapping(uint64 => address[]))) private _responders;
    mapping(uint256 => mapping(address => mapping(uint64 => mapping(address => uint64)))) private _responses;

    constructor(address identityRegistry) {
        require(identityRegistry.code.length != 0, "ReputationRegistry: identity registry has no code");
        _identity = identityRegistry;
    }

    function getIdentityRegistry() external view returns (address) {
        return _identity;
    }

    function getVersion() external pure returns (string memory) {
        return "2.0.0";
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
        require(valueDecimals <= MAX_DECIMALS, "ReputationRegistry: valueDecimals above 18");
        require(value >= -MAX_ABS_VALUE && value <= MAX_ABS_VALUE, "ReputationRegistry: value beyond 1e38");
        // Reverts for an unknown agent; its owner and operators may not review it.
        require(
            !IAgentAuthority(_identity).isAuthorizedOrOwner(msg.sender, agentId),
            "ReputationRegistry: an agent's owner or operator cannot review it"
        );
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

    /// @notice Anyone may respond to a feedback (the agent showing a refund,
    /// an aggregator flagging spam): responseURI points at the response,
    /// responseHash commits to its content.
    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external {
        require(bytes(responseURI).length != 0, "ReputationRegistry: empty responseURI");
        require(
            feedbackIndex != 0 && feedbackIndex <= _feedback[agentId][clientAddress].length,
            "ReputationRegistry: no such feedback"
        );
        mapping(address => uint64) storage counts = _responses[agentId][clientAddress][feedbackIndex];
        if (counts[msg.sender] == 0) {
            _responders[agentId][clientAddress][feedbackIndex].push(msg.sender);
        }
        ++counts[msg.sender];
        emit ResponseAppended(agentId, clientAddress, feedbackIndex, msg.sender, responseURI, responseHash);
    }

    /// @notice Responses to agentId's feedback by responders (any when
    /// empty): to one feedback, to all of clientAddress's (feedbackIndex 0),
    /// or to every client's (clientAddress zero).
    function getResponseCount(uint256 agentId, address clientAddress, uint64 feedbackIndex, address[] calldata responders)
        external
        view
        returns (uint64 count)
    {
        if (clientAddress == address(0)) {
            address[] storage clients = _clients[agentId];
            for (uint256 c = 0; c < clients.length; ++c) {
                count += _clientResponses(agentId, clients[c], responders);
            }
        } else if (feedbackIndex == 0) {
            count = _clientResponses(agentId, clientAddress, responders);
        } else {
            count = _countResponses(agentId, clientAddress, feedbackIndex, responders);
        }
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

    /// @notice Count and mean of the unrevoked feedback by clientAddresses
    /// (required: open feedback is spammed) with the given tags ("" matches
    /// any). The mean is taken at 18 decimals and expressed with the most
    /// frequent valueDecimals among the feedback (the smallest on a tie),
    /// each division rounding toward zero.
    function getSummary(uint256 agentId, address[] calldata clientAddresses, string calldata tag1, string calldata tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
    {
        require(clientAddresses.length != 0, "ReputationRegistry: clientAddresses required");
        FeedbackList memory fl = _collect(agentId, clientAddresses, tag1, tag2, false);
        count = uint64(fl.values.length);
        if (count == 0) {
            return (0, 0, 0);
        }
        uint64[19] memory seen;
        int256 sum;
        for (uint256 i = 0; i < count; ++i) {
            uint8 d = fl.valueDecimals[i];
            ++seen[d];
            sum += int256(fl.values[i]) * int256(10 ** uint256(MAX_DECIMALS - d));
        }
        uint64 most;
        for (uint8 d = 0; d <= MAX_DECIMALS; ++d) {
            if (seen[d] > most) {
                most = seen[d];
                summaryValueDecimals = d;
            }
        }
        int256 mean = (sum / int256(uint256(count))) / int256(10 ** uint256(MAX_DECIMALS - summaryValueDecimals));
        summaryValue = int128(mean); // within the bound: a mean of values within 1e38
    }

    function _clientResponses(uint256 agentId, address client, address[] calldata responders)
        private
        view
        returns (uint64 count)
    {
        uint256 last = _feedback[agentId][client].length;
        for (uint64 i = 1; i <= last; ++i) {
            count += _countResponses(agentId, client, i, responders);
        }
    }

    function _countResponses(uint256 agentId, address client, uint64 index, address[] calldata responders)
        private
        view
        returns (uint64 count)
    {
        mapping(address => uint64) storage counts = _responses[agentId][client][index];
        if (responders.length == 0) {
            address[] storage all = _responders[agentId][client][index];
            for (uint256 r = 0; r < all.length; ++r) {
                count += counts[all[r]];
            }
            return count;
        }
        for (uint256 r = 0; r < responders.length; ++r) {
            count += counts[responders[r]];
        }
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
