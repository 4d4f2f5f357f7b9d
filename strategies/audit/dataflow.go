package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// Origins of a value, as a bit set.
const (
	fromParam   uint16 = 1 << iota // a function argument
	fromSender                     // msg.sender or tx.origin
	fromValue                      // msg.value
	fromData                       // msg.data
	fromBlock                      // block values: timestamp, number, hash, ...
	fromTime                       // block.timestamp / now in particular
	fromState                      // a state variable
	fromCall                       // the result of an external call
	fromHash                       // passed through keccak256/sha3/sha256
	fromEntropy                    // block values other than the timestamp
)

// origin is where a value may come from.
type origin struct {
	bits   uint16
	params map[string]bool
	vars   map[*StateVar]bool
}

func (o *origin) add(p origin) {
	o.bits |= p.bits
	for k := range p.params {
		if o.params == nil {
			o.params = map[string]bool{}
		}
		o.params[k] = true
	}
	for k := range p.vars {
		if o.vars == nil {
			o.vars = map[*StateVar]bool{}
		}
		o.vars[k] = true
	}
}

func (o origin) has(bits uint16) bool { return o.bits&bits != 0 }

// flow answers "where can this value come from" inside one body. It is
// flow-insensitive: a local carries the union of everything assigned to it.
type flow struct {
	sc   *scope
	defs map[string][]solidity.Expr // the scope's, shared read-only
	memo map[string]*origin
	// direct stops at locals: what the expression itself mentions.
	direct bool
}

func newFlow(sc *scope, _ *solidity.Block) *flow {
	return &flow{sc: sc, defs: sc.defs, memo: map[string]*origin{}}
}

// collectDefs records, for every local of a body, the expressions
// assigned to it: declarations (tuples paired up), plain assignments and
// compound ones (x += y keeps what x had and adds y's origins).
func (s *scope) collectDefs(body *solidity.Block) {
	s.defs = map[string][]solidity.Expr{}
	if body == nil {
		return
	}
	def := func(name *solidity.Ident, e solidity.Expr) {
		if name != nil {
			s.defs[name.Name] = append(s.defs[name.Name], e)
		}
	}
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.VarDeclStmt:
			if x.Value == nil {
				return true
			}
			if len(x.Vars) == 1 && x.Vars[0] != nil {
				def(x.Vars[0].Name, x.Value)
				return true
			}
			// (a, b) = (x, y) pairs up; (a, b) = f() gives both the call.
			tup, _ := solidity.Unparen(x.Value).(*solidity.TupleExpr)
			for i, v := range x.Vars {
				if v == nil {
					continue
				}
				if tup != nil && len(tup.Elems) == len(x.Vars) {
					def(v.Name, tup.Elems[i])
				} else {
					def(v.Name, x.Value)
				}
			}
		case *solidity.AssignExpr:
			if id, ok := x.LHS.(*solidity.Ident); ok && s.isLocal(id.Name) {
				s.defs[id.Name] = append(s.defs[id.Name], x.RHS)
			}
			if tup, ok := x.LHS.(*solidity.TupleExpr); ok {
				rt, _ := solidity.Unparen(x.RHS).(*solidity.TupleExpr)
				for i, el := range tup.Elems {
					id, ok := el.(*solidity.Ident)
					if !ok || !s.isLocal(id.Name) {
						continue
					}
					if rt != nil && len(rt.Elems) == len(tup.Elems) {
						s.defs[id.Name] = append(s.defs[id.Name], rt.Elems[i])
					} else {
						s.defs[id.Name] = append(s.defs[id.Name], x.RHS)
					}
				}
			}
		}
		return true
	})
}

