package audit

import (
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// accessCheck describes a condition that restricts who may proceed.
type accessCheck struct {
	vars   []*StateVar // state the caller is checked against (owner, admins)
	origin bool        // uses tx.origin
	// membership marks checks of the caller against a set or a per-item
	// owner (isMember[msg.sender], orders[id].maker == msg.sender) rather
	// than against one privileged account.
	membership bool
}

// conjuncts splits a condition that holds (or, negated, fails) into the
// atoms that must each hold: a && b holds -> a, b; !(a || b) -> !a, !b.
// Each atom comes with its polarity.
func conjuncts(e solidity.Expr, positive bool, out func(atom solidity.Expr, positive bool)) {
	e = solidity.Unparen(e)
	switch x := e.(type) {
	case *solidity.UnaryExpr:
		if x.Op == "!" {
			conjuncts(x.X, !positive, out)
			return
		}
	case *solidity.BinaryExpr:
		if (x.Op == "&&" && positive) || (x.Op == "||" && !positive) {
			conjuncts(x.X, positive, out)
			conjuncts(x.Y, positive, out)
			return
		}
	}
	out(e, positive)
}

// guardAccess reports whether a guard restricts the caller.
func (a *Analysis) guardAccess(g *Guard) (accessCheck, bool) {
	if g.Modifier != "" {
		return accessCheck{}, accessModifierName(g.Modifier)
	}
	var found accessCheck
	ok := false
	conjuncts(g.Cond, !g.Negated, func(atom solidity.Expr, positive bool) {
		if ac, yes := a.atomAccess(atom, positive, g.Scope, 0); yes {
			found.vars = append(found.vars, ac.vars...)
			found.origin = found.origin || ac.origin
			ok = true
		}
	})
	return found, ok
}

// accessModifierName recognises modifiers from unscanned imports by name.
func accessModifierName(name string) bool {
	l := strings.TrimLeft(strings.ToLower(name), "_")
	if strings.HasPrefix(l, "only") || strings.HasPrefix(l, "auth") || strings.HasPrefix(l, "requiresauth") || strings.HasPrefix(l, "checkowner") || strings.HasPrefix(l, "checkrole") {
		return true
	}
	switch l {
	case "initializer", "reinitializer", "ifadmin", "restricted", "ownable", "isowner", "owneronly", "adminonly", "whenowner":
		return true
	}
	return false
}

// atomAccess recognises one atom of a condition as an access check:
// msg.sender == owner, owner() == msg.sender, isOwner[msg.sender],
// hasRole(R, msg.sender), isOwner(), tx.origin == owner.
func (a *Analysis) atomAccess(e solidity.Expr, positive bool, sc *scope, depth int) (accessCheck, bool) {
	e = solidity.Unparen(e)
	switch x := e.(type) {
	case *solidity.BinaryExpr:
		// msg.sender == owner || operators[owner][msg.sender]: a check when
		// every way through it is one (and !(a && b) the same way).
		if (x.Op == "||" && positive) || (x.Op == "&&" && !positive) {
			l, lok := a.atomAccess(x.X, positive, sc, depth)
			r, rok := a.atomAccess(x.Y, positive, sc, depth)
			if !lok || !rok {
				return accessCheck{}, false
			}
			return accessCheck{vars: append(l.vars, r.vars...), origin: l.origin || r.origin, membership: l.membership || r.membership}, true
		}
		if x.Op != "==" && x.Op != "!=" {
			return accessCheck{}, false
		}
		eq := (x.Op == "==") == positive
		l, r := stripConversions(x.X), stripConversions(x.Y)
		if lit, ok := r.(*solidity.BoolLit); ok { // isOwner[msg.sender] == true
			return a.atomAccess(l, eq == lit.Value, sc, depth)
		}
		if !eq {
			return accessCheck{}, false
		}
		for _, pair := range [][2]solidity.Expr{{l, r}, {r, l}} {
			caller, other := pair[0], pair[1]
			origin := sc.isOrigin(caller)
			if !origin && !sc.isCaller(caller) {
				continue
			}
			if sc.isCaller(other) || sc.isOrigin(other) || isLiteral(other) {
				return accessCheck{}, false // tx.origin == msg.sender is an EOA check
			}
			if id, ok := other.(*solidity.Ident); ok && sc.params[id.Name] {
				return accessCheck{}, false // compared with the caller's own argument
			}
			return accessCheck{vars: a.varsOf(other, sc), origin: origin, membership: perItem(other, sc)}, true
		}
	case *solidity.IndexAccess:
		if !positive {
			return accessCheck{}, false
		}
		if sc.isCaller(x.Index) || sc.isOrigin(x.Index) {
			var vars []*StateVar
			if sv := sc.stateBase(x.X); sv != nil {
				vars = append(vars, sv)
			}
			return accessCheck{vars: vars, membership: true}, true
		}
	case *solidity.MemberAccess:
		// roles[msg.sender].isAdmin
		if positive {
			if ix, ok := x.X.(*solidity.IndexAccess); ok {
				return a.atomAccess(ix, true, sc, depth)
			}
		}
	case *solidity.CallExpr:
		if !positive {
			return accessCheck{}, false
		}
		senderArg := false
		for _, arg := range x.Args {
			if sc.isCaller(arg) || sc.isOrigin(arg) {
				senderArg = true
			}
		}
		// hasRole(ROLE, msg.sender): an internal helper given the caller.
		// A call on another contract (token.transferFrom(msg.sender, ..))
		// is not a check of who the caller is.
		if id, isIdent := x.Fun.(*solidity.Ident); isIdent && senderArg && !strings.HasPrefix(id.Name, "balance") {
			return accessCheck{vars: a.varsOf(x, sc), membership: true}, true
		}
		// isOwner(), _isAdmin(): a helper that checks the caller itself.
		if g := sc.internalCallee(sc.contract, x); g != nil && depth < 3 && g.Decl.Body != nil {
			if ac, ok := a.returnsAccess(g, depth+1); ok {
				return ac, true
			}
		}
	}
	return accessCheck{}, false
}

// perItem reports an expression that picks one entry of a collection by a
// key other than the caller: orders[id].maker, ownerOf[tokenId].
func perItem(e solidity.Expr, sc *scope) bool { return perItemDepth(e, sc, 0) }

func perItemDepth(e solidity.Expr, sc *scope, depth int) bool {
	per := false
	solidity.Inspect(e, func(n solidity.Node) bool {
		if ix, ok := n.(*solidity.IndexAccess); ok && ix.Index != nil && !sc.isCaller(ix.Index) {
			per = true
		}
		if id, ok := n.(*solidity.Ident); ok && sc.storageOf[id.Name] != nil {
			per = true // a storage pointer picked from a collection
		}
		// ownerOf(tokenId), proposalProposer(id): a getter given a key.
		if c, ok := n.(*solidity.CallExpr); ok && !isConversion(c) && len(c.Args) > 0 {
			for _, arg := range c.Args {
				if !sc.isCaller(arg) && !isLiteral(arg) {
					per = true
				}
			}
		}
		// a local copied from such an expression (address owner = ownerOf(id))
		if id, ok := n.(*solidity.Ident); ok && sc.isLocal(id.Name) && !sc.params[id.Name] && !per && depth < 4 {
			if defs := sc.defs[id.Name]; len(defs) == 1 && defs[0] != e {
				per = perItemDepth(defs[0], sc, depth+1)
			}
		}
		return !per
	})
	return per
}

// returnsAccess reports a helper whose return value is an access check.
func (a *Analysis) returnsAccess(g *Function, depth int) (accessCheck, bool) {
	var found accessCheck
	ok := false
	solidity.Inspect(g.Decl.Body, func(n solidity.Node) bool {
		if r, isRet := n.(*solidity.ReturnStmt); isRet && r.X != nil {
			conjuncts(r.X, true, func(atom solidity.Expr, positive bool) {
				if ac, yes := a.atomAccess(atom, positive, g.scope, depth); yes {
					found.vars = append(found.vars, ac.vars...)
					ok = true
				}
			})
		}
		return !ok
	})
	return found, ok
}

func calleeName(c *solidity.CallExpr) string {
	switch f := c.Fun.(type) {
	case *solidity.Ident:
		return f.Name
	case *solidity.MemberAccess:
		return f.Name.Name
	}
	return ""
}

func isLiteral(e solidity.Expr) bool {
	switch stripConversions(e).(type) {
	case *solidity.NumberLit, *solidity.StringLit, *solidity.BoolLit:
		return true
	}
	return false
}

// varsOf lists the state variables an expression reads, looking through
// view helpers such as owner().
func (a *Analysis) varsOf(e solidity.Expr, sc *scope) []*StateVar {
	var out []*StateVar
	solidity.Inspect(e, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.Ident:
			if sv := sc.stateBase(x); sv != nil {
				out = append(out, sv)
			}
		case *solidity.CallExpr:
			if g := sc.internalCallee(sc.contract, x); g != nil && g.Decl.Body != nil {
				for _, eff := range a.trace(g).Effects {
					if eff.Kind == EffRead && eff.Var != nil {
						out = append(out, eff.Var)
					}
				}
			}
		}
		return true
	})
	return out
}

