package audit

import "github.com/agentctl/agentctl/strategies/audit/solidity"

// Summary is what one function does, internal and library calls included:
// the functions it calls (its edges in the contract's call graph), the
// state it reads and writes, and its external calls and value transfers
// with their positions.
type Summary struct {
	Function *Function
	Calls    []*Function
	Reads    []*StateVar
	Writes   []*StateVar
	External []ExternalCall
	// AsmStorageWrite is set when assembly writes storage directly.
	AsmStorageWrite bool
}

// ExternalCall is an external call or value transfer and where it is.
type ExternalCall struct {
	Call *ExtCall
	Pos  solidity.Pos
}

// Summarize describes every function declared in the project's contracts.
func Summarize(p *Project) map[*Function]*Summary {
	a := newAnalysis(p)
	out := map[*Function]*Summary{}
	for _, c := range p.Contracts {
		for _, f := range c.Functions {
			out[f] = a.summary(f)
		}
	}
	return out
}

func (a *Analysis) summary(f *Function) *Summary {
	s := &Summary{Function: f}
	reads, writes := map[*StateVar]bool{}, map[*StateVar]bool{}
	for _, e := range a.trace(f).Effects {
		switch e.Kind {
		case EffRead:
			if !reads[e.Var] {
				reads[e.Var] = true
				s.Reads = append(s.Reads, e.Var)
			}
		case EffWrite:
			if e.Var == nil {
				s.AsmStorageWrite = true
			} else if !writes[e.Var] {
				writes[e.Var] = true
				s.Writes = append(s.Writes, e.Var)
			}
		case EffCall:
			s.External = append(s.External, ExternalCall{Call: e.Call, Pos: e.Node.Pos()})
		}
	}
	if f.Decl.Body != nil {
		seen := map[*Function]bool{}
		solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
			if c, ok := n.(*solidity.CallExpr); ok {
				g := f.scope.internalCallee(f.Contract, c)
				if g == nil {
					if m, isMember := c.Fun.(*solidity.MemberAccess); isMember {
						g = f.scope.boundLibraryFunc(f.Contract, m.Name.Name, len(c.Args)+1)
					}
				}
				if g != nil && !seen[g] {
					seen[g] = true
					s.Calls = append(s.Calls, g)
				}
			}
			return true
		})
	}
	return s
}