// alias follows a local defined once as a plain copy (uint x = y) to what
// it copies, so that guards on y apply to x and y's taint reaches x.
func (s *scope) alias(e solidity.Expr) solidity.Expr {
	for i := 0; i < 8; i++ {
		id, ok := solidity.Unparen(e).(*solidity.Ident)
		if !ok || s.params[id.Name] || !s.isLocal(id.Name) {
			return e
		}
		defs := s.defs[id.Name]
		if len(defs) != 1 {
			return e
		}
		switch d := solidity.Unparen(defs[0]).(type) {
		case *solidity.Ident, *solidity.IndexAccess, *solidity.MemberAccess:
			e = d
		case *solidity.CallExpr:
			if !isMsgSender(d) && !isConversion(d) {
				return e
			}
			e = d
		default:
			return e
		}
	}
	return e
}

// isCaller reports msg.sender or _msgSender(), directly or through a local
// copy (address sender = _msgSender()).
func (s *scope) isCaller(e solidity.Expr) bool {
	if isMsgSender(e) {
		return true
	}
	return s != nil && isMsgSender(s.alias(stripConversions(e)))
}

// isOrigin reports tx.origin, directly or through a local copy.
func (s *scope) isOrigin(e solidity.Expr) bool {
	e = stripConversions(e)
	if isMember(e, "tx", "origin") {
		return true
	}
	return s != nil && isMember(stripConversions(s.alias(e)), "tx", "origin")
}

// of computes the origins of e.
func (fl *flow) of(e solidity.Expr) origin {
	var o origin
	fl.collect(e, &o, 0)
	return o
}

// directOf computes the origins e mentions itself, not through locals.
func (fl *flow) directOf(e solidity.Expr) origin {
	d := *fl
	d.direct = true
	var o origin
	d.collect(e, &o, 0)
	return o
}

func (fl *flow) collect(e solidity.Expr, o *origin, depth int) {
	if e == nil || depth > 40 {
		return
	}
	switch x := e.(type) {
	case *solidity.Ident:
		switch x.Name {
		case "now":
			if !fl.sc.isLocal("now") {
				o.bits |= fromBlock | fromTime
				return
			}
		case "this":
			return
		}
		if fl.sc.params[x.Name] {
			o.add(origin{bits: fromParam, params: map[string]bool{x.Name: true}})
		}
		if fl.sc.isLocal(x.Name) {
			if !fl.direct {
				o.add(fl.local(x.Name))
			}
			return
		}
		if sv := fl.sc.stateBase(x); sv != nil {
			o.add(origin{bits: fromState, vars: map[*StateVar]bool{sv: true}})
		}
	case *solidity.MemberAccess:
		if id, ok := x.X.(*solidity.Ident); ok && !fl.sc.isLocal(id.Name) {
			switch id.Name {
			case "msg":
				switch x.Name.Name {
				case "sender":
					o.bits |= fromSender
				case "value":
					o.bits |= fromValue
				case "data", "sig":
					o.bits |= fromData
				}
				return
			case "tx":
				if x.Name.Name == "origin" {
					o.bits |= fromSender
				}
				return
			case "block":
				// chainid, basefee and the like are not entropy.
				switch x.Name.Name {
				case "timestamp":
					o.bits |= fromBlock | fromTime
				case "number", "difficulty", "prevrandao", "coinbase", "gaslimit", "blockhash":
					o.bits |= fromBlock | fromEntropy
				}
				return
			}
		}
		fl.collect(x.X, o, depth+1)
	case *solidity.IndexAccess:
		fl.collect(x.X, o, depth+1)
		fl.collect(x.Index, o, depth+1)
	case *solidity.IndexRange:
		fl.collect(x.X, o, depth+1)
	case *solidity.BinaryExpr:
		if x.Op == "/" {
			// now / 1 days is a day number: coarse, no longer a time a
			// block producer can steer (still a block value for entropy).
			if d, ok := durationOf(x.Y, fl.sc.contract); ok && d >= shortWindow {
				var in origin
				fl.collect(x.X, &in, depth+1)
				in.bits &^= fromTime
				o.add(in)
				return
			}
		}
		fl.collect(x.X, o, depth+1)
		fl.collect(x.Y, o, depth+1)
	case *solidity.UnaryExpr:
		fl.collect(x.X, o, depth+1)
	case *solidity.Conditional:
		fl.collect(x.Then, o, depth+1)
		fl.collect(x.Else, o, depth+1)
	case *solidity.TupleExpr:
		for _, el := range x.Elems {
			fl.collect(el, o, depth+1)
		}
	case *solidity.AssignExpr:
		fl.collect(x.RHS, o, depth+1)
	case *solidity.CallExpr:
		fl.collectCall(x, o, depth)
	}
}

