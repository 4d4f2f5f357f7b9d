package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// EffectKind is what an effect does to the world.
type EffectKind uint8

const (
	EffRead  EffectKind = iota // reads a state variable
	EffWrite                   // writes a state variable (Var nil: assembly sstore)
	EffCall                    // external call or value transfer
)

// Effect is one state access or external call in the order a function
// performs them, with modifiers and internal calls inlined.
type Effect struct {
	Kind  EffectKind
	Var   *StateVar
	Call  *ExtCall
	Node  solidity.Node // where it happens (maybe inside a callee or modifier)
	Site  solidity.Node // what in the analysed function leads to it
	Value solidity.Expr // for writes by plain assignment: the value stored
	Op    string        // for writes: "=", "+=", "-=", "++", "delete", ...; "" for push/pop/assembly
	Scope *scope        // resolves names around Node
	// Guards are the conditions known to hold when the effect happens.
	Guards *Guard
	// Loop is the innermost loop around the effect, nil outside loops.
	Loop       solidity.Node
	Inlined    bool // reached through an internal call
	InModifier bool // happens in modifier code
	// Bind maps the parameters of the inlined callee the effect sits in to
	// the arguments of its call, so origins resolve in the caller.
	Bind *binding
}

// binding is one inlined call: callee parameter names to the argument
// expressions, which live in scope (and may refer to an outer binding).
type binding struct {
	params map[string]solidity.Expr
	scope  *scope
	outer  *binding
}

// Guard is a condition that holds at a point: from require/assert, from
// an `if (c) revert;` before it, or from an enclosing `if`. Guards form an
// immutable list so every effect can keep its own cheaply.
type Guard struct {
	Cond     solidity.Expr
	Negated  bool   // the code runs when Cond is false
	Modifier string // set for a modifier we could not read (unscanned import)
	Scope    *scope
	Next     *Guard
}

// Trace is the ordered effects of one function executed in a contract.
type Trace struct {
	Fn      *Function
	Ctx     *Contract
	Effects []Effect
}

// maxInline bounds internal-call inlining depth; maxEffects bounds a trace.
const (
	maxInline  = 6
	maxEffects = 20000
)

type tracer struct {
	ctx     *Contract
	bind    *binding
	effects []Effect
	guards  *Guard
	loop    solidity.Node
	site    solidity.Node // call site in the root body while inlining
	depth   int
	inMod   bool
	active  map[*Function]bool
	// placeholder runs what `_;` stands for in the current modifier.
	placeholder func()
}

// traceOf builds the trace of f executed as part of contract ctx.
func traceOf(ctx *Contract, f *Function) *Trace {
	t := &tracer{ctx: ctx, active: map[*Function]bool{f: true}}
	t.function(f)
	return &Trace{Fn: f, Ctx: ctx, Effects: t.effects}
}

func (t *tracer) emit(e Effect) {
	if len(t.effects) >= maxEffects {
		return
	}
	e.Guards, e.Loop, e.Inlined, e.InModifier, e.Bind = t.guards, t.loop, t.depth > 0, t.inMod, t.bind
	if e.Site == nil {
		e.Site = e.Node
	}
	if t.site != nil {
		e.Site = t.site
	}
	t.effects = append(t.effects, e)
}

// function runs f's modifiers, each wrapping the next, around its body.
func (t *tracer) function(f *Function) {
	if f.Decl.Body == nil {
		return
	}
	var run func(i int)
	run = func(i int) {
		mods := f.Decl.Modifiers
		for ; i < len(mods); i++ {
			name := mods[i].Name.Last()
			m := t.ctx.resolveModifier(name)
			if m == nil || m.Decl.Body == nil {
				if t.ctx.project.lookup(t.ctx.File, name) == nil {
					// An unreadable modifier: remember its name, which is
					// all the access-control heuristics can go on.
					t.guards = &Guard{Modifier: name, Next: t.guards}
				}
				continue
			}
			for _, a := range mods[i].Args {
				t.expr(a, f.scope)
			}
			next := i + 1
			saved, savedMod := t.placeholder, t.inMod
			t.placeholder = func() {
				inner := t.inMod
				t.inMod = savedMod
				run(next)
				t.inMod = inner
			}
			t.inMod = true
			t.stmts(m.Decl.Body.Stmts, m.scope)
			t.placeholder, t.inMod = saved, savedMod
			return
		}
		t.stmts(f.Decl.Body.Stmts, f.scope)
	}
	run(0)
}