// accessGuarded reports whether an effect only happens for a restricted
// caller: some guard holding there is an access check.
func (a *Analysis) accessGuarded(e Effect) bool {
	for g := e.Guards; g != nil; g = g.Next {
		if _, ok := a.guardAccess(g); ok {
			return true
		}
	}
	return false
}

// functionGuarded reports whether the whole function is restricted to
// privileged callers: by a modifier, or by a check at the top of its body
// (directly or in a helper such as _checkOwner()).
func (a *Analysis) functionGuarded(f *Function) bool { return a.guardedBy(f, true) }

// ownerGuarded is functionGuarded without membership checks: the function
// is reserved to one privileged account (or role set by modifier), not
// merely to members or to the owner of one item.
func (a *Analysis) ownerGuarded(f *Function) bool { return a.guardedBy(f, false) }

func (a *Analysis) guardedBy(f *Function, membership bool) bool {
	bit := int8(2)
	if membership {
		bit = 1
	}
	memo := a.guarded[f]
	if memo&(bit<<2) != 0 {
		return memo&bit != 0
	}
	ok := a.computeGuarded(f, membership)
	memo |= bit << 2
	if ok {
		memo |= bit
	}
	a.guarded[f] = memo
	return ok
}

func (a *Analysis) computeGuarded(f *Function, membership bool) bool {
	for _, m := range f.Decl.Modifiers {
		name := m.Name.Last()
		if mod := f.Contract.resolveModifier(name); mod != nil {
			if any, owner := a.modifierChecksAccess(mod); owner || membership && any {
				return true
			}
		} else if accessModifierName(name) {
			return true
		}
	}
	if f.Decl.Body == nil {
		return false
	}
	for _, s := range f.Decl.Body.Stmts {
		if x, ok := s.(*solidity.ExprStmt); ok {
			if call, ok := x.X.(*solidity.CallExpr); ok {
				if g := f.scope.internalCallee(f.Contract, call); g != nil && g.Decl.Body == nil && authHook(g) {
					return true
				}
			}
		}
	}
	found := false
	a.topGuards(f.Decl.Body.Stmts, f.scope, 0, func(cond solidity.Expr, positive bool, sc *scope) {
		conjuncts(cond, positive, func(atom solidity.Expr, pos bool) {
			if ac, ok := a.atomAccess(atom, pos, sc, 0); ok && (membership || !ac.membership) {
				found = true
			}
		})
	})
	return found
}

