package audit

import (
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func runEcrecover(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if f.Decl.Body == nil {
			continue
		}
		solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
			call, ok := n.(*solidity.CallExpr)
			if !ok || !isIdent(call.Fun, "ecrecover") || f.scope.isLocal("ecrecover") {
				return true
			}
			names := recoveredNames(f.Decl.Body, call)
			if !zeroChecked(c, names) {
				a.report(c, f, call, "the address ecrecover returns is compared without ruling out address(0), which it returns for any invalid signature")
			}
			return true
		})
	}
}

// recoveredNames collects the names that hold or are compared with the
// recovered signer: signer in `address signer = ecrecover(..)`, holder in
// `ecrecover(..) == holder`.
func recoveredNames(body *solidity.Block, call *solidity.CallExpr) map[string]bool {
	names := map[string]bool{}
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.VarDeclStmt:
			if len(x.Vars) == 1 && x.Vars[0] != nil && x.Vars[0].Name != nil && x.Value != nil && stripConversions(x.Value) == solidity.Expr(call) {
				names[x.Vars[0].Name.Name] = true
			}
		case *solidity.AssignExpr:
			if id, ok := x.LHS.(*solidity.Ident); ok && stripConversions(x.RHS) == solidity.Expr(call) {
				names[id.Name] = true
			}
		}
		return true
	})
	solidity.Inspect(body, func(n solidity.Node) bool {
		b, ok := n.(*solidity.BinaryExpr)
		if !ok || (b.Op != "==" && b.Op != "!=") {
			return true
		}
		l, r := stripConversions(b.X), stripConversions(b.Y)
		for _, pair := range [][2]solidity.Expr{{l, r}, {r, l}} {
			if pair[0] == solidity.Expr(call) || names[identName(pair[0])] {
				if name := identName(pair[1]); name != "" {
					names[name] = true
				}
			}
		}
		return true
	})
	return names
}

// identName names an identifier or the last member of a path.
func identName(e solidity.Expr) string {
	switch x := stripConversions(e).(type) {
	case *solidity.Ident:
		return x.Name
	case *solidity.MemberAccess:
		return x.Name.Name
	case *solidity.CallExpr:
		if len(x.Args) == 0 {
			return calleeName(x) // owner()
		}
	}
	return ""
}

// zeroChecked reports a comparison of one of names with zero anywhere in
// the contract (a constructor check on the signer counts too).
func zeroChecked(c *Contract, names map[string]bool) bool {
	found := false
	check := func(body *solidity.Block) {
		if body == nil {
			return
		}
		solidity.Inspect(body, func(n solidity.Node) bool {
			b, ok := n.(*solidity.BinaryExpr)
			if !ok || found {
				return !found
			}
			switch b.Op {
			case "!=", "==", ">":
			default:
				return true
			}
			l, r := stripConversions(b.X), stripConversions(b.Y)
			if (isZero(r) && names[identName(l)]) || (isZero(l) && names[identName(r)]) {
				found = true
			}
			return true
		})
	}
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			check(f.Decl.Body)
		}
		for _, m := range k.Modifiers {
			check(m.Decl.Body)
		}
	}
	return found
}

// isZero matches 0, 0x0 and address(0) once conversions are stripped.
func isZero(e solidity.Expr) bool {
	n, ok := stripConversions(e).(*solidity.NumberLit)
	if !ok {
		return false
	}
	for _, ch := range n.Value {
		if ch != '0' && ch != 'x' && ch != 'X' && ch != '_' {
			return false
		}
	}
	return true
}
