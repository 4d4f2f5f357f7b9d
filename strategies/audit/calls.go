package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// CallKind classifies calls that leave the contract or move ether.
type CallKind uint8

const (
	CallLow          CallKind = iota // addr.call(...)
	CallDelegate                     // addr.delegatecall(...)
	CallCode                         // addr.callcode(...)
	CallStatic                       // addr.staticcall(...)
	CallSend                         // addr.send(v)
	CallTransfer                     // addr.transfer(v)
	CallHigh                         // IToken(addr).method(...)
	CallSelfdestruct                 // selfdestruct(addr), suicide(addr)
	CallAsm                          // call/delegatecall/selfdestruct in assembly
)

// LowLevel reports the calls whose failure is returned, not thrown.
func (k CallKind) LowLevel() bool {
	return k == CallLow || k == CallDelegate || k == CallCode || k == CallStatic || k == CallSend
}

// ExtCall is one external call or value transfer.
type ExtCall struct {
	Kind   CallKind
	Node   solidity.Node // the CallExpr, or the AssemblyStmt
	Target solidity.Expr
	Value  solidity.Expr // ether sent; nil when none
	Method string        // high-level method name, or the assembly builtin
	Self   bool          // this.f(): an external call to ourselves
}

// classifyCall recognises the external call a CallExpr performs. It also
// returns the sub-expressions to walk, so that the `.value(x)` setter of
// `a.call.value(x)()` is not mistaken for a call of its own.
func (s *scope) classifyCall(c *solidity.CallExpr) (*ExtCall, []solidity.Expr) {
	sub := append([]solidity.Expr(nil), c.Args...)
	fun := c.Fun
	var value solidity.Expr
	// Peel options and the old .value(v)/.gas(g) setters.
	for {
		switch f := fun.(type) {
		case *solidity.CallOptions:
			if v := f.Option("value"); v != nil {
				value = v
			}
			sub = append(sub, f.Values...)
			fun = f.X
			continue
		case *solidity.CallExpr:
			if m, ok := f.Fun.(*solidity.MemberAccess); ok && (m.Name.Name == "value" || m.Name.Name == "gas") && len(f.Args) == 1 {
				if m.Name.Name == "value" {
					value = f.Args[0]
				}
				sub = append(sub, f.Args...)
				fun = m.X
				continue
			}
		}
		break
	}
	switch f := fun.(type) {
	case *solidity.Ident:
		if (f.Name == "selfdestruct" || f.Name == "suicide") && len(c.Args) == 1 && !s.isLocal(f.Name) && s.contract.resolveFunc(f.Name, 1, nil) == nil {
			return &ExtCall{Kind: CallSelfdestruct, Node: c, Target: c.Args[0], Method: f.Name}, sub
		}
		return nil, append(sub, fun)
	case *solidity.MemberAccess:
		name := f.Name.Name
		target := f.X
		sub = append(sub, target)
		switch name {
		case "call", "delegatecall", "callcode", "staticcall":
			if s.isAddressish(target) {
				kind := map[string]CallKind{"call": CallLow, "delegatecall": CallDelegate, "callcode": CallCode, "staticcall": CallStatic}[name]
				return &ExtCall{Kind: kind, Node: c, Target: target, Value: value, Method: name}, sub
			}
		case "send", "transfer":
			if len(c.Args) == 1 && s.isAddressish(target) {
				kind := CallSend
				if name == "transfer" {
					kind = CallTransfer
				}
				return &ExtCall{Kind: kind, Node: c, Target: target, Value: c.Args[0], Method: name}, sub
			}
		}
		if s.isContractValue(target) {
			return &ExtCall{Kind: CallHigh, Node: c, Target: target, Value: value, Method: name, Self: isIdent(target, "this")}, sub
		}
		return nil, sub
	}
	return nil, append(sub, fun)
}

// isAddressish reports expressions that may hold an address: anything but
// a known contract value, library, struct or built-in namespace.
func (s *scope) isAddressish(e solidity.Expr) bool {
	e = solidity.Unparen(e)
	if id, ok := e.(*solidity.Ident); ok {
		switch id.Name {
		case "abi", "block", "tx", "super", "type", "bytes", "string":
			return false
		}
		if s.isLibrary(id.Name) {
			return false
		}
	}
	switch t := s.typeOf(e).(type) {
	case *solidity.UserType:
		// A contract value `.call`s like an address in 0.4; a struct does not.
		return s.contract.structNamed(t.Name.Last()) == nil
	case nil:
		return true
	case *solidity.ElementaryType:
		return t.Name == "address"
	}
	return false
}

