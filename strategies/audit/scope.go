package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// scope resolves names inside one function or modifier body. It is flow
// insensitive: a local declared anywhere in the body shadows a state
// variable of the same name everywhere in it, which is what real code
// almost always means.
type scope struct {
	contract *Contract
	locals   map[string]*solidity.VarDecl
	params   map[string]bool
	// storageOf maps a local storage pointer to the state variable it
	// points into (`Deal storage d = deals[id]`).
	storageOf map[string]*StateVar
	// uninitialised lists 0.4 local struct/array variables declared
	// without a location and without a value: pointers to slot 0.
	uninitialised []*solidity.VarDecl
	// defs lists what is assigned to each local (dataflow.go); built once
	// with the project and read-only afterwards, so workers share it.
	defs map[string][]solidity.Expr
}

func newScope(c *Contract, params, returns []*solidity.VarDecl, body *solidity.Block) *scope {
	s := &scope{contract: c, locals: map[string]*solidity.VarDecl{}, params: map[string]bool{}, storageOf: map[string]*StateVar{}}
	for _, p := range params {
		if p.Name != nil {
			s.locals[p.Name.Name] = p
			s.params[p.Name.Name] = true
		}
	}
	for _, r := range returns {
		if r.Name != nil {
			s.locals[r.Name.Name] = r
		}
	}
	if body == nil {
		return s
	}
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch n := n.(type) {
		case *solidity.VarDeclStmt:
			for _, v := range n.Vars {
				if v != nil && v.Name != nil {
					s.locals[v.Name.Name] = v
				}
			}
		case *solidity.TryStmt:
			for _, v := range n.Returns {
				if v.Name != nil {
					s.locals[v.Name.Name] = v
				}
			}
		case *solidity.CatchClause:
			for _, v := range n.Params {
				if v.Name != nil {
					s.locals[v.Name.Name] = v
				}
			}
		}
		return true
	})
	return s
}

// bindStorage records storage pointers once state variables are indexed.
func (s *scope) bindStorage(body *solidity.Block, ver Version) {
	s.collectDefs(body)
	if body == nil {
		return
	}
	old := ver.Before(0, 5, 0) || !ver.Known()
	solidity.Inspect(body, func(n solidity.Node) bool {
		d, ok := n.(*solidity.VarDeclStmt)
		if !ok || d.Tuple || len(d.Vars) != 1 || d.Vars[0] == nil {
			return true
		}
		v := d.Vars[0]
		complexType := isComplexType(s.contract, v.Type)
		switch {
		case d.Value != nil && (v.Location == solidity.LocStorage || (v.Location == solidity.LocDefault && (complexType || v.Type == nil))):
			if sv := s.stateBase(d.Value); sv != nil {
				s.storageOf[v.Name.Name] = sv
			}
		case d.Value == nil && old && complexType && v.Location != solidity.LocMemory && v.Location != solidity.LocCalldata:
			s.uninitialised = append(s.uninitialised, v)
		}
		return true
	})
}

// isComplexType reports struct, array and mapping types: the ones that
// were storage pointers by default before 0.5.
func isComplexType(c *Contract, t solidity.TypeName) bool {
	switch t := t.(type) {
	case *solidity.ArrayType, *solidity.MappingType:
		return true
	case *solidity.ElementaryType:
		return t.Name == "string" || t.Name == "bytes"
	case *solidity.UserType:
		return c.structNamed(t.Name.Last()) != nil
	}
	return false
}

// structNamed finds a struct visible from c.
func (c *Contract) structNamed(name string) *solidity.StructDef {
	for _, k := range c.Linear {
		for _, s := range k.AST.Structs {
			if s.Name != nil && s.Name.Name == name {
				return s
			}
		}
	}
	for _, s := range c.File.Unit.Structs {
		if s.Name != nil && s.Name.Name == name {
			return s
		}
	}
	return nil
}

// isLocal reports whether name is a parameter or local variable.
func (s *scope) isLocal(name string) bool {
	_, ok := s.locals[name]
	return ok
}

// stateVar resolves an identifier to a state variable unless a local
// shadows it.
func (s *scope) stateVar(name string) *StateVar {
	if s.isLocal(name) {
		return nil
	}
	return s.contract.Var(name)
}

// stateBase returns the state variable an lvalue or storage expression is
// rooted in: balances[a][b].x -> balances; a local storage pointer
// resolves to what it points into.
func (s *scope) stateBase(e solidity.Expr) *StateVar {
	for {
		switch x := e.(type) {
		case *solidity.Ident:
			if sv, ok := s.storageOf[x.Name]; ok {
				return sv
			}
			return s.stateVar(x.Name)
		case *solidity.IndexAccess:
			e = x.X
		case *solidity.IndexRange:
			e = x.X
		case *solidity.MemberAccess:
			if id, ok := x.X.(*solidity.Ident); ok && (id.Name == "this" || id.Name == "super") {
				return nil
			}
			e = x.X
		case *solidity.TupleExpr:
			if len(x.Elems) != 1 || x.Elems[0] == nil {
				return nil
			}
			e = x.Elems[0]
		default:
			return nil
		}
	}
}

