// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ERC-20 pool shares with a hook before every balance change.
/// @notice Like the fixed-product market maker's original shares: no name,
/// symbol or decimals, and _beforeTokenTransfer(from, to, amount) runs
/// before each transfer, mint (from = 0) and burn (to = 0), so the market
/// maker can settle the holder's fees first.
abstract contract PoolShares {
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    uint256 private _totalSupply;
    mapping(address => uint256) private _balances;
    mapping(address => mapping(address => uint256)) private _allowances;

    function totalSupply() public view returns (uint256) {
        return _totalSupply;
    }

    function balanceOf(address account) public view returns (uint256) {
        return _balances[account];
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = _allowances[from][msg.sender];
        require(allowed >= value, "ERC20: transfer amount exceeds allowance");
        _approve(from, msg.sender, allowed - value);
        _transfer(from, to, value);
        return true;
    }

    function _approve(address owner, address spender, uint256 value) private {
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _transfer(address from, address to, uint256 value) private {
        require(from != address(0), "ERC20: transfer from the zero address");
        require(to != address(0), "ERC20: transfer to the zero address");
        _beforeTokenTransfer(from, to, value);
        uint256 bal = _balances[from];
        require(bal >= value, "ERC20: transfer amount exceeds balance");
        unchecked {
            _balances[from] = bal - value;
        }
        _balances[to] += value;
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 value) internal {
        require(to != address(0), "ERC20: mint to the zero address");
        _beforeTokenTransfer(address(0), to, value);
        _totalSupply += value;
        _balances[to] += value;
        emit Transfer(address(0), to, value);
    }

    function _burn(address from, uint256 value) internal {
        require(from != address(0), "ERC20: burn from the zero address");
        _beforeTokenTransfer(from, address(0), value);
        uint256 bal = _balances[from];
        require(bal >= value, "ERC20: burn amount exceeds balance");
        unchecked {
            _balances[from] = bal - value;
            _totalSupply -= value;
        }
        emit Transfer(from, address(0), value);
    }

    function _beforeTokenTransfer(address from, address to, uint256 value) internal virtual;
}
