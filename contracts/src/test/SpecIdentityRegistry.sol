// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721Base} from "../trust/ERC721Base.sol";

/// @title Test helper, not for real use: an Identity Registry that behaves
/// as the ERC-8004 text describes the deployed reference registry: the agent
/// wallet lives in the "agentWallet" metadata entry (set to the registrant,
/// cleared on transfer), getAgentWallet reads it (zero when empty) and
/// isAuthorizedOrOwner is the check reputation registries call. Tests pair
/// it with agentctl's ReputationRegistry.
contract SpecIdentityRegistry is ERC721Base {
    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue);

    uint256 private _lastId;
    mapping(uint256 => string) private _uris;
    mapping(uint256 => mapping(string => bytes)) private _metadata;

    constructor() ERC721Base("AgentIdentity", "AGENT") {}

    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _lastId++;
        _uris[agentId] = agentURI;
        _metadata[agentId]["agentWallet"] = abi.encodePacked(msg.sender);
        _safeMint(msg.sender, agentId);
        emit Registered(agentId, agentURI, msg.sender);
        emit MetadataSet(agentId, "agentWallet", "agentWallet", abi.encodePacked(msg.sender));
    }

    function tokenURI(uint256 agentId) public view override returns (string memory) {
        ownerOf(agentId);
        return _uris[agentId];
    }

    function setAgentURI(uint256 agentId, string calldata newURI) external {
        require(_isAuthorized(ownerOf(agentId), msg.sender, agentId), "Not authorized");
        _uris[agentId] = newURI;
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        return _metadata[agentId][metadataKey];
    }

    function getAgentWallet(uint256 agentId) external view returns (address) {
        return address(bytes20(_metadata[agentId]["agentWallet"]));
    }

    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _isAuthorized(ownerOf(agentId), spender, agentId);
    }

    function getVersion() external pure returns (string memory) {
        return "2.0.0";
    }

    function _afterTransfer(address, address, uint256 tokenId) internal override {
        _metadata[tokenId]["agentWallet"] = "";
        emit MetadataSet(tokenId, "agentWallet", "agentWallet", "");
    }
}
