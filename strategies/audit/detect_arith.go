package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "integer-overflow", Title: "Integer overflow or underflow on caller-supplied values",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-101", Category: Arithmetic,
		Description: "Before Solidity 0.8, and inside unchecked blocks since, arithmetic wraps around " +
			"silently. Here an operand comes from the caller and nothing bounds it first: a subtraction " +
			"without a balance check underflows, an addition or multiplication with an unbounded " +
			"argument overflows.",
		Recommendation: "Check the operands first (require(balance >= amount)), use SafeMath before 0.8, " +
			"or keep the operation out of unchecked blocks on 0.8+.",
	}, run: runOverflow})
}

func runOverflow(a *Analysis, c *Contract) {
	if c.Kind() == solidity.KindLibrary {
		return
	}
	checked := c.File.Version.CheckedArithmetic()
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil || len(f.scope.params) == 0 {
			continue
		}
		if a.ownerGuarded(f) {
			continue // arithmetic the owner feeds is the owner's business
		}
		fl := a.flow(f)
		body := f.Decl.Body
		checks := overflowTests(body, fl)
		walkGuarded(body, f.scope, func(n solidity.Node, g *Guard, unchecked bool) {
			if (checked && !unchecked) || checks[n] {
				return
			}
			if msg := overflowAt(n, g, fl, body); msg != "" {
				a.report(c, f, n, msg)
			}
		})
	}
}

// overflowAt decides whether one arithmetic node can wrap on caller input.
func overflowAt(n solidity.Node, g *Guard, fl *flow, body *solidity.Block) string {
	switch x := n.(type) {
	case *solidity.AssignExpr:
		switch x.Op {
		case "-=":
			if p := directParam(x.RHS, fl); p != "" && !provenGE(x.LHS, x.RHS, g, fl) {
				return fmt.Sprintf("%s -= %s can underflow: nothing checks that %s covers %s", exprText(x.LHS), p, exprText(x.LHS), p)
			}
		case "+=":
			if p := directParam(x.RHS, fl); p != "" && !bounded(p, g, fl) && !sumChecked(x.LHS, x.RHS, g, fl) && !conserved(body, x, fl) {
				return fmt.Sprintf("%s += %s can overflow: %s is an unbounded argument", exprText(x.LHS), p, p)
			}
		case "*=":
			if ps := unboundedParams(x.RHS, g, fl); ps != "" {
				return fmt.Sprintf("%s *= ... can overflow: %s is an unbounded argument", exprText(x.LHS), ps)
			}
		}
	case *solidity.BinaryExpr:
		switch x.Op {
		case "*", "**":
			ps := unboundedParams(x.X, g, fl)
			if ps == "" {
				ps = unboundedParams(x.Y, g, fl)
			}
			if ps != "" {
				return fmt.Sprintf("multiplication can overflow: %s is an unbounded argument", ps)
			}
		case "+":
			for _, side := range []solidity.Expr{x.X, x.Y} {
				if p := directParam(side, fl); p != "" && !bounded(p, g, fl) && !overflowChecked(x, g, fl) {
					return fmt.Sprintf("%s can overflow: %s is an unbounded argument", exprText(x.X)+" + "+exprText(x.Y), p)
				}
			}
		case "-":
			if p := directParam(x.Y, fl); p != "" && !provenGE(x.X, x.Y, g, fl) {
				return fmt.Sprintf("%s - %s can underflow: nothing checks that %s covers %s", exprText(x.X), p, exprText(x.X), p)
			}
		}
	}
	return ""
}

// directParam returns the parameter e is (or plainly copies), or "".
func directParam(e solidity.Expr, fl *flow) string {
	e = stripConversions(fl.aliasOf(e))
	if id, ok := e.(*solidity.Ident); ok && fl.sc.params[id.Name] {
		return id.Name
	}
	return ""
}

// unboundedParams names a parameter that is a direct operand of the
// product e (a * b * c) and that no guard bounds above. Values computed
// from parameters are not followed: their range is the computation's.
func unboundedParams(e solidity.Expr, g *Guard, fl *flow) string {
	e = solidity.Unparen(e)
	if b, ok := e.(*solidity.BinaryExpr); ok && (b.Op == "*" || b.Op == "**") {
		if p := unboundedParams(b.X, g, fl); p != "" {
			return p
		}
		return unboundedParams(b.Y, g, fl)
	}
	if p := directParam(e, fl); p != "" && !bounded(p, g, fl) {
		return p
	}
	return ""
}

