// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAgentAuthority} from "./ReputationRegistry.sol";

/// @title ERC-8004 ("Trustless Agents") Validation Registry.
/// @notice An agent's owner or operator asks a named validator to check its
/// work (requestURI points at the data, requestHash commits to it); only that
/// validator answers, with a score from 0 to 100, and may answer again as it
/// learns more (the last answer counts). Requests are keyed by requestHash.
contract ValidationRegistry {
    struct Validation {
        address validatorAddress;
        uint256 agentId;
        uint8 response;
        bytes32 responseHash;
        string tag;
        uint256 lastUpdate; // block timestamp of the last response; 0: none yet
    }

    event ValidationRequest(
        address indexed validatorAddress, uint256 indexed agentId, string requestURI, bytes32 indexed requestHash
    );
    event ValidationResponse(
        address indexed validatorAddress,
        uint256 indexed agentId,
        bytes32 indexed requestHash,
        uint8 response,
        string responseURI,
        bytes32 responseHash,
        string tag
    );

    address private immutable _identity;
    mapping(bytes32 => Validation) private _validations;
    mapping(uint256 => bytes32[]) private _byAgent;
    mapping(address => bytes32[]) private _byValidator;

    constructor(address identityRegistry) {
        require(identityRegistry.code.length != 0, "ValidationRegistry: identity registry has no code");
        _identity = identityRegistry;
    }

    function getIdentityRegistry() external view returns (address) {
        return _identity;
    }

    function validationRequest(
        address validatorAddress,
        uint256 agentId,
        string calldata requestURI,
        bytes32 requestHash
    ) external {
        require(validatorAddress != address(0), "ValidationRegistry: no validator named");
        require(requestHash != bytes32(0), "ValidationRegistry: requestHash is zero");
        require(_validations[requestHash].validatorAddress == address(0), "ValidationRegistry: request already filed");
        // The identity registry reverts for an unregistered agent.
        require(
            IAgentAuthority(_identity).isAuthorizedOrOwner(msg.sender, agentId),
            "ValidationRegistry: only the agent's owner or operator may request validation"
        );
        Validation storage v = _validations[requestHash];
        v.validatorAddress = validatorAddress;
        v.agentId = agentId;
        _byAgent[agentId].push(requestHash);
        _byValidator[validatorAddress].push(requestHash);
        emit ValidationRequest(validatorAddress, agentId, requestURI, requestHash);
    }

    function validationResponse(
        bytes32 requestHash,
        uint8 response,
        string calldata responseURI,
        bytes32 responseHash,
        string calldata tag
    ) external {
        Validation storage v = _validations[requestHash];
        require(v.validatorAddress != address(0), "ValidationRegistry: no such request");
        require(msg.sender == v.validatorAddress, "ValidationRegistry: only the named validator may respond");
        require(response <= 100, "ValidationRegistry: response above 100");
        v.response = response;
        v.responseHash = responseHash;
        v.tag = tag;
        v.lastUpdate = block.timestamp;
        emit ValidationResponse(v.validatorAddress, v.agentId, requestHash, response, responseURI, responseHash, tag);
    }

    function getValidationStatus(bytes32 requestHash)
        external
        view
        returns (
            address validatorAddress,
            uint256 agentId,
            uint8 response,
            bytes32 responseHash,
            string memory tag,
            uint256 lastUpdate
        )
    {
        Validation storage v = _validations[requestHash];
        return (v.validatorAddress, v.agentId, v.response, v.responseHash, v.tag, v.lastUpdate);
    }

    /// @notice Count and average score of an agent's answered validations,
    /// only from validatorAddresses when given and with tag when not empty.
    function getSummary(uint256 agentId, address[] calldata validatorAddresses, string calldata tag)
        external
        view
        returns (uint64 count, uint8 averageResponse)
    {
        bytes32[] storage hashes = _byAgent[agentId];
        bytes32 wantTag = keccak256(bytes(tag));
        uint256 sum;
        for (uint256 i = 0; i < hashes.length; i++) {
            Validation storage v = _validations[hashes[i]];
            if (v.lastUpdate == 0) continue;
            if (bytes(tag).length != 0 && keccak256(bytes(v.tag)) != wantTag) continue;
            if (validatorAddresses.length != 0 && !_contains(validatorAddresses, v.validatorAddress)) continue;
            sum += v.response;
            count++;
        }
        if (count != 0) averageResponse = uint8(sum / count);
    }

    function getAgentValidations(uint256 agentId) external view returns (bytes32[] memory requestHashes) {
        return _byAgent[agentId];
    }

    function getValidatorRequests(address validatorAddress) external view returns (bytes32[] memory requestHashes) {
        return _byValidator[validatorAddress];
    }

    function _contains(address[] calldata list, address a) private pure returns (bool) {
        for (uint256 i = 0; i < list.length; i++) {
            if (list[i] == a) return true;
        }
        return false;
    }
}