func (fl *flow) collectCall(x *solidity.CallExpr, o *origin, depth int) {
	if isConversion(x) || isIdent(x.Fun, "payable") {
		for _, a := range x.Args {
			fl.collect(a, o, depth+1)
		}
		return
	}
	switch name := calleeName(x); name {
	case "blockhash":
		o.bits |= fromBlock | fromEntropy
		return
	case "keccak256", "sha3", "sha256", "ripemd160":
		for _, a := range x.Args {
			fl.collect(a, o, depth+1)
		}
		o.bits |= fromHash
		return
	case "encodePacked", "encode", "encodeWithSignature", "encodeWithSelector", "encodeCall":
		if m, ok := x.Fun.(*solidity.MemberAccess); ok && isIdent(m.X, "abi") {
			for _, a := range x.Args {
				fl.collect(a, o, depth+1)
			}
			return
		}
	}
	if isMember(x.Fun, "block", "blockhash") {
		o.bits |= fromBlock | fromEntropy
		return
	}
	if ext, _ := fl.sc.classifyCall(x); ext != nil {
		o.bits |= fromCall
		return
	}
	// Internal and library calls: their result depends on their arguments.
	for _, a := range x.Args {
		fl.collect(a, o, depth+1)
	}
	if m, ok := x.Fun.(*solidity.MemberAccess); ok {
		fl.collect(m.X, o, depth+1) // a.add(b) bound library call
	}
}

func (fl *flow) local(name string) origin {
	if o, ok := fl.memo[name]; ok {
		return *o
	}
	o := &origin{}
	fl.memo[name] = o // breaks cycles: a = a + x
	if v := fl.sc.storageOf[name]; v != nil {
		o.add(origin{bits: fromState, vars: map[*StateVar]bool{v: true}})
	}
	for _, d := range fl.defs[name] {
		fl.collect(d, o, 1)
	}
	return *o
}

// aliasOf follows plain local copies (see scope.alias).
func (fl *flow) aliasOf(e solidity.Expr) solidity.Expr { return fl.sc.alias(e) }

// originOf computes where x comes from as seen by the analysed function f:
// parameters of an inlined callee are replaced by the origins of the
// arguments its caller passed.
func (a *Analysis) originOf(f *Function, e Effect, x solidity.Expr) origin {
	o := a.flowFor(f, e).of(x)
	if e.Bind == nil || !o.has(fromParam) {
		return o
	}
	out := origin{bits: o.bits &^ fromParam, vars: o.vars}
	for p := range o.params {
		arg, ok := e.Bind.params[p]
		if !ok {
			out.add(origin{bits: fromParam, params: map[string]bool{p: true}})
			continue
		}
		out.add(a.originOf(f, Effect{Scope: e.Bind.scope, Bind: e.Bind.outer}, arg))
	}
	return out
}

// resolveArg follows an inlined callee's parameter to the argument its
// caller passed: value in sendValue(to, value) becomes address(this).balance.
func resolveArg(e Effect, x solidity.Expr) solidity.Expr {
	for b := e.Bind; b != nil; b = b.outer {
		id, ok := solidity.Unparen(x).(*solidity.Ident)
		if !ok {
			return x
		}
		arg, ok := b.params[id.Name]
		if !ok {
			return x
		}
		x = arg
	}
	return x
}