// isContractValue reports expressions of contract or interface type, the
// receivers of high-level external calls.
func (s *scope) isContractValue(e solidity.Expr) bool {
	e = solidity.Unparen(e)
	if id, ok := e.(*solidity.Ident); ok {
		if id.Name == "this" {
			return true
		}
		if !s.isLocal(id.Name) && s.contract.Var(id.Name) == nil {
			return false // a contract or library name: an internal or library call
		}
	}
	if c, ok := e.(*solidity.CallExpr); ok && len(c.Args) == 1 {
		if id, ok := c.Fun.(*solidity.Ident); ok && s.isContractName(id.Name) && !s.isLibrary(id.Name) {
			return s.project().contractOrUnknown(s.contract.File, id.Name)
		}
	}
	ut, ok := s.typeOf(e).(*solidity.UserType)
	if !ok {
		return false
	}
	name := ut.Name.Last()
	if s.contract.structNamed(name) != nil || s.isEnum(name) || s.isUserValueType(name) {
		return false
	}
	return s.project().contractOrUnknown(s.contract.File, name)
}

func (s *scope) project() *Project { return s.contract.project }

// contractOrUnknown reports whether name is a contract or interface, or
// not declared in the tree at all (an unscanned import).
func (p *Project) contractOrUnknown(from *File, name string) bool {
	c := p.lookup(from, name)
	return c == nil || c.Kind() != solidity.KindLibrary
}

func (s *scope) isLibrary(name string) bool {
	if s.isLocal(name) || s.contract.Var(name) != nil {
		return false
	}
	c := s.project().lookup(s.contract.File, name)
	return c != nil && c.Kind() == solidity.KindLibrary
}

func (s *scope) isEnum(name string) bool {
	for _, k := range s.contract.Linear {
		for _, e := range k.AST.Enums {
			if e.Name != nil && e.Name.Name == name {
				return true
			}
		}
	}
	for _, e := range s.contract.File.Unit.Enums {
		if e.Name != nil && e.Name.Name == name {
			return true
		}
	}
	return false
}

func (s *scope) isUserValueType(name string) bool {
	for _, k := range s.contract.Linear {
		for _, t := range k.AST.UserTypes {
			if t.Name != nil && t.Name.Name == name {
				return true
			}
		}
	}
	return false
}

// internalCallee resolves a call to a function of the contract: f(...),
// super.f(...), Base.f(...). ctx is the contract the code runs in.
func (s *scope) internalCallee(ctx *Contract, c *solidity.CallExpr) *Function {
	n := len(c.Args)
	switch f := c.Fun.(type) {
	case *solidity.Ident:
		if s.isLocal(f.Name) {
			return nil
		}
		return ctx.resolveFunc(f.Name, n, nil)
	case *solidity.MemberAccess:
		if id, ok := f.X.(*solidity.Ident); ok && !s.isLocal(id.Name) && s.contract.Var(id.Name) == nil {
			if id.Name == "super" {
				return ctx.resolveFunc(f.Name.Name, n, s.contract)
			}
			for _, k := range ctx.Linear {
				if k.Name == id.Name {
					return k.resolveFunc(f.Name.Name, n, nil)
				}
			}
			if lib := s.project().lookup(s.contract.File, id.Name); lib != nil && lib.Kind() == solidity.KindLibrary {
				return libraryFunc(lib, f.Name.Name, n) // Lib.f(args)
			}
			return nil
		}
		return s.boundLibraryFunc(ctx, f.Name.Name, n+1) // x.f(args) with using Lib for T
	}
	return nil
}

// libraryFunc finds an internal library function by name and arity;
// public library functions run by DELEGATECALL in the library's own
// deployment and are not inlined.
func libraryFunc(lib *Contract, name string, n int) *Function {
	for _, fn := range lib.Functions {
		if fn.Name == name && len(fn.Decl.Params) == n && fn.Decl.Body != nil &&
			(fn.Visibility == solidity.VisInternal || fn.Visibility == solidity.VisPrivate) {
			return fn
		}
	}
	return nil
}

// boundLibraryFunc resolves x.f(...) through `using Lib for T` directives
// of the contract, its bases and its file.
func (s *scope) boundLibraryFunc(ctx *Contract, name string, n int) *Function {
	var usings []*solidity.UsingFor
	for _, k := range ctx.Linear {
		usings = append(usings, k.AST.Usings...)
	}
	usings = append(usings, ctx.File.Unit.Usings...)
	for _, u := range usings {
		if u.Library == nil {
			continue
		}
		lib := s.project().lookup(ctx.File, u.Library.Last())
		if lib == nil || lib.Kind() != solidity.KindLibrary {
			continue
		}
		if fn := libraryFunc(lib, name, n); fn != nil {
			return fn
		}
	}
	return nil
}
