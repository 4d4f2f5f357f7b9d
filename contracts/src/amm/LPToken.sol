// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Permit} from "../interfaces/IERC20Permit.sol";
import {ERC20Base} from "../token/ERC20Base.sol";

/// @title The pair's LP token: ERC-20 plus EIP-2612 permit, as Uniswap V2's.
/// @dev The EIP-712 domain is {name: "Uniswap V2", version: "1", chainId, this},
/// recomputed if the chain ID ever differs from the one at deployment.
abstract contract LPToken is ERC20Base, IERC20Permit {
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    mapping(address => uint256) public override nonces;

    uint256 private immutable deployChainId;
    bytes32 private immutable deployDomainSeparator;

    constructor() ERC20Base("Uniswap V2", "UNI-V2", 18) {
        deployChainId = block.chainid;
        deployDomainSeparator = _domainSeparator();
    }

    function DOMAIN_SEPARATOR() public view override returns (bytes32) {
        return block.chainid == deployChainId ? deployDomainSeparator : _domainSeparator();
    }

    function _domainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes("1")),
                block.chainid,
                address(this)
            )
        );
    }

    /// @notice Sets allowance[owner][spender] = value from owner's signature.
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        override
    {
        require(deadline >= block.timestamp, "UniswapV2: EXPIRED");
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                DOMAIN_SEPARATOR(),
                keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++, deadline))
            )
        );
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == owner, "UniswapV2: INVALID_SIGNATURE");
        allowance[owner][spender] = value;
        emit Approval(owner, spender, value);
    }
}
