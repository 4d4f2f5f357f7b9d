package audit

import (
	"path"
	"sort"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// Project is the semantic view of a set of parsed files: contracts resolved
// across imports, linearised inheritance, functions and state variables.
type Project struct {
	Files     []*File
	Contracts []*Contract
	byPath    map[string]*File
	byName    map[string][]*Contract
}

// File is one parsed source file.
type File struct {
	Path    string // relative to the scanned root, with forward slashes
	Unit    *solidity.SourceUnit
	Version Version
	Imports []*File // resolved within the scanned tree
	visible map[*File]bool
}

// Contract is a contract, interface or library with its inheritance resolved.
type Contract struct {
	AST    *solidity.Contract
	File   *File
	Name   string
	Bases  []*Contract // direct bases that resolved, in source order
	Linear []*Contract // C3 linearisation, this contract first
	// Unresolved lists bases not found in the scanned tree (e.g. an
	// OpenZeppelin import that was not scanned).
	Unresolved []string

	Vars      []*StateVar // declared here
	Functions []*Function // declared here
	Modifiers []*Modifier // declared here

	varIndex map[string]*StateVar // visible from this contract: own first, then bases
	project  *Project
}

// Kind is contract, interface or library.
func (c *Contract) Kind() solidity.ContractKind { return c.AST.Kind }

// StateVar is a state variable declaration.
type StateVar struct {
	Decl     *solidity.VarDecl
	Contract *Contract
	Name     string
}

// Function is a function declaration with its effective attributes.
type Function struct {
	Decl       *solidity.FunctionDef
	Contract   *Contract
	Name       string // "constructor", "fallback", "receive" for the unnamed kinds
	Visibility solidity.Visibility
	Mutability solidity.Mutability
	// Ctor is set for constructors, including 0.4 constructor-named functions.
	Ctor bool
	// DefaultVisibility is set when no visibility was written (0.4 public).
	DefaultVisibility bool
	scope             *scope
}

// Modifier is a modifier definition.
type Modifier struct {
	Decl     *solidity.ModifierDef
	Contract *Contract
	Name     string
	scope    *scope
}

// External reports whether anyone can call the function from outside.
func (f *Function) External() bool {
	return f.Visibility == solidity.VisPublic || f.Visibility == solidity.VisExternal
}

// ReadOnly reports view, pure and constant functions.
func (f *Function) ReadOnly() bool {
	m := f.Mutability
	return m == solidity.MutView || m == solidity.MutPure || m == solidity.MutConstant
}

// Payable reports payable functions.
func (f *Function) Payable() bool { return f.Mutability == solidity.MutPayable }

// Special reports fallback and receive functions.
func (f *Function) Special() bool {
	k := f.Decl.Kind
	return k == solidity.FuncFallback || k == solidity.FuncReceive
}

// NewProject builds the semantic model of parsed files. Paths are the
// files' paths relative to the scanned root.
func NewProject(files []*File) *Project {
	p := &Project{Files: files, byPath: map[string]*File{}, byName: map[string][]*Contract{}}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		p.byPath[f.Path] = f
	}
	for _, f := range files {
		f.Version = fileVersion(f.Unit)
		for _, imp := range f.Unit.Imports {
			if t := p.resolveImport(f, imp.Path); t != nil {
				f.Imports = append(f.Imports, t)
			}
		}
		for _, c := range f.Unit.Contracts {
			if c.Name == nil {
				continue
			}
			con := &Contract{AST: c, File: f, Name: c.Name.Name, project: p}
			p.Contracts = append(p.Contracts, con)
			p.byName[con.Name] = append(p.byName[con.Name], con)
		}
	}
	for _, c := range p.Contracts {
		for _, b := range c.AST.Bases {
			if base := p.lookup(c.File, b.Name.Last()); base != nil && base != c {
				c.Bases = append(c.Bases, base)
			} else {
				c.Unresolved = append(c.Unresolved, b.Name.String())
			}
		}
	}
	for _, c := range p.Contracts {
		linearize(c, map[*Contract]bool{})
		c.declare()
	}
	for _, c := range p.Contracts {
		c.indexVars()
	}
	for _, c := range p.Contracts {
		for _, f := range c.Functions {
			f.scope.bindStorage(f.Decl.Body, c.File.Version)
		}
		for _, m := range c.Modifiers {
			m.scope.bindStorage(m.Decl.Body, c.File.Version)
		}
	}
	return p
}