// topGuards calls f for the conditions a body checks at its top level
// before going on: require/assert, if-revert, and those of helpers called
// as statements.
func (a *Analysis) topGuards(stmts []solidity.Stmt, sc *scope, depth int, f func(cond solidity.Expr, positive bool, sc *scope)) {
	for _, s := range stmts {
		switch x := s.(type) {
		case *solidity.ExprStmt:
			call, ok := x.X.(*solidity.CallExpr)
			if !ok {
				continue
			}
			if (isIdent(call.Fun, "require") || isIdent(call.Fun, "assert")) && len(call.Args) > 0 {
				f(call.Args[0], true, sc)
			} else if g := sc.internalCallee(sc.contract, call); g != nil && g.Decl.Body != nil && depth < 3 {
				a.topGuards(g.Decl.Body.Stmts, g.scope, depth+1, f)
			}
		case *solidity.IfStmt:
			if exits(x.Then) {
				f(x.Cond, false, sc)
			}
		}
	}
}

// modifierChecksAccess reports a modifier containing an access check
// (any), and whether one restricts callers to privileged accounts (owner):
// a comparison with stored state or a role lookup, not a membership anyone
// may gain (isMember[msg.sender]). A modifier whose checks live in helpers
// counts by its name (onlyOwner, onlyRole).
func (a *Analysis) modifierChecksAccess(m *Modifier) (any, owner bool) {
	if m.Decl.Body == nil {
		return false, false
	}
	a.conditions(m.Decl.Body, m.scope, func(cond solidity.Expr, positive bool, sc *scope) {
		conjuncts(cond, positive, func(atom solidity.Expr, pos bool) {
			if ac, ok := a.atomAccess(atom, pos, sc, 0); ok {
				any = true
				if !ac.membership || roleLookup(atom) {
					owner = true
				}
			}
		})
	})
	if !any && accessModifierName(m.Name) && strings.HasPrefix(strings.ToLower(m.Name), "only") {
		return true, true
	}
	return any, owner
}