func (t *tracer) stmts(list []solidity.Stmt, sc *scope) {
	for _, s := range list {
		t.stmt(s, sc)
	}
}

func (t *tracer) block(b *solidity.Block, sc *scope) {
	if b == nil {
		return
	}
	saved := t.guards
	t.stmts(b.Stmts, sc)
	t.guards = saved
}

func (t *tracer) stmt(s solidity.Stmt, sc *scope) {
	switch s := s.(type) {
	case *solidity.Block:
		t.block(s, sc)
	case *solidity.ExprStmt:
		t.expr(s.X, sc)
		if c, ok := s.X.(*solidity.CallExpr); ok && len(c.Args) > 0 && (isIdent(c.Fun, "require") || isIdent(c.Fun, "assert")) {
			t.guards = &Guard{Cond: c.Args[0], Scope: sc, Next: t.guards}
		}
	case *solidity.VarDeclStmt:
		if s.Value != nil {
			t.expr(s.Value, sc)
		}
	case *solidity.IfStmt:
		t.expr(s.Cond, sc)
		saved := t.guards
		t.guards = &Guard{Cond: s.Cond, Scope: sc, Next: saved}
		t.branch(s.Then, sc)
		t.guards = &Guard{Cond: s.Cond, Negated: true, Scope: sc, Next: saved}
		if s.Else != nil {
			t.branch(s.Else, sc)
		}
		t.guards = saved
		if exits(s.Then) {
			t.guards = &Guard{Cond: s.Cond, Negated: true, Scope: sc, Next: saved}
		} else if s.Else != nil && exits(s.Else) {
			t.guards = &Guard{Cond: s.Cond, Scope: sc, Next: saved}
		}
	case *solidity.ForStmt:
		saved, savedLoop := t.guards, t.loop
		if s.Init != nil {
			t.stmt(s.Init, sc)
		}
		t.loop = s
		if s.Cond != nil {
			t.expr(s.Cond, sc)
			t.guards = &Guard{Cond: s.Cond, Scope: sc, Next: t.guards}
		}
		t.branch(s.Body, sc)
		if s.Post != nil {
			t.expr(s.Post, sc)
		}
		t.guards, t.loop = saved, savedLoop
	case *solidity.WhileStmt:
		saved, savedLoop := t.guards, t.loop
		t.loop = s
		t.expr(s.Cond, sc)
		t.guards = &Guard{Cond: s.Cond, Scope: sc, Next: t.guards}
		t.branch(s.Body, sc)
		t.guards, t.loop = saved, savedLoop
	case *solidity.DoWhileStmt:
		saved, savedLoop := t.guards, t.loop
		t.loop = s
		t.branch(s.Body, sc)
		t.expr(s.Cond, sc)
		t.guards, t.loop = saved, savedLoop
	case *solidity.ReturnStmt:
		if s.X != nil {
			t.expr(s.X, sc)
		}
	case *solidity.EmitStmt:
		if c, ok := s.Call.(*solidity.CallExpr); ok {
			for _, a := range c.Args {
				t.expr(a, sc)
			}
		}
	case *solidity.RevertStmt:
		if c, ok := s.Call.(*solidity.CallExpr); ok {
			for _, a := range c.Args {
				t.expr(a, sc)
			}
		}
	case *solidity.TryStmt:
		t.expr(s.Call, sc)
		t.block(s.Body, sc)
		for _, c := range s.Catches {
			t.block(c.Body, sc)
		}
	case *solidity.PlaceholderStmt:
		if t.placeholder != nil {
			p := t.placeholder
			t.placeholder = nil // a second `_` runs nothing more
			p()
			t.placeholder = p
		}
	case *solidity.AssemblyStmt:
		t.assembly(s, sc)
	}
}

