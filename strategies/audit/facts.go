package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// walkGuarded visits every node of a body together with the guards that
// hold there and whether it is inside an unchecked block. It follows the
// same guard rules as the tracer but stays inside the one body.
func walkGuarded(body *solidity.Block, sc *scope, visit func(n solidity.Node, g *Guard, unchecked bool)) {
	w := &guardWalker{sc: sc, visit: visit}
	if body != nil {
		w.stmts(body.Stmts)
	}
}

type guardWalker struct {
	sc        *scope
	guards    *Guard
	unchecked bool
	visit     func(n solidity.Node, g *Guard, unchecked bool)
}

func (w *guardWalker) expr(e solidity.Expr) {
	if e == nil {
		return
	}
	solidity.Inspect(e, func(n solidity.Node) bool {
		w.visit(n, w.guards, w.unchecked)
		return true
	})
}

func (w *guardWalker) stmts(list []solidity.Stmt) {
	for _, s := range list {
		w.stmt(s)
	}
}

func (w *guardWalker) scoped(s solidity.Stmt) {
	saved := w.guards
	w.stmt(s)
	w.guards = saved
}

func (w *guardWalker) stmt(s solidity.Stmt) {
	if s == nil {
		return
	}
	w.visit(s, w.guards, w.unchecked)
	switch s := s.(type) {
	case *solidity.Block:
		saved, savedU := w.guards, w.unchecked
		w.unchecked = w.unchecked || s.Unchecked
		w.stmts(s.Stmts)
		w.guards, w.unchecked = saved, savedU
	case *solidity.ExprStmt:
		w.expr(s.X)
		if c, ok := s.X.(*solidity.CallExpr); ok && len(c.Args) > 0 && (isIdent(c.Fun, "require") || isIdent(c.Fun, "assert")) {
			w.guards = &Guard{Cond: c.Args[0], Scope: w.sc, Next: w.guards}
		}
	case *solidity.VarDeclStmt:
		w.expr(s.Value)
	case *solidity.IfStmt:
		w.expr(s.Cond)
		saved := w.guards
		w.guards = &Guard{Cond: s.Cond, Scope: w.sc, Next: saved}
		w.scoped(s.Then)
		w.guards = &Guard{Cond: s.Cond, Negated: true, Scope: w.sc, Next: saved}
		if s.Else != nil {
			w.scoped(s.Else)
		}
		w.guards = saved
		if exits(s.Then) {
			w.guards = &Guard{Cond: s.Cond, Negated: true, Scope: w.sc, Next: saved}
		}
	case *solidity.ForStmt:
		saved := w.guards
		w.stmt(s.Init)
		w.expr(s.Cond)
		if s.Cond != nil {
			w.guards = &Guard{Cond: s.Cond, Scope: w.sc, Next: w.guards}
		}
		w.scoped(s.Body)
		w.expr(s.Post)
		w.guards = saved
	case *solidity.WhileStmt:
		saved := w.guards
		w.expr(s.Cond)
		w.guards = &Guard{Cond: s.Cond, Scope: w.sc, Next: w.guards}
		w.scoped(s.Body)
		w.guards = saved
	case *solidity.DoWhileStmt:
		w.scoped(s.Body)
		w.expr(s.Cond)
	case *solidity.ReturnStmt:
		w.expr(s.X)
	case *solidity.EmitStmt:
		w.expr(s.Call)
	case *solidity.RevertStmt:
		w.expr(s.Call)
	case *solidity.TryStmt:
		w.expr(s.Call)
		if s.Body != nil {
			w.scoped(s.Body)
		}
		for _, c := range s.Catches {
			if c.Body != nil {
				w.scoped(c.Body)
			}
		}
	}
}

// fact is a comparison known to hold: Big >= Small (Strict: >).
type fact struct {
	big, small solidity.Expr
	eq         bool // big == small
	sc         *scope
}

// facts lists the ordering facts the guards establish.
func facts(g *Guard) []fact {
	var out []fact
	for ; g != nil; g = g.Next {
		if g.Cond == nil {
			continue
		}
		sc := g.Scope
		conjuncts(g.Cond, !g.Negated, func(atom solidity.Expr, pos bool) {
			b, ok := atom.(*solidity.BinaryExpr)
			if !ok {
				return
			}
			op := b.Op
			if !pos {
				op = negateCmp(op)
			}
			switch op {
			case ">=", ">":
				out = append(out, fact{big: b.X, small: b.Y, sc: sc})
			case "<=", "<":
				out = append(out, fact{big: b.Y, small: b.X, sc: sc})
			case "==":
				out = append(out, fact{big: b.X, small: b.Y, eq: true, sc: sc})
			}
		})
	}
	return out
}

func negateCmp(op string) string {
	switch op {
	case "<":
		return ">="
	case "<=":
		return ">"
	case ">":
		return "<="
	case ">=":
		return "<"
	case "==":
		return "!="
	case "!=":
		return "=="
	}
	return ""
}

// sameExpr compares two expressions structurally, ignoring parentheses
// and conversions, after following plain local copies.
func sameExpr(a, b solidity.Expr, fl *flow) bool {
	if fl != nil {
		a, b = fl.aliasOf(a), fl.aliasOf(b)
	}
	a, b = stripConversions(a), stripConversions(b)
	switch x := a.(type) {
	case *solidity.Ident:
		y, ok := b.(*solidity.Ident)
		return ok && x.Name == y.Name
	case *solidity.NumberLit:
		y, ok := b.(*solidity.NumberLit)
		return ok && x.Value == y.Value && x.Unit == y.Unit
	case *solidity.MemberAccess:
		y, ok := b.(*solidity.MemberAccess)
		return ok && x.Name.Name == y.Name.Name && sameExpr(x.X, y.X, fl)
	case *solidity.IndexAccess:
		y, ok := b.(*solidity.IndexAccess)
		return ok && x.Index != nil && y.Index != nil && sameExpr(x.X, y.X, fl) && sameExpr(x.Index, y.Index, fl)
	case *solidity.BinaryExpr:
		y, ok := b.(*solidity.BinaryExpr)
		if !ok || x.Op != y.Op {
			return false
		}
		if sameExpr(x.X, y.X, fl) && sameExpr(x.Y, y.Y, fl) {
			return true
		}
		commutes := x.Op == "+" || x.Op == "*"
		return commutes && sameExpr(x.X, y.Y, fl) && sameExpr(x.Y, y.X, fl)
	case *solidity.CallExpr:
		y, ok := b.(*solidity.CallExpr)
		if !ok || len(x.Args) != len(y.Args) || !sameExpr(x.Fun, y.Fun, fl) {
			return false
		}
		for i := range x.Args {
			if !sameExpr(x.Args[i], y.Args[i], fl) {
				return false
			}
		}
		return true
	}
	return false
}

// contains reports whether e has a sub-expression equal to sub.
func contains(e, sub solidity.Expr, fl *flow) bool {
	found := false
	solidity.Inspect(e, func(n solidity.Node) bool {
		if x, ok := n.(solidity.Expr); ok && !found && sameExpr(x, sub, fl) {
			found = true
		}
		return !found
	})
	return found
}
