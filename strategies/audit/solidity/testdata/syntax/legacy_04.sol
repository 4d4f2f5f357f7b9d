pragma solidity ^0.4.11;
contract Old {
    struct S { uint a; }
    mapping (address => uint) balances;
    function Old() { }
    function f(uint[] a) constant returns (uint) {
        var x = 1;
        uint[] memory b = new uint[](2);
        if (a.length == 0) throw;
        bytes32 h = sha3(msg.sender, now, block.blockhash(block.number - 1));
        msg.sender.call.gas(2300).value(1)();
        address(this).callcode(bytes4(sha3("x()")));
        return x + b.length;
    }
    function () payable { }
    modifier m { if (msg.sender != 0x0) _; }
}
