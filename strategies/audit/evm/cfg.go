package evm

// Block is a basic block: straight-line code entered only at its start.
type Block struct {
	Start  int // pc of the first instruction
	Instrs []Instruction
	// Succs are the pcs control can reach next: a static jump target
	// (PUSH x; JUMP), the fall-through of a JUMPI or of a block that runs
	// into a JUMPDEST. Jumps to computed targets are resolved by the
	// abstract interpreter instead.
	Succs []int
	// Dynamic marks a block ending in a jump whose target is not a PUSH
	// right before it (typically a return from an internal function).
	Dynamic bool
}

// Last returns the block's last instruction.
func (b *Block) Last() Instruction { return b.Instrs[len(b.Instrs)-1] }

// CFG is the control-flow graph of a program.
type CFG struct {
	Code      []byte
	Instrs    []Instruction
	Blocks    map[int]*Block // by start pc
	Order     []int          // block starts in code order
	JumpDests map[int]bool
}

// BuildCFG splits code into basic blocks and links static edges.
func BuildCFG(code []byte) *CFG {
	g := &CFG{Code: code, Instrs: Disassemble(code), Blocks: map[int]*Block{}, JumpDests: map[int]bool{}}
	for _, in := range g.Instrs {
		if in.Op == JUMPDEST {
			g.JumpDests[in.PC] = true
		}
	}
	var cur *Block
	for i, in := range g.Instrs {
		if cur == nil || in.Op == JUMPDEST {
			if cur != nil && len(cur.Instrs) > 0 {
				cur.Succs = append(cur.Succs, in.PC) // runs into the JUMPDEST
			}
			cur = &Block{Start: in.PC}
			g.Blocks[in.PC] = cur
			g.Order = append(g.Order, in.PC)
		}
		cur.Instrs = append(cur.Instrs, in)
		if in.Op == JUMP || in.Op == JUMPI || in.Op.Halts() {
			if in.Op == JUMP || in.Op == JUMPI {
				if t, ok := staticTarget(g.Instrs, i); ok {
					if g.JumpDests[t] {
						cur.Succs = append(cur.Succs, t)
					}
				} else {
					cur.Dynamic = true
				}
			}
			if in.Op == JUMPI && i+1 < len(g.Instrs) {
				cur.Succs = append(cur.Succs, g.Instrs[i+1].PC)
			}
			cur = nil
		}
	}
	return g
}

// staticTarget returns the target of a jump at index i when a PUSH right
// before it supplies it.
func staticTarget(instrs []Instruction, i int) (int, bool) {
	if i == 0 {
		return 0, false
	}
	prev := instrs[i-1]
	if !prev.Op.IsPush() {
		return 0, false
	}
	v, ok := argValue(prev.Arg)
	if !ok || v > 1<<32 {
		return 0, false
	}
	return int(v), true
}

// StaticallyReachable lists the blocks reachable from pc 0 over static
// edges only.
func (g *CFG) StaticallyReachable() map[int]bool {
	seen := map[int]bool{}
	stack := []int{0}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		b := g.Blocks[pc]
		if b == nil || seen[pc] {
			continue
		}
		seen[pc] = true
		stack = append(stack, b.Succs...)
	}
	return seen
}
