package audit

// detectorDocs are the known limits of each source detector and a short
// example it flags, for `agentctl scan --list`.
var detectorDocs = map[string]struct{ limits, example string }{
	"tx-origin": {
		"Sees comparisons in require/assert/if conditions of functions and modifiers, through local copies; " +
			"not tx.origin passed to another contract that checks it there. tx.origin == msg.sender (an EOA check) is not reported.",
		"require(tx.origin == owner);",
	},
	"unprotected-selfdestruct": {
		"An access check is any guard comparing the caller with state, a membership test or an onlyX modifier; " +
			"a check that is present but wrong (comparing with a variable anyone can set) is not seen here.",
		"function kill() public { selfdestruct(payable(msg.sender)); }",
	},
	"unprotected-setter": {
		"Privileged state is what some access check compares the caller with, or a delegatecall target; " +
			"a variable that grants power in some other way (a fee recipient never checked) is not covered. " +
			"Writes keyed by the caller (their own approvals) and initialisers guarded by a flag they set pass.",
		"function setOwner(address o) public { owner = o; }",
	},
	"unprotected-withdrawal": {
		"Only payouts of the whole balance (address(this).balance) to the caller or an argument; " +
			"draining through repeated partial payouts is payout-without-reset's case.",
		"function sweep(address payable to) public { to.transfer(address(this).balance); }",
	},
	"default-visibility": {
		"0.4 code only (0.5+ requires the keyword). Functions that move ether or privileged state are high; " +
			"the rest are info style notes, which --fail-on low ignores.",
		"function _payout(address to) { to.transfer(1 ether); }  // no visibility: public",
	},
	"constructor-name": {
		"0.4 only: a function named within two edits of the contract that initialises owner-like state, " +
			"in a contract with no real constructor.",
		"contract Wallet { function wallet() public { owner = msg.sender; } }",
	},
	"ecrecover-zero": {
		"Looks for a zero-address check of the recovered signer in the same function; " +
			"a check made by a caller or a helper that returns the signer is not followed.",
		"address s = ecrecover(h, v, r, s_); require(s == signer);  // signer may be unset",
	},
	"integer-overflow": {
		"Only operands that are the function's own arguments (or plain copies), unbounded by an earlier check, " +
			"before 0.8 or in unchecked blocks; values computed from arguments and owner-only functions are not followed.",
		"balances[msg.sender] -= amount;  // 0.4, no require(balances[msg.sender] >= amount)",
	},
	"unchecked-call": {
		"Low-level call, send, delegatecall, callcode whose success is dropped or stored in a bool never read; " +
			"a result checked in another function is not followed.",
		"msg.sender.send(amount);",
	},
	"controlled-delegatecall": {
		"Targets that come from arguments or calldata; a stored target set by an unprotected setter is " +
			"unprotected-setter's finding. Calls guarded by an access check or an _authorize* hook pass.",
		"function run(address lib, bytes calldata d) external { lib.delegatecall(d); }",
	},
	"dos-call-in-loop": {
		"Value transfers and calls into stored contracts inside loops; a batch whose targets and calldata " +
			"one party composed (multicall, a timelock or governor executing a proposal) is not reported.",
		"for (uint i; i < payees.length; i++) payees[i].transfer(share);",
	},
	"dos-unbounded-loop": {
		"Loops whose bound is (a local copy of) the length of a state array a public function can grow; " +
			"growth capped by a constant, and loops bounded by a constant, pass. Mappings iterated by counters are not seen.",
		"for (uint i; i < holders.length; i++) total += balance[holders[i]];",
	},
	"dos-push-payment": {
		"Outside loops: a required payment to a stored address a caller can set (the previous leader, a drawn winner).",
		"require(highestBidder.send(highestBid));  // a refusing bidder blocks all bids",
	},
	"erc20-approve-race": {
		"approve/permit that overwrite a non-zero allowance; this is a property of ERC-20 itself, reported low.",
		"function approve(address s, uint v) public { allowance[msg.sender][s] = v; }",
	},
	"tx-order-price": {
		"A price set from an argument by one function and charged by a payable or paying function of the same contract; " +
			"buyers that pass and check the expected price are protected. Prices read from other contracts are not followed.",
		"function setPrice(uint p) public onlyOwner { price = p; }  // buy() charges price",
	},
	"first-claim": {
		"A payment to the caller guarded by hash(argument) == stored value: the answer is visible in the mempool.",
		"require(keccak256(abi.encodePacked(answer)) == hash); msg.sender.transfer(prize);",
	},
	"uninitialized-storage": {
		"0.4 local structs and arrays declared without a location and without a value.",
		"Deal d; d.owner = msg.sender;  // writes slot 0",
	},
	"shadowed-state": {
		"Non-private state variables declared again in a derived contract (0.4 and 0.5; an error from 0.6). " +
			"A private base variable is invisible to derived contracts and not reported.",
		"contract Token is Owned { address owner; }",
	},
	"locked-ether": {
		"Concrete contracts only, with every base scanned; ether leaving through another contract's code " +
			"(a library delegatecall) counts as a way out.",
		"contract Jar { function() external payable {} }  // no way to send it out",
	},
	"short-address": {
		"0.4 ERC-20 transfer without a msg.data.length check; from 0.5 the ABI decoder rejects short calldata.",
		"function transfer(address to, uint v) public returns (bool)  // 0.4",
	},
	"reentrancy": {
		"A call to code the caller chooses (low-level, value-forwarding or to a caller-chosen contract; send and transfer " +
			"at low confidence) followed by a state write in the same function, modifiers and internal calls inlined. " +
			"Not reported: nonReentrant-style guards and inline lock flags, owner/role-only functions, restoring a saved value, " +
			"writes re-checked after the call, credits. Cross-contract and read-only reentrancy are not modelled.",
		"(bool ok,) = msg.sender.call{value: bal}(\"\"); balances[msg.sender] = 0;",
	},
	"weak-randomness": {
		"Block values (hash, number, timestamp, prevrandao, coinbase) hashed or taken modulo, directly or through locals; " +
			"a hash handed on as a key or argument (an id) and a getter returning blockhash pass.",
		"uint winner = uint(keccak256(abi.encodePacked(block.timestamp))) % players.length;",
	},
	"timestamp-dependence": {
		"Conditions with modulo or equality on the block time, or windows under 15 minutes, directly or through locals; " +
			"coarse deadlines, day numbers (now / 1 days) and same-block checks against a recorded timestamp pass.",
		"if (block.timestamp % 7 == 0) { payout(); }",
	},
	"payout-without-reset": {
		"Payouts of the caller's entry in a mapping (directly or via a local) where the function never writes that mapping " +
			"and sets no flag its guards check; clearing the entry in another function called first is not followed.",
		"function refund() public { msg.sender.transfer(deposits[msg.sender]); }",
	},
	"array-length-underflow": {
		"0.4 and 0.5 code: length-- or length -= n on a state array with no check that the length is above zero.",
		"function pop() public { queue.length--; }",
	},
}