// branch walks an if/loop body with its own guard scope.
func (t *tracer) branch(s solidity.Stmt, sc *scope) {
	saved := t.guards
	t.stmt(s, sc)
	t.guards = saved
}

// exits reports a statement that always leaves: throw, revert, return.
func exits(s solidity.Stmt) bool {
	switch s := s.(type) {
	case *solidity.ThrowStmt, *solidity.RevertStmt, *solidity.ReturnStmt:
		return true
	case *solidity.ExprStmt:
		c, ok := s.X.(*solidity.CallExpr)
		return ok && isIdent(c.Fun, "revert")
	case *solidity.Block:
		return len(s.Stmts) > 0 && exits(s.Stmts[len(s.Stmts)-1])
	}
	return false
}

func (t *tracer) assembly(a *solidity.AssemblyStmt, sc *scope) {
	for _, c := range a.Calls {
		switch c.Name {
		case "sstore":
			t.emit(Effect{Kind: EffWrite, Node: a, Scope: sc})
		case "call", "callcode", "delegatecall", "staticcall", "selfdestruct":
			t.emit(Effect{Kind: EffCall, Node: a, Scope: sc, Call: &ExtCall{Kind: CallAsm, Node: a, Method: c.Name}})
		}
	}
}

func (t *tracer) expr(e solidity.Expr, sc *scope) {
	switch x := e.(type) {
	case nil:
	case *solidity.Ident:
		if sv := sc.stateBase(x); sv != nil {
			t.emit(Effect{Kind: EffRead, Var: sv, Node: x, Scope: sc})
		}
	case *solidity.MemberAccess:
		t.expr(x.X, sc)
	case *solidity.IndexAccess:
		t.expr(x.X, sc)
		t.expr(x.Index, sc)
	case *solidity.IndexRange:
		t.expr(x.X, sc)
		t.expr(x.Low, sc)
		t.expr(x.High, sc)
	case *solidity.AssignExpr:
		t.expr(x.RHS, sc)
		var val solidity.Expr
		if x.Op == "=" {
			val = x.RHS
		}
		t.lvalue(x.LHS, sc, x.Op, val)
	case *solidity.UnaryExpr:
		switch x.Op {
		case "++", "--":
			t.lvalue(x.X, sc, x.Op, nil)
		case "delete":
			t.lvalue(x.X, sc, "delete", nil)
		default:
			t.expr(x.X, sc)
		}
	case *solidity.BinaryExpr:
		t.expr(x.X, sc)
		t.expr(x.Y, sc)
	case *solidity.Conditional:
		t.expr(x.Cond, sc)
		t.expr(x.Then, sc)
		t.expr(x.Else, sc)
	case *solidity.TupleExpr:
		for _, el := range x.Elems {
			t.expr(el, sc)
		}
	case *solidity.ArrayLit:
		for _, el := range x.Elems {
			t.expr(el, sc)
		}
	case *solidity.CallOptions:
		t.expr(x.X, sc)
		for _, v := range x.Values {
			t.expr(v, sc)
		}
	case *solidity.CallExpr:
		t.call(x, sc)
	}
}

// lvalue records a write to the state variable e is rooted in, after the
// reads of its indices.
func (t *tracer) lvalue(e solidity.Expr, sc *scope, op string, val solidity.Expr) {
	alsoRead := op != "=" && op != "delete"
	if tup, ok := e.(*solidity.TupleExpr); ok {
		for _, el := range tup.Elems {
			if el != nil {
				t.lvalue(el, sc, op, nil)
			}
		}
		return
	}
	for cur := e; ; {
		switch x := cur.(type) {
		case *solidity.IndexAccess:
			t.expr(x.Index, sc)
			cur = x.X
			continue
		case *solidity.MemberAccess:
			cur = x.X
			continue
		}
		break
	}
	if sv := sc.stateBase(e); sv != nil {
		if alsoRead {
			t.emit(Effect{Kind: EffRead, Var: sv, Node: e, Scope: sc})
		}
		t.emit(Effect{Kind: EffWrite, Var: sv, Node: e, Scope: sc, Value: val, Op: op})
	}
}

