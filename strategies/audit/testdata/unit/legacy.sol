pragma solidity ^0.4.19;

// Unit fixture for 0.4-only issues.
contract Wallet {
    address public owner;
    struct Entry { address who; uint amount; }
    Entry[] public entries;

    // expect: constructor-name
    function wallet() public {
        owner = msg.sender;
    }

    // expect: default-visibility
    function drain(address to) {
        to.transfer(this.balance);
    }

    function record(uint amount) public {
        // expect: uninitialized-storage
        Entry e;
        e.who = msg.sender;
        e.amount = amount;
        entries.push(e);
    }

    function recordSafe(uint amount) public {
        Entry memory e = Entry(msg.sender, amount);
        entries.push(e);
    }

    function pay(address to, uint amount) public {
        require(msg.sender == owner);
        // expect: unchecked-call
        to.send(amount);
    }

    function payChecked(address to, uint amount) public {
        require(msg.sender == owner);
        if (!to.send(amount)) {
            revert();
        }
    }

    function() public payable {}
}
