package evm

import (
	"strconv"
	"strings"
)

// Origins of a stack value, as bits.
const (
	tCaller     uint16 = 1 << iota // CALLER
	tOrigin                        // ORIGIN
	tCalldata                      // CALLDATALOAD, CALLDATASIZE
	tStorage                       // SLOAD
	tCallResult                    // success flag of a CALL-like instruction
	tCallValue                     // CALLVALUE
)

// value is an abstract stack entry: a constant when known (up to 64
// bits; wider constants are unknown), with the origins it depends on and
// the call sites whose success flag flows into it.
type value struct {
	known bool
	n     uint64
	taint uint16
	calls uint64 // bit i: call site i
}

// frame is an abstract machine state at the start of a block.
type frame struct {
	pc    int
	stack []value
	cond  uint16 // origins of the branch conditions taken to get here
	mem   uint16 // origins of everything written to memory so far
}

// Site is an instruction of interest with what guarded the path to it.
type Site struct {
	PC    int
	Op    OpCode
	Cond  uint16 // origins of branch conditions on the path
	Taint uint16 // origins of the interesting operand (target, condition)
}

// callSite is a CALL-like instruction and whether its success flag was
// ever looked at (branched on, stored or returned).
type callSite struct {
	Site
	checked bool
}

// Facts is what the abstract interpreter learns about a program.
type Facts struct {
	Reached       map[int]bool // block starts reached from pc 0
	Selfdestructs []Site
	Delegates     []Site // DELEGATECALL and CALLCODE with their target's origins
	OriginBranch  []Site // JUMPIs whose condition depends on ORIGIN but not CALLER
	Calls         []*callSite
	// Incomplete is set when the state budget ran out before every path
	// was explored; facts are then a lower bound.
	Incomplete bool
	// Unresolved counts jumps whose target could not be computed.
	Unresolved int
}

// Budgets keep hostile bytecode from making the analysis explode.
const (
	maxStatesPerBlock = 64
	maxSteps          = 200000
	maxStack          = 1024
	keyDepth          = 10
)

type interp struct {
	g      *CFG
	facts  *Facts
	seen   map[int]map[string]bool
	work   []frame
	steps  int
	sites  map[int]int // pc -> index in facts.Calls
	found  map[string]bool
	branch map[int]bool
	curPC  int // pc of the instruction being executed
}

// Interpret explores every path from pc 0 with abstract values.
func Interpret(g *CFG) *Facts {
	x := &interp{g: g, facts: &Facts{Reached: map[int]bool{}}, seen: map[int]map[string]bool{},
		sites: map[int]int{}, found: map[string]bool{}, branch: map[int]bool{}}
	if len(g.Instrs) == 0 {
		return x.facts
	}
	x.push(frame{pc: 0})
	for len(x.work) > 0 {
		if x.steps >= maxSteps {
			x.facts.Incomplete = true
			break
		}
		f := x.work[len(x.work)-1]
		x.work = x.work[:len(x.work)-1]
		x.run(f)
	}
	return x.facts
}

// push queues a frame unless an identical one was seen or the block's
// budget is spent.
func (x *interp) push(f frame) {
	if x.g.Blocks[f.pc] == nil {
		return
	}
	key := f.key()
	s := x.seen[f.pc]
	if s == nil {
		s = map[string]bool{}
		x.seen[f.pc] = s
	}
	if s[key] {
		return
	}
	if len(s) >= maxStatesPerBlock {
		x.facts.Incomplete = true
		return
	}
	s[key] = true
	x.work = append(x.work, f)
}

// key identifies a frame by what can change the analysis: the branch
// origins, the stack depth and the top entries.
func (f frame) key() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(f.cond)))
	b.WriteByte('/')
	b.WriteString(strconv.Itoa(int(f.mem)))
	b.WriteByte('/')
	b.WriteString(strconv.Itoa(len(f.stack)))
	for i := len(f.stack) - 1; i >= 0 && i >= len(f.stack)-keyDepth; i-- {
		v := f.stack[i]
		b.WriteByte('|')
		if v.known {
			b.WriteString(strconv.FormatUint(v.n, 16))
		} else {
			b.WriteByte('?')
		}
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(v.taint)))
	}
	return b.String()
}

func (x *interp) run(f frame) {
	b := x.g.Blocks[f.pc]
	x.facts.Reached[f.pc] = true
	st := append(make([]value, 0, len(f.stack)+8), f.stack...)
	pop := func() value {
		if len(st) == 0 {
			return value{}
		}
		v := st[len(st)-1]
		st = st[:len(st)-1]
		return v
	}
	for _, in := range b.Instrs {
		x.steps++
		op := in.Op
		switch {
		case op.IsPush():
			n, ok := argValue(in.Arg)
			st = append(st, value{known: ok, n: n})
		case op == PUSH0:
			st = append(st, value{known: true})
		case op >= DUP1 && op <= DUP16:
			k := int(op-DUP1) + 1
			if k <= len(st) {
				st = append(st, st[len(st)-k])
			} else {
				st = append(st, value{})
			}
		case op >= SWAP1 && op <= SWAP16:
			k := int(op-SWAP1) + 1
			if k < len(st) {
				top := len(st) - 1
				st[top], st[top-k] = st[top-k], st[top]
			}
		default:
			info := table[op]
			args := make([]value, info.pops)
			for i := range args {
				args[i] = pop()
			}
			x.effect(in, args, &f)
			if info.pushes == 1 {
				st = append(st, x.result(in.Op, args, &f))
			}
			if op == JUMP || op == JUMPI {
				x.jump(in, args, f, st)
				return
			}
			if op.Halts() {
				return
			}
		}
		if len(st) > maxStack {
			return // a real EVM would fail here
		}
	}
	// Runs into the next block (a JUMPDEST).
	for _, s := range b.Succs {
		x.push(frame{pc: s, stack: st, cond: f.cond, mem: f.mem})
	}
}