// typeOf gives the declared type of simple expressions; nil when unknown.
func (s *scope) typeOf(e solidity.Expr) solidity.TypeName {
	switch x := solidity.Unparen(e).(type) {
	case *solidity.Ident:
		if d, ok := s.locals[x.Name]; ok {
			return d.Type
		}
		if sv := s.contract.Var(x.Name); sv != nil {
			return sv.Decl.Type
		}
		if x.Name == "this" {
			return &solidity.UserType{Name: &solidity.Path{Parts: []*solidity.Ident{{Name: s.contract.Name}}}}
		}
	case *solidity.IndexAccess:
		switch t := s.typeOf(x.X).(type) {
		case *solidity.MappingType:
			return t.Value
		case *solidity.ArrayType:
			return t.Elem
		}
	case *solidity.MemberAccess:
		if isMember(x, "msg", "sender") || isMember(x, "tx", "origin") || isMember(x, "block", "coinbase") {
			return &solidity.ElementaryType{Name: "address"}
		}
		if ut, ok := s.typeOf(x.X).(*solidity.UserType); ok {
			if st := s.contract.structNamed(ut.Name.Last()); st != nil {
				for _, f := range st.Fields {
					if f.Name != nil && f.Name.Name == x.Name.Name {
						return f.Type
					}
				}
			}
		}
	case *solidity.CallExpr:
		// Conversions: address(x), payable(x), IToken(x).
		if len(x.Args) != 1 {
			return nil
		}
		switch f := x.Fun.(type) {
		case *solidity.TypeExpr:
			return f.Type
		case *solidity.Ident:
			if f.Name == "payable" {
				return &solidity.ElementaryType{Name: "address", Payable: true}
			}
			if s.isContractName(f.Name) {
				return &solidity.UserType{Name: &solidity.Path{Parts: []*solidity.Ident{f}}}
			}
		}
	}
	return nil
}

// isContractName reports names of contracts and interfaces, scanned or
// not: an unknown capitalised callee applied to one address is a cast.
func (s *scope) isContractName(name string) bool {
	if name == "" || s.isLocal(name) || s.contract.Var(name) != nil {
		return false
	}
	if s.contract.resolveFunc(name, 1, nil) != nil {
		return false
	}
	return name[0] >= 'A' && name[0] <= 'Z'
}

// isAddressType reports address and address payable.
func isAddressType(t solidity.TypeName) bool {
	et, ok := t.(*solidity.ElementaryType)
	return ok && et.Name == "address"
}

// isMember matches X.name where X is the identifier obj.
func isMember(e solidity.Expr, obj, name string) bool {
	m, ok := e.(*solidity.MemberAccess)
	if !ok || m.Name.Name != name {
		return false
	}
	id, ok := m.X.(*solidity.Ident)
	return ok && id.Name == obj
}

// isIdent matches the identifier name.
func isIdent(e solidity.Expr, name string) bool {
	id, ok := solidity.Unparen(e).(*solidity.Ident)
	return ok && id.Name == name
}

// isMsgSender matches msg.sender and _msgSender().
func isMsgSender(e solidity.Expr) bool {
	e = solidity.Unparen(e)
	if isMember(e, "msg", "sender") {
		return true
	}
	if c, ok := e.(*solidity.CallExpr); ok && len(c.Args) == 0 {
		return isIdent(c.Fun, "_msgSender") || isIdent(c.Fun, "msgSender")
	}
	// payable(msg.sender), address(msg.sender)
	if c, ok := e.(*solidity.CallExpr); ok && len(c.Args) == 1 && isConversion(c) {
		return isMsgSender(c.Args[0])
	}
	return false
}

// isConversion reports address(x), payable(x), uint256(x) style calls.
func isConversion(c *solidity.CallExpr) bool {
	switch f := c.Fun.(type) {
	case *solidity.TypeExpr:
		return true
	case *solidity.Ident:
		return f.Name == "payable"
	}
	return false
}

// stripConversions removes casts: uint256(uint160(x)) -> x.
func stripConversions(e solidity.Expr) solidity.Expr {
	for {
		e = solidity.Unparen(e)
		c, ok := e.(*solidity.CallExpr)
		if !ok || len(c.Args) != 1 || !isConversion(c) {
			return e
		}
		e = c.Args[0]
	}
}
