package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "unchecked-call", Title: "Return value of a low-level call not checked",
		Severity: Medium, Confidence: ConfHigh, SWC: "SWC-104", Category: UncheckedLowLevel,
		Description: "call, send, delegatecall and callcode do not revert when the callee fails: they " +
			"return false. Here the result is ignored, so the function carries on as if the call had worked.",
		Recommendation: "Check the result: require(success) (or handle the failure), or use transfer or a " +
			"high-level call that reverts. For ether payouts prefer a pull-payment pattern.",
	}, run: runUncheckedCall})
	register(&detector{Meta: Meta{
		ID: "controlled-delegatecall", Title: "delegatecall to an address the caller chooses",
		Severity: High, Confidence: ConfHigh, SWC: "SWC-112", Category: AccessControl,
		Description: "delegatecall runs the target's code with this contract's storage and balance. When " +
			"any caller can pick the target, they can run code that overwrites the owner or drains the contract.",
		Recommendation: "Only delegatecall to trusted, fixed implementations, or restrict the function to " +
			"the owner or governance.",
	}, run: runControlledDelegatecall})
}

func runUncheckedCall(a *Analysis, c *Contract) {
	report := func(f *Function, body *solidity.Block, sc *scope) {
		for _, u := range uncheckedCalls(body, sc) {
			what := u.ext.Method
			a.report(c, f, u.call, fmt.Sprintf("the result of %s to %s is never checked; a failed call goes unnoticed", what, exprText(u.ext.Target)))
		}
	}
	for _, f := range c.Functions {
		if f.Decl.Body != nil {
			report(f, f.Decl.Body, f.scope)
		}
	}
	for _, m := range c.Modifiers {
		if m.Decl.Body != nil {
			report(nil, m.Decl.Body, m.scope)
		}
	}
}

type uncheckedCall struct {
	call *solidity.CallExpr
	ext  *ExtCall
}

// uncheckedCalls lists the low-level calls of a body whose success is
// never looked at: bare call statements, and results assigned to a
// variable that is never read again (or to a tuple hole).
func uncheckedCalls(body *solidity.Block, sc *scope) []uncheckedCall {
	var out []uncheckedCall
	solidity.Inspect(body, func(n solidity.Node) bool {
		var call solidity.Expr
		var result *solidity.Ident // the success variable, when assigned
		hole := false
		switch s := n.(type) {
		case *solidity.ExprStmt:
			switch x := s.X.(type) {
			case *solidity.CallExpr:
				call = x
			case *solidity.AssignExpr:
				call = x.RHS
				result, hole = firstTarget(x.LHS)
			}
		case *solidity.VarDeclStmt:
			if s.Value == nil || len(s.Vars) == 0 {
				return true
			}
			call = s.Value
			if s.Vars[0] == nil {
				hole = true
			} else {
				result = s.Vars[0].Name
			}
		default:
			return true
		}
		ce, ok := solidity.Unparen(call).(*solidity.CallExpr)
		if !ok {
			return true
		}
		ext, _ := sc.classifyCall(ce)
		if ext == nil || !ext.Kind.LowLevel() || ext.Kind == CallStatic {
			return true
		}
		if result != nil && !hole && usedAfter(body, result.Name, n.End().Off) {
			return true
		}
		if result == nil && !hole {
			if _, isDecl := n.(*solidity.VarDeclStmt); isDecl {
				return true
			}
			if _, isStmt := n.(*solidity.ExprStmt); isStmt {
				if _, isCall := n.(*solidity.ExprStmt).X.(*solidity.CallExpr); !isCall {
					return true // assigned to something other than a variable
				}
			}
		}
		out = append(out, uncheckedCall{call: ce, ext: ext})
		return true
	})
	return out
}

// firstTarget returns the first variable of an assignment target:
// ok in `ok = x.send(v)` or `(ok, data) = x.call(d)`; hole is set for
// `(, data) = ...`.
func firstTarget(lhs solidity.Expr) (id *solidity.Ident, hole bool) {
	switch x := solidity.Unparen(lhs).(type) {
	case *solidity.Ident:
		return x, false
	case *solidity.TupleExpr:
		if len(x.Elems) == 0 || x.Elems[0] == nil {
			return nil, true
		}
		id, _ := x.Elems[0].(*solidity.Ident)
		return id, id == nil
	}
	return nil, false
}

// usedAfter reports whether name is read after offset in body.
func usedAfter(body *solidity.Block, name string, off int) bool {
	used := false
	solidity.Inspect(body, func(n solidity.Node) bool {
		if used {
			return false
		}
		if id, ok := n.(*solidity.Ident); ok && id.Name == name && id.Pos().Off >= off {
			used = true
		}
		return true
	})
	return used
}

func runControlledDelegatecall(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.Decl.Body == nil {
			continue
		}
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffCall || (e.Call.Kind != CallDelegate && e.Call.Kind != CallCode) {
				continue
			}
			o := a.originOf(f, e, e.Call.Target)
			if !o.has(fromParam|fromData) || a.accessGuarded(e) {
				continue
			}
			a.report(f.Contract, f, where(e), fmt.Sprintf("%s.%s runs code at %s, which the caller of %s chooses",
				exprText(e.Call.Target), e.Call.Method, exprText(e.Call.Target), f.Name))
		}
	}
}
