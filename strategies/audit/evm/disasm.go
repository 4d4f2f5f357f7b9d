package evm

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Instruction is one decoded instruction.
type Instruction struct {
	PC  int
	Op  OpCode
	Arg []byte // PUSH immediate; shorter than declared when the code ends early
}

// String renders "0x002a PUSH1 0x80".
func (in Instruction) String() string {
	if len(in.Arg) > 0 {
		return fmt.Sprintf("0x%04x %s 0x%s", in.PC, in.Op, hex.EncodeToString(in.Arg))
	}
	return fmt.Sprintf("0x%04x %s", in.PC, in.Op)
}

// Disassemble decodes code linearly. PUSH data is skipped as data, so a
// 0x5b byte inside it is not a JUMPDEST, as the EVM itself decides.
func Disassemble(code []byte) []Instruction {
	out := make([]Instruction, 0, len(code)/2+1)
	for pc := 0; pc < len(code); {
		op := OpCode(code[pc])
		in := Instruction{PC: pc, Op: op}
		n := table[op].imm
		if n > 0 {
			end := min(pc+1+n, len(code))
			in.Arg = code[pc+1 : end]
		}
		out = append(out, in)
		pc += 1 + n
	}
	return out
}

// Format renders a listing, one instruction per line.
func Format(code []byte) string {
	var b strings.Builder
	for _, in := range Disassemble(code) {
		b.WriteString(in.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// argValue returns a PUSH immediate as a number when it fits in 64 bits.
func argValue(arg []byte) (uint64, bool) {
	var v uint64
	for i, b := range arg {
		if b != 0 && len(arg)-i > 8 {
			return 0, false
		}
		v = v<<8 | uint64(b)
	}
	return v, true
}