// result computes the abstract value an instruction pushes.
func (x *interp) result(op OpCode, args []value, f *frame) value {
	var r value
	for _, a := range args {
		r.taint |= a.taint
		r.calls |= a.calls
	}
	switch op {
	case CALLER:
		r.taint |= tCaller
	case ORIGIN:
		r.taint |= tOrigin
	case CALLVALUE:
		r.taint |= tCallValue
	case CALLDATALOAD, CALLDATASIZE:
		r.taint |= tCalldata
	case SLOAD:
		r.taint |= tStorage | f.mem
	case MLOAD, 0x20: // KECCAK256 reads memory too
		r.taint |= f.mem
	case CALL, CALLCODE, DELEGATECALL, STATICCALL:
		r.taint |= tCallResult
		if i, ok := x.sites[x.curPC]; ok && i < 64 {
			r.calls |= 1 << uint(i)
		}
	case PC:
		r.known, r.n = true, uint64(x.curPC)
	}
	if len(args) == 0 || r.known {
		return r
	}
	for _, a := range args {
		if !a.known {
			return r
		}
	}
	a, b := args[0].n, uint64(0)
	if len(args) > 1 {
		b = args[1].n
	}
	switch op {
	case ADD:
		if s := a + b; s >= a {
			r.known, r.n = true, s
		}
	case SUB:
		if a >= b {
			r.known, r.n = true, a-b
		}
	case MUL:
		if a == 0 || (a*b)/a == b {
			r.known, r.n = true, a*b
		}
	case DIV:
		r.known = true
		if b != 0 {
			r.n = a / b
		}
	case AND:
		r.known, r.n = true, a&b
	case OR:
		r.known, r.n = true, a|b
	case XOR:
		r.known, r.n = true, a^b
	case EQ:
		r.known, r.n = true, b2u(a == b)
	case LT:
		r.known, r.n = true, b2u(a < b)
	case GT:
		r.known, r.n = true, b2u(a > b)
	case ISZERO:
		r.known, r.n = true, b2u(a == 0)
	case SHL: // SHL(shift, value)
		if a < 64 && b>>(64-a) == 0 {
			r.known, r.n = true, b<<a
		}
	case SHR:
		r.known = true
		if a < 64 {
			r.n = b >> a
		}
	}
	return r
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// effect records what an instruction does besides its result. It runs
// before the result is computed, so curPC is set for call sites.
func (x *interp) effect(in Instruction, args []value, f *frame) {
	x.curPC = in.PC
	markUsed := func(vs ...value) {
		for _, v := range vs {
			for i := 0; i < len(x.facts.Calls) && i < 64; i++ {
				if v.calls&(1<<uint(i)) != 0 {
					x.facts.Calls[i].checked = true
				}
			}
		}
	}
	switch in.Op {
	case MSTORE, MSTORE8:
		f.mem |= args[1].taint
		markUsed(args...)
	case SSTORE, TSTORE, RETURN, REVERT:
		markUsed(args...)
	case SELFDESTRUCT:
		x.record(&x.facts.Selfdestructs, Site{PC: in.PC, Op: in.Op, Cond: f.cond, Taint: args[0].taint})
	case CALL, CALLCODE, DELEGATECALL, STATICCALL:
		if in.Op == DELEGATECALL || in.Op == CALLCODE {
			x.record(&x.facts.Delegates, Site{PC: in.PC, Op: in.Op, Cond: f.cond, Taint: args[1].taint})
		}
		if _, ok := x.sites[in.PC]; !ok && in.Op != STATICCALL {
			x.sites[in.PC] = len(x.facts.Calls)
			x.facts.Calls = append(x.facts.Calls, &callSite{Site: Site{PC: in.PC, Op: in.Op, Cond: f.cond}})
		}
	case JUMPI:
		cond := args[1]
		markUsed(cond)
		if cond.taint&tOrigin != 0 && cond.taint&tCaller == 0 && !x.branch[in.PC] {
			x.branch[in.PC] = true
			x.facts.OriginBranch = append(x.facts.OriginBranch, Site{PC: in.PC, Op: in.Op, Cond: f.cond, Taint: cond.taint})
		}
	}
}

// record keeps one site per pc and path guard.
func (x *interp) record(list *[]Site, s Site) {
	key := strconv.Itoa(s.PC) + "/" + strconv.Itoa(int(s.Cond)) + "/" + strconv.Itoa(int(s.Taint))
	if !x.found[key] {
		x.found[key] = true
		*list = append(*list, s)
	}
}

// jump follows JUMP and JUMPI. The stack st already has the target (and
// condition) popped.
func (x *interp) jump(in Instruction, args []value, f frame, st []value) {
	target := args[0]
	cond := f.cond
	if in.Op == JUMPI {
		cond |= args[1].taint
		if next := in.PC + 1; x.g.Blocks[next] != nil {
			if !args[1].known || args[1].n == 0 {
				x.push(frame{pc: next, stack: st, cond: cond, mem: f.mem})
			}
		}
		if args[1].known && args[1].n == 0 {
			return // never taken
		}
	}
	if !target.known || target.n > 1<<32 {
		x.facts.Unresolved++
		return
	}
	if t := int(target.n); x.g.JumpDests[t] {
		x.push(frame{pc: t, stack: st, cond: cond, mem: f.mem})
	}
}