func (t *tracer) call(c *solidity.CallExpr, sc *scope) {
	if m, ok := c.Fun.(*solidity.MemberAccess); ok && (m.Name.Name == "push" || m.Name.Name == "pop") {
		if sv := sc.stateBase(m.X); sv != nil {
			for _, a := range c.Args {
				t.expr(a, sc)
			}
			t.emit(Effect{Kind: EffWrite, Var: sv, Node: c, Scope: sc})
			return
		}
	}
	// x.f(..) bound by `using Lib for T` is a library call, even when x is
	// a contract (token.safeTransfer): inline it rather than treating it
	// as a call into x.
	var receiver solidity.Expr
	g := (*Function)(nil)
	if m, ok := c.Fun.(*solidity.MemberAccess); ok && !isBuiltinMember(m.Name.Name) {
		if lib := sc.boundLibraryFunc(t.ctx, m.Name.Name, len(c.Args)+1); lib != nil {
			g, receiver = lib, m.X
			t.expr(m.X, sc)
			for _, a := range c.Args {
				t.expr(a, sc)
			}
		}
	}
	if g == nil {
		ext, sub := sc.classifyCall(c)
		for _, s := range sub {
			if _, isFunName := s.(*solidity.Ident); isFunName && s == c.Fun {
				continue
			}
			t.expr(s, sc)
		}
		if ext != nil {
			t.emit(Effect{Kind: EffCall, Call: ext, Node: c, Scope: sc})
			return
		}
		g = sc.internalCallee(t.ctx, c)
		if g != nil && g.Contract.Kind() == solidity.KindLibrary {
			if m, ok := c.Fun.(*solidity.MemberAccess); ok && len(g.Decl.Params) == len(c.Args)+1 {
				receiver = m.X
			}
		}
	}
	if g != nil && g.Decl.Body == nil && authHook(g) {
		// _authorizeUpgrade(newImpl): an unimplemented hook every
		// concrete contract must fill with its access check.
		t.guards = &Guard{Modifier: g.Name, Scope: sc, Next: t.guards}
	}
	if g == nil || g.Decl.Body == nil || t.active[g] || t.depth >= maxInline {
		return
	}
	args := c.Args
	if receiver != nil {
		args = append([]solidity.Expr{receiver}, c.Args...)
	}
	b := &binding{params: map[string]solidity.Expr{}, scope: sc, outer: t.bind}
	for i, p := range g.Decl.Params {
		if p.Name != nil && i < len(args) {
			b.params[p.Name.Name] = args[i]
		}
	}
	t.active[g] = true
	savedSite, savedPlaceholder, savedBind := t.site, t.placeholder, t.bind
	if t.depth == 0 {
		t.site = c
	}
	t.depth++
	t.placeholder, t.bind = nil, b
	t.function(g)
	t.depth--
	t.site, t.placeholder, t.bind = savedSite, savedPlaceholder, savedBind
	delete(t.active, g)
}

// authHook reports an internal virtual function without a body whose name
// says it authorises the caller (_authorizeUpgrade, _checkOwner).
func authHook(g *Function) bool {
	if g.External() || !g.Decl.Virtual {
		return false
	}
	return accessModifierName(g.Name)
}

// isBuiltinMember names members that are never library functions.
func isBuiltinMember(name string) bool {
	switch name {
	case "call", "delegatecall", "staticcall", "callcode", "send", "transfer", "push", "pop", "value", "gas":
		return true
	}
	return false
}

// where is the place to report an effect: the code itself, unless it is
// inside a library (shared by every user), then the call site in the
// analysed function.
func where(e Effect) solidity.Node {
	if e.Scope != nil && e.Scope.contract.Kind() == solidity.KindLibrary && e.Site != nil {
		return e.Site
	}
	return e.Node
}

// ownGuard reports whether some guard on the effect comes from the
// contract's own code (modifiers or functions), not from a library's
// internal sanity checks such as sendValue's balance test.
func ownGuard(e Effect) bool {
	for g := e.Guards; g != nil; g = g.Next {
		if g.Scope == nil || g.Scope.contract.Kind() != solidity.KindLibrary {
			return true
		}
	}
	return false
}
