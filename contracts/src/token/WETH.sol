// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Wrapped Ether with the WETH9 interface.
/// @notice Deposit ETH (or send it plainly) to get the same amount of WETH; withdraw
/// to get it back. Like WETH9: 18 decimals, totalSupply is the contract's ETH
/// balance, deposits and withdrawals log only Deposit/Withdrawal, an allowance of
/// type(uint256).max is infinite and transferFrom by the owner needs no allowance.
/// Unlike WETH9 there is no catch-all fallback: an unknown selector reverts instead
/// of silently depositing, so a call to a missing function (e.g. permit) cannot
/// look like a success.
contract WETH {
    string public constant name = "Wrapped Ether";
    string public constant symbol = "WETH";
    uint8 public constant decimals = 18;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Approval(address indexed src, address indexed guy, uint256 wad);
    event Transfer(address indexed src, address indexed dst, uint256 wad);
    event Deposit(address indexed dst, uint256 wad);
    event Withdrawal(address indexed src, uint256 wad);

    receive() external payable {
        deposit();
    }

    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 wad) external {
        require(balanceOf[msg.sender] >= wad, "WETH: insufficient balance");
        unchecked {
            balanceOf[msg.sender] -= wad;
        }
        emit Withdrawal(msg.sender, wad);
        // State is settled before the call, so re-entering finds nothing extra to take.
        (bool ok,) = payable(msg.sender).call{value: wad}("");
        require(ok, "WETH: ETH transfer failed");
    }

    function totalSupply() external view returns (uint256) {
        return address(this).balance;
    }

    function approve(address guy, uint256 wad) external returns (bool) {
        allowance[msg.sender][guy] = wad;
        emit Approval(msg.sender, guy, wad);
        return true;
    }

    function transfer(address dst, uint256 wad) external returns (bool) {
        return transferFrom(msg.sender, dst, wad);
    }

    function transferFrom(address src, address dst, uint256 wad) public returns (bool) {
        require(balanceOf[src] >= wad, "WETH: insufficient balance");
        if (src != msg.sender) {
            uint256 allowed = allowance[src][msg.sender];
            if (allowed != type(uint256).max) {
                require(allowed >= wad, "WETH: insufficient allowance");
                unchecked {
                    allowance[src][msg.sender] = allowed - wad;
                }
            }
        }
        unchecked {
            balanceOf[src] -= wad;
            // Cannot overflow: all balances together are at most the ETH held here.
            balanceOf[dst] += wad;
        }
        emit Transfer(src, dst, wad);
        return true;
    }
}
