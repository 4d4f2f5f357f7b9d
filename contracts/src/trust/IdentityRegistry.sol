// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721Base} from "./ERC721Base.sol";

/// @notice ERC-1271: signature validation by contract wallets.
interface IERC1271 {
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4);
}

/// @notice The ERC-8004 Identity Registry functions beyond ERC-721. Other
/// deployments need not declare it through ERC-165; ours does.
interface IERC8004Identity {
    function register(string calldata agentURI) external returns (uint256 agentId);
    function setAgentURI(uint256 agentId, string calldata newURI) external;
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory);
    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external;
    function getAgentWallet(uint256 agentId) external view returns (address);
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external;
    function unsetAgentWallet(uint256 agentId) external;
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool);
    function getVersion() external pure returns (string memory);
}

/// @notice ERC-5267: where EIP-712 signers read the signing domain.
interface IERC5267 {
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        );
}

/// @title ERC-8004 ("Trustless Agents") Identity Registry.
/// @notice Each agent is an ERC-721 token whose tokenURI (the agentURI)
/// resolves to the agent's registration file. agentIds are assigned from 0
/// upwards. Owners (or their approved operators) update the URI and
/// on-chain metadata; the reserved key "agentWallet" is the agent's payment
/// wallet: the registering owner at first, changed only with the new
/// wallet's EIP-712 (or ERC-1271) signature, cleared on transfer. The
/// signing domain is published through ERC-5267 (eip712Domain).
contract IdentityRegistry is ERC721Base, IERC8004Identity, IERC5267 {
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);
    event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue);
    /// @notice ERC-4906: the token's metadata (its URI) changed.
    event MetadataUpdate(uint256 _tokenId);

    bytes32 private constant WALLET_KEY = keccak256("agentWallet");
    bytes32 private constant WALLET_SET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    string private constant DOMAIN_NAME = "ERC8004IdentityRegistry";
    string private constant DOMAIN_VERSION = "1";
    uint256 private constant MAX_DEADLINE_DELAY = 5 minutes;
    // secp256k1n / 2: larger s values are the malleable twins (EIP-2).
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    uint256 private _nextId;
    mapping(uint256 => string) private _uris;
    mapping(uint256 => mapping(bytes32 => bytes)) private _metadata;
    mapping(uint256 => address) private _wallets;

    constructor() ERC721Base("AgentIdentity", "AGENT") {}

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == 0x49064906 // ERC-4906
            || interfaceId == type(IERC8004Identity).interfaceId || interfaceId == type(IERC5267).interfaceId
            || super.supportsInterface(interfaceId);
    }

    function register() external returns (uint256 agentId) {
        return _register("", new MetadataEntry[](0));
    }

    function register(string calldata agentURI) external returns (uint256 agentId) {
        return _register(agentURI, new MetadataEntry[](0));
    }

    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId) {
        return _register(agentURI, metadata);
    }

    function tokenURI(uint256 agentId) public view override returns (string memory) {
        ownerOf(agentId);
        return _uris[agentId];
    }

    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _requireAuthorized(agentId);
        _uris[agentId] = newURI;
        emit URIUpdated(agentId, newURI, msg.sender);
        emit MetadataUpdate(agentId);
    }

    /// @notice The value of metadataKey for agentId; empty when unset.
    /// "agentWallet" reads the agent wallet, 20 bytes (empty when unset).
    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        if (keccak256(bytes(metadataKey)) == WALLET_KEY) {
            address w = _wallets[agentId];
            return w == address(0) ? bytes("") : abi.encodePacked(w);
        }
        return _metadata[agentId][keccak256(bytes(metadataKey))];
    }

    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _requireAuthorized(agentId);
        _setMetadata(agentId, metadataKey, metadataValue);
    }

    /// @notice The agent wallet; zero for an agent without one and for an
    /// agentId never minted.
    function getAgentWallet(uint256 agentId) external view returns (address) {
        return _wallets[agentId];
    }

    /// @notice Whether spender may manage agentId: its owner, the owner's
    /// operator or the agent's approved address. Reverts for an unknown
    /// agentId, so a caller gating on it also refuses agents never minted.
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _isAuthorized(ownerOf(agentId), spender, agentId);
    }

    function getVersion() external pure returns (string memory) {
        return "2.0.0";
    }

    /// @notice Sets the agent wallet to newWallet, which proves control by
    /// signing AgentWalletSet(agentId, newWallet, owner, deadline) (EIP-712,
    /// domain "ERC8004IdentityRegistry" version "1"), or through ERC-1271 when
    /// it is a contract. The deadline is at most five minutes ahead. The
    /// domain is the one eip712Domain() returns.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external {
        require(newWallet != address(0), "IdentityRegistry: zero wallet");
        require(block.timestamp <= deadline, "IdentityRegistry: signature expired");
        require(deadline <= block.timestamp + MAX_DEADLINE_DELAY, "IdentityRegistry: deadline too far ahead");
        address owner = _requireAuthorized(agentId);
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                _domainSeparator(),
                keccak256(abi.encode(WALLET_SET_TYPEHASH, agentId, newWallet, owner, deadline))
            )
        );
        if (newWallet.code.length == 0) {
            require(_recover(digest, signature) == newWallet, "IdentityRegistry: invalid wallet signature");
        } else {
            require(
                IERC1271(newWallet).isValidSignature(digest, signature) == IERC1271.isValidSignature.selector,
                "IdentityRegistry: invalid wallet signature"
            );
        }
        _wallets[agentId] = newWallet;
        emit MetadataSet(agentId, "agentWallet", "agentWallet", abi.encodePacked(newWallet));
    }

    function unsetAgentWallet(uint256 agentId) external {
        _requireAuthorized(agentId);
        _clearWallet(agentId);
    }

    /// @notice ERC-5267: the EIP-712 domain of setAgentWallet signatures
    /// (name, version, chainId and verifyingContract; no salt).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", DOMAIN_NAME, DOMAIN_VERSION, block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    function _domainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes(DOMAIN_NAME)), keccak256(bytes(DOMAIN_VERSION)), block.chainid, address(this)
            )
        );
    }

    function _register(string memory agentURI, MetadataEntry[] memory metadata) private returns (uint256 agentId) {
        agentId = _nextId++;
        _wallets[agentId] = msg.sender;
        if (bytes(agentURI).length != 0) {
            _uris[agentId] = agentURI;
        }
        emit Registered(agentId, agentURI, msg.sender);
        emit MetadataSet(agentId, "agentWallet", "agentWallet", abi.encodePacked(msg.sender));
        for (uint256 i = 0; i < metadata.length; ++i) {
            _setMetadata(agentId, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        _safeMint(msg.sender, agentId); // last: it may call into the receiver
    }

    function _setMetadata(uint256 agentId, string memory key, bytes memory value) private {
        require(keccak256(bytes(key)) != WALLET_KEY, "IdentityRegistry: agentWallet is reserved: use setAgentWallet");
        _metadata[agentId][keccak256(bytes(key))] = value;
        emit MetadataSet(agentId, key, key, value);
    }

    function _requireAuthorized(uint256 agentId) private view returns (address owner) {
        owner = ownerOf(agentId);
        require(_isAuthorized(owner, msg.sender, agentId), "IdentityRegistry: not the agent's owner or operator");
    }

    function _clearWallet(uint256 agentId) private {
        delete _wallets[agentId];
        emit MetadataSet(agentId, "agentWallet", "agentWallet", "");
    }

    /// @dev A new owner must prove a wallet again: the old one is not theirs.
    function _afterTransfer(address, address, uint256 tokenId) internal override {
        _clearWallet(tokenId);
    }

    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address signer) {
        require(sig.length == 65, "IdentityRegistry: signature must be 65 bytes");
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) {
            v += 27;
        }
        require(uint256(s) <= HALF_N && (v == 27 || v == 28), "IdentityRegistry: malleable signature");
        signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "IdentityRegistry: invalid wallet signature");
    }
}
