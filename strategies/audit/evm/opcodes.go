// Package evm analyses deployed bytecode: an opcode table and
// disassembler, basic blocks with statically resolved jumps, an abstract
// interpreter that follows constants and data origins across blocks, and
// detectors built on it. It also recognises EIP-1167 clones and EIP-1967
// proxies and resolves their implementation through any node that answers
// CodeAt and StorageAt (ethclient or the simulated backend).
package evm

import "fmt"

// OpCode is one EVM instruction byte.
type OpCode byte

// The opcodes the analysis refers to by name.
const (
	STOP         OpCode = 0x00
	ADD          OpCode = 0x01
	MUL          OpCode = 0x02
	SUB          OpCode = 0x03
	DIV          OpCode = 0x04
	EXP          OpCode = 0x0a
	LT           OpCode = 0x10
	GT           OpCode = 0x11
	EQ           OpCode = 0x14
	ISZERO       OpCode = 0x15
	AND          OpCode = 0x16
	OR           OpCode = 0x17
	XOR          OpCode = 0x18
	NOT          OpCode = 0x19
	SHL          OpCode = 0x1b
	SHR          OpCode = 0x1c
	ORIGIN       OpCode = 0x32
	CALLER       OpCode = 0x33
	CALLVALUE    OpCode = 0x34
	CALLDATALOAD OpCode = 0x35
	CALLDATASIZE OpCode = 0x36
	POP          OpCode = 0x50
	MLOAD        OpCode = 0x51
	MSTORE       OpCode = 0x52
	MSTORE8      OpCode = 0x53
	SLOAD        OpCode = 0x54
	SSTORE       OpCode = 0x55
	JUMP         OpCode = 0x56
	JUMPI        OpCode = 0x57
	PC           OpCode = 0x58
	JUMPDEST     OpCode = 0x5b
	TSTORE       OpCode = 0x5d
	PUSH0        OpCode = 0x5f
	PUSH1        OpCode = 0x60
	PUSH32       OpCode = 0x7f
	DUP1         OpCode = 0x80
	DUP16        OpCode = 0x8f
	SWAP1        OpCode = 0x90
	SWAP16       OpCode = 0x9f
	CALL         OpCode = 0xf1
	CALLCODE     OpCode = 0xf2
	RETURN       OpCode = 0xf3
	DELEGATECALL OpCode = 0xf4
	STATICCALL   OpCode = 0xfa
	REVERT       OpCode = 0xfd
	INVALID      OpCode = 0xfe
	SELFDESTRUCT OpCode = 0xff
)

// opInfo describes an opcode: its mnemonic, immediate bytes and stack
// effect. Halting opcodes end a path.
type opInfo struct {
	name   string
	imm    int
	pops   int
	pushes int
	halts  bool
	valid  bool
}

var table [256]opInfo

func def(op OpCode, name string, pops, pushes int) {
	table[op] = opInfo{name: name, pops: pops, pushes: pushes, valid: true}
}