// resolveImport finds an imported file: relative to the importer, then
// relative to the root, then by path suffix (remapped library paths).
func (p *Project) resolveImport(from *File, imp string) *File {
	cands := []string{path.Clean(path.Join(path.Dir(from.Path), imp)), path.Clean(imp)}
	for _, c := range cands {
		if f := p.byPath[c]; f != nil {
			return f
		}
	}
	suffix := "/" + strings.TrimLeft(path.Clean(imp), "./")
	for _, f := range p.Files {
		if strings.HasSuffix("/"+f.Path, suffix) {
			return f
		}
	}
	return nil
}

// visibleFiles is the file and everything it imports, transitively.
func (f *File) visibleFiles() map[*File]bool {
	if f.visible != nil {
		return f.visible
	}
	seen := map[*File]bool{f: true}
	stack := []*File{f}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, imp := range cur.Imports {
			if !seen[imp] {
				seen[imp] = true
				stack = append(stack, imp)
			}
		}
	}
	f.visible = seen
	return seen
}

// lookup resolves a contract name as seen from a file: the file itself,
// then its imports, then (imports not scanned or flattened sources) any
// contract of that name in the tree.
func (p *Project) lookup(from *File, name string) *Contract {
	cands := p.byName[name]
	if len(cands) == 0 {
		// import {A as B}: resolve the alias.
		for _, imp := range from.Unit.Imports {
			for _, s := range imp.Symbols {
				if s.Alias == name {
					return p.lookup(from, s.Name)
				}
			}
		}
		return nil
	}
	for _, c := range cands {
		if c.File == from {
			return c
		}
	}
	vis := from.visibleFiles()
	for _, c := range cands {
		if vis[c.File] {
			return c
		}
	}
	return cands[0]
}

// ContractByName returns the contract of that name visible from a file.
func (p *Project) ContractByName(from *File, name string) *Contract {
	return p.lookup(from, name)
}

// linearize computes the C3 linearisation Solidity uses: bases listed
// later are "more derived", so they come first after the contract itself.
// On an inconsistent hierarchy it falls back to a depth-first order.
func linearize(c *Contract, visiting map[*Contract]bool) []*Contract {
	if c.Linear == nil {
		c.Linear = c3(c, visiting)
	}
	return c.Linear
}

func c3(c *Contract, visiting map[*Contract]bool) []*Contract {
	if visiting[c] { // cyclic inheritance in broken code
		return []*Contract{c}
	}
	visiting[c] = true
	defer delete(visiting, c)
	var seqs [][]*Contract
	for i := len(c.Bases) - 1; i >= 0; i-- {
		seqs = append(seqs, append([]*Contract(nil), linearize(c.Bases[i], visiting)...))
	}
	rev := make([]*Contract, 0, len(c.Bases))
	for i := len(c.Bases) - 1; i >= 0; i-- {
		rev = append(rev, c.Bases[i])
	}
	seqs = append(seqs, rev)
	out := []*Contract{c}
	for {
		seqs = dropEmpty(seqs)
		if len(seqs) == 0 {
			return out
		}
		var head *Contract
		for _, s := range seqs {
			cand := s[0]
			if !inTail(cand, seqs) {
				head = cand
				break
			}
		}
		if head == nil {
			return dfsOrder(c)
		}
		out = append(out, head)
		for i, s := range seqs {
			if s[0] == head {
				seqs[i] = s[1:]
			}
		}
	}
}

