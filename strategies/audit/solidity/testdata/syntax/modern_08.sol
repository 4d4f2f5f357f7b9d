// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import "./a.sol" as A;

interface IA { function f() external view returns (uint256); }
interface IB { function f() external view returns (uint256); }

abstract contract Base is IA, IB {
    function f() public view virtual override(IA, IB) returns (uint256) { return 1; }
}

contract Tricky is Base {
    using {add as +, sub as -} for Fixed global;
    type Fixed is int256;
    event Ev(uint indexed a, bytes b);
    error Bad(uint code);
    mapping(address => mapping(uint256 => bool)) private seen;
    uint256[3] public fixedArr = [uint256(1), 2, 3];
    bytes32 public constant ROLE = keccak256("ROLE");
    uint256 transient lockSlot;

    function f() public view override returns (uint256) { return super.f() + type(uint8).max; }

    function g(bytes calldata data) external returns (uint256 x, address y) {
        (x, y) = abi.decode(data, (uint256, address));
        for (uint256 i; i < 10; ) {
            unchecked { ++i; }
        }
        emit Ev({a: x, b: data[4:]});
        bytes memory h = hex"00ff" hex"aa";
        string memory s = unicode"Hello 😃";
        bytes4 id = type(IA).interfaceId;
        address payable p = payable(address(0));
        x = x > 0 ? x : (y == address(0) ? 1 : 2);
        assembly {
            let ptr := mload(0x40)
            mstore(ptr, "}{")
            if iszero(x) { revert(0, 0) }
            for { let j := 0 } lt(j, 2) { j := add(j, 1) } { sstore(j, j) }
        }
        try IA(y).f() returns (uint256 v) { x = v; } catch Panic(uint256 c) { x = c; } catch (bytes memory) { revert Bad(1); }
        delete seen[y][x];
        x = x ** 2 >> 1 << 2 & 0xff | 1 ^ 3;
        new Tricky{salt: bytes32(0)}();
        (bool ok, ) = y.call{value: 1, gas: 5000}("");
        require(ok, Bad(2));
        return (x, y);
    }

    receive() external payable {}
    fallback() external payable {}
}

function add(Fixed a, Fixed b) pure returns (Fixed) { return Fixed.wrap(Fixed.unwrap(a) + Fixed.unwrap(b)); }
function sub(Fixed a, Fixed b) pure returns (Fixed) { return Fixed.wrap(Fixed.unwrap(a) - Fixed.unwrap(b)); }