func init() {
	// Arithmetic, comparison and bitwise (Yellow Paper appendix H, and
	// EIP-145 for the shifts).
	def(STOP, "STOP", 0, 0)
	for i, n := range []string{"ADD", "MUL", "SUB", "DIV", "SDIV", "MOD", "SMOD"} {
		def(OpCode(0x01+i), n, 2, 1)
	}
	def(0x08, "ADDMOD", 3, 1)
	def(0x09, "MULMOD", 3, 1)
	def(0x0a, "EXP", 2, 1)
	def(0x0b, "SIGNEXTEND", 2, 1)
	for i, n := range []string{"LT", "GT", "SLT", "SGT", "EQ"} {
		def(OpCode(0x10+i), n, 2, 1)
	}
	def(ISZERO, "ISZERO", 1, 1)
	def(AND, "AND", 2, 1)
	def(OR, "OR", 2, 1)
	def(XOR, "XOR", 2, 1)
	def(NOT, "NOT", 1, 1)
	def(0x1a, "BYTE", 2, 1)
	def(SHL, "SHL", 2, 1)
	def(SHR, "SHR", 2, 1)
	def(0x1d, "SAR", 2, 1)
	def(0x20, "KECCAK256", 2, 1)
	// Environment.
	def(0x30, "ADDRESS", 0, 1)
	def(0x31, "BALANCE", 1, 1)
	def(ORIGIN, "ORIGIN", 0, 1)
	def(CALLER, "CALLER", 0, 1)
	def(CALLVALUE, "CALLVALUE", 0, 1)
	def(CALLDATALOAD, "CALLDATALOAD", 1, 1)
	def(CALLDATASIZE, "CALLDATASIZE", 0, 1)
	def(0x37, "CALLDATACOPY", 3, 0)
	def(0x38, "CODESIZE", 0, 1)
	def(0x39, "CODECOPY", 3, 0)
	def(0x3a, "GASPRICE", 0, 1)
	def(0x3b, "EXTCODESIZE", 1, 1)
	def(0x3c, "EXTCODECOPY", 4, 0)
	def(0x3d, "RETURNDATASIZE", 0, 1)
	def(0x3e, "RETURNDATACOPY", 3, 0)
	def(0x3f, "EXTCODEHASH", 1, 1)
	// Block information (PREVRANDAO is the old DIFFICULTY, EIP-4399;
	// BLOBHASH and BLOBBASEFEE come with EIP-4844 and EIP-7516).
	def(0x40, "BLOCKHASH", 1, 1)
	for i, n := range []string{"COINBASE", "TIMESTAMP", "NUMBER", "PREVRANDAO", "GASLIMIT", "CHAINID", "SELFBALANCE", "BASEFEE"} {
		def(OpCode(0x41+i), n, 0, 1)
	}
	def(0x49, "BLOBHASH", 1, 1)
	def(0x4a, "BLOBBASEFEE", 0, 1)
	// Stack, memory, storage and flow (TLOAD/TSTORE EIP-1153, MCOPY
	// EIP-5656, PUSH0 EIP-3855).
	def(POP, "POP", 1, 0)
	def(MLOAD, "MLOAD", 1, 1)
	def(MSTORE, "MSTORE", 2, 0)
	def(MSTORE8, "MSTORE8", 2, 0)
	def(SLOAD, "SLOAD", 1, 1)
	def(SSTORE, "SSTORE", 2, 0)
	def(JUMP, "JUMP", 1, 0)
	def(JUMPI, "JUMPI", 2, 0)
	def(PC, "PC", 0, 1)
	def(0x59, "MSIZE", 0, 1)
	def(0x5a, "GAS", 0, 1)
	def(JUMPDEST, "JUMPDEST", 0, 0)
	def(0x5c, "TLOAD", 1, 1)
	def(TSTORE, "TSTORE", 2, 0)
	def(0x5e, "MCOPY", 3, 0)
	def(PUSH0, "PUSH0", 0, 1)
	for i := 1; i <= 32; i++ {
		op := PUSH1 + OpCode(i-1)
		def(op, fmt.Sprintf("PUSH%d", i), 0, 1)
		table[op].imm = i
	}
	for i := 1; i <= 16; i++ {
		def(DUP1+OpCode(i-1), fmt.Sprintf("DUP%d", i), i, i+1)
		def(SWAP1+OpCode(i-1), fmt.Sprintf("SWAP%d", i), i+1, i+1)
	}
	for i := 0; i <= 4; i++ {
		def(OpCode(0xa0+i), fmt.Sprintf("LOG%d", i), 2+i, 0)
	}
	// System operations.
	def(0xf0, "CREATE", 3, 1)
	def(CALL, "CALL", 7, 1)
	def(CALLCODE, "CALLCODE", 7, 1)
	def(RETURN, "RETURN", 2, 0)
	def(DELEGATECALL, "DELEGATECALL", 6, 1)
	def(0xf5, "CREATE2", 4, 1)
	def(STATICCALL, "STATICCALL", 6, 1)
	def(REVERT, "REVERT", 2, 0)
	def(INVALID, "INVALID", 0, 0)
	def(SELFDESTRUCT, "SELFDESTRUCT", 1, 0)
	for _, op := range []OpCode{STOP, RETURN, REVERT, INVALID, SELFDESTRUCT} {
		table[op].halts = true
	}
}

// String is the mnemonic, or "0xNN" for bytes that are no instruction.
func (op OpCode) String() string {
	if table[op].valid {
		return table[op].name
	}
	return fmt.Sprintf("0x%02x", byte(op))
}

// Valid reports whether the byte is a defined instruction.
func (op OpCode) Valid() bool { return table[op].valid }

// IsPush reports PUSH1..PUSH32 (not PUSH0, which has no immediate).
func (op OpCode) IsPush() bool { return op >= PUSH1 && op <= PUSH32 }

// Halts reports instructions that end execution; undefined bytes halt
// too (they behave as INVALID).
func (op OpCode) Halts() bool { return table[op].halts || !table[op].valid }

// OpByName looks a mnemonic up (for assembling test programs).
func OpByName(name string) (OpCode, bool) {
	for i, info := range table {
		if info.valid && info.name == name {
			return OpCode(i), true
		}
	}
	return 0, false
}
