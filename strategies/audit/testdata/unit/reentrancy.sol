// SPDX-License-Identifier: MIT
pragma solidity ^0.8.10;

interface IReceiver {
    function onPayment(uint256 amount) external;
}

// Unit fixture: `// expect: ID` marks the finding expected on the next line.
contract Bank {
    mapping(address => uint256) private credit;
    bool private busy;

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    // The ether leaves through a helper; the balance is cleared afterwards.
    function withdrawViaHelper() external {
        uint256 amount = credit[msg.sender];
        _send(payable(msg.sender), amount);
        credit[msg.sender] = 0;
    }

    function _send(address payable to, uint256 amount) private {
        // expect: reentrancy
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "send failed");
    }

    // Checks-effects-interactions: nothing is written after the call.
    function withdrawSafe() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "send failed");
    }

    // An inline mutex: the flag is checked and set before the call.
    function withdrawMutex() external {
        require(!busy, "busy");
        busy = true;
        uint256 amount = credit[msg.sender];
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "send failed");
        credit[msg.sender] = 0;
        busy = false;
    }

    // transfer forwards 2300 gas: not enough to re-enter today, but the
    // books are updated after paying, which relies on that stipend.
    function withdrawTransfer() external {
        uint256 amount = credit[msg.sender];
        // expect: reentrancy
        payable(msg.sender).transfer(amount);
        credit[msg.sender] = 0;
    }

    // A callback into a contract the caller chooses, before the update.
    function notify(address receiver) external {
        uint256 amount = credit[msg.sender];
        // expect: reentrancy
        IReceiver(receiver).onPayment(amount);
        credit[msg.sender] = 0;
    }
}