func dropEmpty(seqs [][]*Contract) [][]*Contract {
	out := seqs[:0]
	for _, s := range seqs {
		if len(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func inTail(c *Contract, seqs [][]*Contract) bool {
	for _, s := range seqs {
		for _, x := range s[1:] {
			if x == c {
				return true
			}
		}
	}
	return false
}

func dfsOrder(c *Contract) []*Contract {
	seen := map[*Contract]bool{}
	var out []*Contract
	var visit func(*Contract)
	visit = func(x *Contract) {
		if seen[x] {
			return
		}
		seen[x] = true
		out = append(out, x)
		for i := len(x.Bases) - 1; i >= 0; i-- {
			visit(x.Bases[i])
		}
	}
	visit(c)
	return out
}

// declare builds the contract's own state variables, functions and modifiers.
func (c *Contract) declare() {
	ver := c.File.Version
	for _, v := range c.AST.StateVars {
		if v.Name != nil {
			c.Vars = append(c.Vars, &StateVar{Decl: v, Contract: c, Name: v.Name.Name})
		}
	}
	for _, d := range c.AST.Functions {
		f := &Function{Decl: d, Contract: c, Visibility: d.Visibility, Mutability: d.Mutability}
		switch d.Kind {
		case solidity.FuncConstructor:
			f.Name, f.Ctor = "constructor", true
		case solidity.FuncFallback:
			f.Name = "fallback"
		case solidity.FuncReceive:
			f.Name = "receive"
		default:
			f.Name = d.NameOr("")
			// Before 0.5 a function named like its contract is the constructor.
			if f.Name == c.Name && (!ver.Known() || ver.Before(0, 5, 0)) {
				f.Ctor = true
			}
		}
		if f.Visibility == solidity.VisDefault {
			switch {
			case c.AST.Kind == solidity.KindInterface || d.Kind == solidity.FuncFallback || d.Kind == solidity.FuncReceive:
				f.Visibility = solidity.VisExternal
			default:
				// 0.4 defaulted to public; 0.5+ rejects the omission, and
				// constructors before 0.7 were public when unmarked.
				f.Visibility = solidity.VisPublic
				if !f.Ctor {
					f.DefaultVisibility = true
				}
			}
		}
		f.scope = newScope(c, d.Params, d.Returns, d.Body)
		c.Functions = append(c.Functions, f)
	}
	for _, d := range c.AST.Modifiers {
		if d.Name == nil {
			continue
		}
		m := &Modifier{Decl: d, Contract: c, Name: d.Name.Name}
		m.scope = newScope(c, d.Params, nil, d.Body)
		c.Modifiers = append(c.Modifiers, m)
	}
}

// indexVars makes every state variable visible from c by name, the most
// derived declaration winning (the 0.4 shadowing rule).
func (c *Contract) indexVars() {
	c.varIndex = map[string]*StateVar{}
	for i := len(c.Linear) - 1; i >= 0; i-- {
		for _, v := range c.Linear[i].Vars {
			c.varIndex[v.Name] = v
		}
	}
}

// Var returns the state variable name resolves to inside c, or nil.
func (c *Contract) Var(name string) *StateVar { return c.varIndex[name] }

// AllVars lists every state variable of c and its bases.
func (c *Contract) AllVars() []*StateVar {
	var out []*StateVar
	for i := len(c.Linear) - 1; i >= 0; i-- {
		out = append(out, c.Linear[i].Vars...)
	}
	return out
}

// EffectiveFunctions lists the functions callable on c: the most derived
// implementation of each name and arity, constructors of bases excluded.
func (c *Contract) EffectiveFunctions() []*Function {
	seen := map[string]bool{}
	var out []*Function
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if f.Ctor && k != c {
				continue
			}
			key := f.Name + "/" + itoa(len(f.Decl.Params))
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, f)
		}
	}
	return out
}

// resolveFunc finds the function a call by name with n arguments reaches
// from context contract ctx, starting the search after `after` (for
// super calls) when it is set.
func (c *Contract) resolveFunc(name string, n int, after *Contract) *Function {
	start := 0
	if after != nil {
		for i, k := range c.Linear {
			if k == after {
				start = i + 1
			}
		}
	}
	var byName *Function
	for _, k := range c.Linear[start:] {
		for _, f := range k.Functions {
			if f.Name != name || (f.Ctor && f.Decl.Kind == solidity.FuncNormal) {
				continue
			}
			if len(f.Decl.Params) == n {
				return f
			}
			if byName == nil {
				byName = f
			}
		}
	}
	return byName
}

// resolveModifier finds the most derived modifier of that name.
func (c *Contract) resolveModifier(name string) *Modifier {
	for _, k := range c.Linear {
		for _, m := range k.Modifiers {
			if m.Name == name {
				return m
			}
		}
	}
	return nil
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
