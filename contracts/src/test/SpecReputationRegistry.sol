// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

interface ISpecIdentity {
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool);
}

/// @title Test helper, not for real use: a Reputation Registry that behaves
/// as the ERC-8004 text describes the deployed reference registry: it asks
/// its Identity Registry's isAuthorizedOrOwner before taking feedback
/// (storage keyed by a per-client last index), and getSummary averages at
/// 18 decimals then expresses the mean with the most frequent valueDecimals.
/// Tests pair it with agentctl's IdentityRegistry.
contract SpecReputationRegistry {
    struct Entry {
        int128 value;
        uint8 valueDecimals;
        bool isRevoked;
        string tag1;
        string tag2;
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

    address private immutable _identity;
    mapping(uint256 => mapping(address => mapping(uint64 => Entry))) private _entries;
    mapping(uint256 => mapping(address => uint64)) private _lastIndex;
    mapping(uint256 => address[]) private _clients;

    constructor(address identity) {
        _identity = identity;
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
        require(valueDecimals <= 18, "too many decimals");
        require(value >= -1e38 && value <= 1e38, "value too large");
        require(!ISpecIdentity(_identity).isAuthorizedOrOwner(msg.sender, agentId), "Self-feedback not allowed");
        uint64 index = _store(agentId, Entry(value, valueDecimals, false, tag1, tag2));
        _announce(agentId, index, value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    function _store(uint256 agentId, Entry memory e) private returns (uint64 index) {
        index = ++_lastIndex[agentId][msg.sender];
        if (index == 1) {
            _clients[agentId].push(msg.sender);
        }
        _entries[agentId][msg.sender][index] = e;
    }

    function _announce(
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

    function getClients(uint256 agentId) external view returns (address[] memory) {
        return _clients[agentId];
    }

    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return _lastIndex[agentId][clientAddress];
    }

    function getSummary(uint256 agentId, address[] calldata clientAddresses, string calldata tag1, string calldata tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
    {
        require(clientAddresses.length > 0, "clientAddresses required");
        int256 sum;
        uint64[19] memory perDecimals;
        for (uint256 c; c < clientAddresses.length; c++) {
            (int256 s, uint64 n) = _tally(agentId, clientAddresses[c], tag1, tag2, perDecimals);
            sum += s;
            count += n;
        }
        if (count == 0) return (0, 0, 0);
        uint64 top;
        for (uint8 d; d <= 18; d++) {
            if (perDecimals[d] > top) {
                top = perDecimals[d];
                summaryValueDecimals = d;
            }
        }
        summaryValue = int128((sum / int256(uint256(count))) / int256(10 ** uint256(18 - summaryValueDecimals)));
    }

    /// @dev One client's matching feedback: its sum at 18 decimals and count;
    /// perDecimals counts each valueDecimals seen.
    function _tally(uint256 agentId, address client, string calldata tag1, string calldata tag2, uint64[19] memory perDecimals)
        private
        view
        returns (int256 sum, uint64 n)
    {
        uint64 last = _lastIndex[agentId][client];
        for (uint64 i = 1; i <= last; i++) {
            Entry storage e = _entries[agentId][client][i];
            if (e.isRevoked || !_matches(tag1, e.tag1) || !_matches(tag2, e.tag2)) continue;
            sum += int256(e.value) * int256(10 ** uint256(18 - e.valueDecimals));
            perDecimals[e.valueDecimals]++;
            n++;
        }
    }

    struct Rows {
        address[] clients;
        uint64[] feedbackIndexes;
        int128[] values;
        uint8[] valueDecimals;
        string[] tag1s;
        string[] tag2s;
        bool[] revokedStatuses;
    }

    /// @dev readAllFeedback without a client list reads every client.
    function readAllFeedback(
        uint256 agentId,
        address[] memory clientAddresses,
        string memory tag1,
        string memory tag2,
        bool includeRevoked
    )
        external
        view
        returns (address[] memory, uint64[] memory, int128[] memory, uint8[] memory, string[] memory, string[] memory, bool[] memory)
    {
        if (clientAddresses.length == 0) {
            clientAddresses = _clients[agentId];
        }
        Rows memory r = _readAll(agentId, clientAddresses, tag1, tag2, includeRevoked);
        return (r.clients, r.feedbackIndexes, r.values, r.valueDecimals, r.tag1s, r.tag2s, r.revokedStatuses);
    }

    function _readAll(uint256 agentId, address[] memory list, string memory tag1, string memory tag2, bool includeRevoked)
        private
        view
        returns (Rows memory r)
    {
        uint256 n;
        for (uint256 c; c < list.length; c++) {
            n += _rows(agentId, list[c], tag1, tag2, includeRevoked, r, 0, false);
        }
        r = Rows(new address[](n), new uint64[](n), new int128[](n), new uint8[](n), new string[](n), new string[](n), new bool[](n));
        n = 0;
        for (uint256 c; c < list.length; c++) {
            n += _rows(agentId, list[c], tag1, tag2, includeRevoked, r, n, true);
        }
    }

    /// @dev Counts client's matching rows and, when fill, writes them at at.
    function _rows(uint256 agentId, address client, string memory tag1, string memory tag2, bool includeRevoked, Rows memory r, uint256 at, bool fill)
        private
        view
        returns (uint256 n)
    {
        uint64 last = _lastIndex[agentId][client];
        for (uint64 i = 1; i <= last; i++) {
            Entry storage e = _entries[agentId][client][i];
            if ((e.isRevoked && !includeRevoked) || !_matches(tag1, e.tag1) || !_matches(tag2, e.tag2)) continue;
            if (fill) {
                r.clients[at + n] = client;
                r.feedbackIndexes[at + n] = i;
                r.values[at + n] = e.value;
                r.valueDecimals[at + n] = e.valueDecimals;
                r.tag1s[at + n] = e.tag1;
                r.tag2s[at + n] = e.tag2;
                r.revokedStatuses[at + n] = e.isRevoked;
            }
            n++;
        }
    }

    function _matches(string memory want, string storage got) private pure returns (bool) {
        return bytes(want).length == 0 || keccak256(bytes(want)) == keccak256(bytes(got));
    }
}