// bounded reports a guard putting an upper bound on parameter p (or on
// something computed from it only by copying): p <= X, X > p, p == X.
func bounded(p string, g *Guard, fl *flow) bool {
	for _, f := range facts(g) {
		if directParam(f.small, fl) == p {
			return true
		}
		if f.eq && directParam(f.big, fl) == p {
			return true
		}
		// len(p) bounded: p.length <= N
		if m, ok := stripConversions(f.small).(*solidity.MemberAccess); ok && m.Name.Name == "length" && directParam(m.X, fl) == p {
			return true
		}
	}
	return false
}

// provenGE reports a guard showing big >= small.
func provenGE(big, small solidity.Expr, g *Guard, fl *flow) bool {
	for _, f := range facts(g) {
		if sameExpr(f.big, big, fl) && sameExpr(f.small, small, fl) {
			return true
		}
	}
	return false
}

// sumChecked reports a guard that already compares target + v (the check
// itself may be what overflows; that one is reported on its own line).
func sumChecked(target, v solidity.Expr, g *Guard, fl *flow) bool {
	sum := &solidity.BinaryExpr{Op: "+", X: target, Y: v}
	for ; g != nil; g = g.Next {
		if g.Cond != nil && contains(g.Cond, sum, fl) {
			return true
		}
	}
	return false
}

// overflowChecked recognises a + b guarded by the classic a + b >= a test,
// or being that test itself.
func overflowChecked(sum *solidity.BinaryExpr, g *Guard, fl *flow) bool {
	isCheck := func(f fact) bool {
		return sameExpr(f.big, sum, fl) && (sameExpr(f.small, sum.X, fl) || sameExpr(f.small, sum.Y, fl))
	}
	for _, f := range facts(g) {
		if isCheck(f) {
			return true
		}
	}
	return false
}

// conserved recognises `to += v` balanced by a checked `from -= v` of the
// same amount elsewhere in the function: a transfer, not a mint.
func conserved(body *solidity.Block, add *solidity.AssignExpr, fl *flow) bool {
	found := false
	walkGuarded(body, fl.sc, func(n solidity.Node, g *Guard, _ bool) {
		sub, ok := n.(*solidity.AssignExpr)
		if !ok || found || sub == add {
			return
		}
		switch {
		case sub.Op == "-=" && sameExpr(sub.RHS, add.RHS, fl) && provenGE(sub.LHS, sub.RHS, g, fl):
			found = true
		case sub.Op == "=":
			// from = from.sub(v), or from = available - v after a check.
			if b, ok := solidity.Unparen(sub.RHS).(*solidity.BinaryExpr); ok && b.Op == "-" && sameExpr(b.Y, add.RHS, fl) && provenGE(b.X, b.Y, g, fl) {
				found = true
			}
			if c, ok := solidity.Unparen(sub.RHS).(*solidity.CallExpr); ok && calleeName(c) == "sub" && len(c.Args) >= 1 && sameExpr(c.Args[len(c.Args)-1], add.RHS, fl) {
				found = true
			}
		}
	})
	return found
}

// overflowTests finds sums that are themselves the overflow test:
// a + b >= a, a < a + b.
func overflowTests(body *solidity.Block, fl *flow) map[solidity.Node]bool {
	out := map[solidity.Node]bool{}
	solidity.Inspect(body, func(n solidity.Node) bool {
		cmp, ok := n.(*solidity.BinaryExpr)
		if !ok || !isComparison(cmp.Op) {
			return true
		}
		for _, pair := range [][2]solidity.Expr{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
			if sum, ok := solidity.Unparen(pair[0]).(*solidity.BinaryExpr); ok && sum.Op == "+" &&
				(sameExpr(sum.X, pair[1], fl) || sameExpr(sum.Y, pair[1], fl)) {
				out[sum] = true
			}
		}
		return true
	})
	return out
}