// roleLookup matches hasRole(R, msg.sender)-style checks: roles are granted
// by an admin, not taken by the caller.
func roleLookup(atom solidity.Expr) bool {
	c, ok := solidity.Unparen(atom).(*solidity.CallExpr)
	if !ok {
		return false
	}
	name := strings.ToLower(calleeName(c))
	return strings.Contains(name, "role") || strings.Contains(name, "auth") || strings.Contains(name, "admin") || strings.Contains(name, "owner")
}

// conditions calls f for every guarding condition in a body: require and
// assert arguments, if conditions (negated when the branch exits).
func (a *Analysis) conditions(body *solidity.Block, sc *scope, f func(cond solidity.Expr, positive bool, sc *scope)) {
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.CallExpr:
			if (isIdent(x.Fun, "require") || isIdent(x.Fun, "assert")) && len(x.Args) > 0 {
				f(x.Args[0], true, sc)
			}
		case *solidity.IfStmt:
			f(x.Cond, !exits(x.Then), sc)
		}
		return true
	})
}

// findPrivileged marks state variables that gate privileges: those access
// checks compare the caller with, and delegatecall targets.
func (a *Analysis) findPrivileged() {
	a.privileged = map[*StateVar]string{}
	mark := func(vars []*StateVar, why string) {
		for _, v := range vars {
			if _, ok := a.privileged[v]; !ok {
				a.privileged[v] = why
			}
		}
	}
	for _, c := range a.Project.Contracts {
		check := func(body *solidity.Block, sc *scope) {
			if body == nil {
				return
			}
			a.conditions(body, sc, func(cond solidity.Expr, positive bool, sc *scope) {
				conjuncts(cond, positive, func(atom solidity.Expr, pos bool) {
					if ac, ok := a.atomAccess(atom, pos, sc, 0); ok && !(ac.membership && perItem(atom, sc)) {
						mark(ac.vars, "which access checks compare with the caller")
					}
				})
			})
			solidity.Inspect(body, func(n solidity.Node) bool {
				if call, ok := n.(*solidity.CallExpr); ok {
					if ext, _ := sc.classifyCall(call); ext != nil && (ext.Kind == CallDelegate || ext.Kind == CallCode) {
						mark(a.varsOf(ext.Target, sc), "which is a delegatecall target")
					}
				}
				return true
			})
		}
		for _, f := range c.Functions {
			check(f.Decl.Body, f.scope)
		}
		for _, m := range c.Modifiers {
			check(m.Decl.Body, m.scope)
		}
	}
}
