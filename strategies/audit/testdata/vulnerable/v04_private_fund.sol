pragma solidity ^0.4.18;

contract TransferLog {
    struct Entry {
        address sender;
        string kind;
        uint amount;
        uint time;
    }

    Entry[] public history;

    function addEntry(address sender, uint amount, string kind) public {
        history.push(Entry(sender, kind, amount, now));
    }
}

// A members' fund: deposits, withdrawals and internal transfers between members.
contract PrivateFund {
    address public owner;
    mapping(address => uint) public balances;
    TransferLog public log;

    function PrivateFund(address logAddress) public {
        owner = msg.sender;
        log = TransferLog(logAddress);
    }

    function setLog(address logAddress) public {
        // <yes> <report> ACCESS_CONTROL
        require(tx.origin == owner);
        log = TransferLog(logAddress);
    }

    function deposit() public payable {
        balances[msg.sender] += msg.value;
        log.addEntry(msg.sender, msg.value, "deposit");
    }

    function move(address to, uint amount) public {
        if (balances[msg.sender] >= amount) {
            balances[msg.sender] -= amount;
            balances[to] += amount;
        }
    }

    // move() can be re-entered from the call below while the old balance is still recorded.
    function withdrawAll() public {
        uint amount = balances[msg.sender];
        require(amount > 0);
        // <yes> <report> REENTRANCY
        if (msg.sender.call.value(amount)()) {
            balances[msg.sender] = 0;
            log.addEntry(msg.sender, amount, "withdraw");
        }
    }
}
