package audit

import (
	"fmt"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "dos-call-in-loop", Title: "Ether sent or external call made inside a loop",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-113", Category: DenialOfService,
		Description: "Paying many recipients in one transaction fails as a whole when one of them reverts " +
			"(a contract without a payable fallback, or one that rejects on purpose), and grows with the list " +
			"until it no longer fits in a block.",
		Recommendation: "Record what each recipient is owed and let them withdraw it (pull payments); " +
			"process long lists in bounded batches.",
	}, run: runLoopCall})
	register(&detector{Meta: Meta{
		ID: "dos-unbounded-loop", Title: "Loop over an array anyone can grow",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-128", Category: DenialOfService,
		Description: "The loop walks a storage array that any caller can append to. Once it is long enough " +
			"the function needs more gas than a block holds and can never run again.",
		Recommendation: "Bound the array, process it in batches with a stored cursor, or restructure so " +
			"that per-entry work happens when each entry is touched.",
	}, run: runUnboundedLoop})
	register(&detector{Meta: Meta{
		ID: "dos-push-payment", Title: "Payment to an address a caller can set must succeed",
		Severity: Medium, Confidence: ConfMedium, SWC: "SWC-113", Category: DenialOfService,
		Description: "The function reverts unless ether reaches an address that some caller chose (the " +
			"previous leader, a winner drawn from entrants). A contract that refuses ether blocks the " +
			"function for everyone.",
		Recommendation: "Credit the amount and let the recipient withdraw it instead of pushing it.",
	}, run: runPushPayment})
}

// movesValue reports calls that send ether or hand control out with a
// low-level call.
func movesValue(c *ExtCall) bool {
	switch c.Kind {
	case CallTransfer, CallSend, CallLow:
		return !c.Self
	case CallHigh:
		return c.Value != nil && !c.Self
	}
	return false
}

// loopCall reports calls inside loops that can revert the whole loop:
// value transfers, low-level calls and calls into other contracts that
// may write (view calls cannot block anyone).
func (a *Analysis) loopCall(e Effect) bool {
	if e.Kind != EffCall || e.Loop == nil {
		return false
	}
	if movesValue(e.Call) {
		return !a.callerBatch(e)
	}
	// A call into a contract the loop reads from storage (registered
	// hooks, stakers' vaults) lets one of them block everyone; calls to
	// contracts the caller names (swap hops) only fail the caller.
	if e.Call.Kind != CallHigh || e.Call.Self || e.Scope == nil || a.viewCall(e) {
		return false
	}
	fl := newFlow(e.Scope, nil)
	for _, k := range e.Scope.contract.Functions {
		if k.scope == e.Scope {
			fl = a.flow(k)
		}
	}
	o := fl.of(e.Call.Target)
	return o.has(fromState) && !o.has(fromParam)
}

// callerBatch reports a low-level call whose target and calldata both come
// from the caller's arguments (multicall, a timelock executing a batch) or
// from the same stored records (a governor executing a proposal): a
// failing entry fails only the batch one party composed, not a list of
// recipients each of whom could block the others.
func (a *Analysis) callerBatch(e Effect) bool {
	call, ok := e.Node.(*solidity.CallExpr)
	if e.Call.Kind != CallLow || !ok || len(call.Args) != 1 || e.Scope == nil {
		return false
	}
	fl := newFlow(e.Scope, nil)
	target, data := fl.of(e.Call.Target), fl.of(call.Args[0])
	if e.Bind != nil {
		target, data = a.originOfBound(e, e.Call.Target), a.originOfBound(e, call.Args[0])
	}
	if target.has(fromParam) && !target.has(fromState) && data.has(fromParam) && !data.has(fromState) {
		return true
	}
	// A stored batch (a proposal's targets and calldatas): both read from
	// the same records, composed together by whoever stored them.
	if !target.has(fromState) || len(target.vars) == 0 || len(target.vars) != len(data.vars) {
		return false
	}
	for v := range target.vars {
		if !data.vars[v] {
			return false
		}
	}
	return true
}

// originOfBound follows an inlined callee's parameters to its caller's
// arguments (the loop body calls a helper that makes the call).
func (a *Analysis) originOfBound(e Effect, x solidity.Expr) origin {
	o := newFlow(e.Scope, nil).of(x)
	if !o.has(fromParam) || e.Bind == nil {
		return o
	}
	out := origin{bits: o.bits &^ fromParam, vars: o.vars}
	for p := range o.params {
		arg, ok := e.Bind.params[p]
		if !ok {
			out.add(origin{bits: fromParam, params: map[string]bool{p: true}})
			continue
		}
		out.add(a.originOfBound(Effect{Scope: e.Bind.scope, Bind: e.Bind.outer}, arg))
	}
	return out
}

func runLoopCall(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil {
			continue
		}
		unchecked := map[solidity.Node]bool{}
		for _, u := range uncheckedCalls(f.Decl.Body, f.scope) {
			unchecked[u.call] = true
		}
		for _, e := range a.trace(f).Effects {
			if !a.loopCall(e) {
				continue
			}
			if unchecked[e.Node] {
				// send and call return false instead of reverting: the
				// loop goes on, but its gas still grows with the list.
				a.report(f.Contract, f, where(e), fmt.Sprintf("%s to %s inside a loop: its cost grows with the list until %s no longer fits in a block, and failed payments are skipped silently", e.Call.Method, exprText(e.Call.Target), f.Name))
				continue
			}
			a.report(f.Contract, f, where(e), fmt.Sprintf("%s to %s inside a loop: one failing recipient reverts the whole of %s", e.Call.Method, exprText(e.Call.Target), f.Name))
		}
	}
}

func runUnboundedLoop(a *Analysis, c *Contract) {
	growable := a.growableArrays(c)
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil {
			continue
		}
		withCalls := map[solidity.Node]bool{}
		for _, e := range a.trace(f).Effects {
			if a.loopCall(e) {
				withCalls[e.Loop] = true
			}
		}
		solidity.Inspect(f.Decl.Body, func(n solidity.Node) bool {
			var cond solidity.Expr
			switch l := n.(type) {
			case *solidity.ForStmt:
				cond = l.Cond
			case *solidity.WhileStmt:
				cond = l.Cond
			case *solidity.DoWhileStmt:
				cond = l.Cond
			default:
				return true
			}
			if cond == nil || withCalls[n] || constantBound(cond, f.Contract) {
				return true
			}
			solidity.Inspect(cond, func(m solidity.Node) bool {
				if id, ok := m.(*solidity.Ident); ok {
					m = f.scope.alias(id) // uint n = list.length; i < n
				}
				ma, ok := m.(*solidity.MemberAccess)
				if !ok || ma.Name.Name != "length" {
					return true
				}
				if v := f.scope.stateBase(ma.X); v != nil && growable[v] != "" {
					a.report(f.Contract, f, n, fmt.Sprintf("the loop runs over %s, which %s can grow without limit", v.Name, growable[v]))
					return false
				}
				return true
			})
			return true
		})
	}
}

// growableArrays finds state arrays that a public function lets any caller
// append to, with the function that does it.
func (a *Analysis) growableArrays(c *Contract) map[*StateVar]string {
	out := map[*StateVar]string{}
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if !f.External() || f.Ctor || f.Decl.Body == nil || a.ownerGuarded(f) {
				continue
			}
			for _, e := range a.trace(f).Effects {
				if e.Kind != EffWrite || e.Var == nil || !grows(e) || a.accessGuarded(e) || capped(e, c) {
					continue
				}
				if _, isArray := e.Var.Decl.Type.(*solidity.ArrayType); isArray {
					out[e.Var] = f.Name
				}
			}
		}
	}
	return out
}

// constantBound reports a loop condition with a conjunct i < N where N is
// a literal or a constant: the loop stops there whatever the array holds.
func constantBound(cond solidity.Expr, c *Contract) bool {
	found := false
	conjuncts(cond, true, func(atom solidity.Expr, pos bool) {
		if b, ok := atom.(*solidity.BinaryExpr); ok && pos && (b.Op == "<" || b.Op == "<=") && isConstant(b.Y, c) {
			found = true
		}
	})
	return found
}

// isConstant reports a literal or a constant state variable.
func isConstant(e solidity.Expr, c *Contract) bool {
	e = stripConversions(e)
	if isLiteral(e) {
		return true
	}
	id, ok := e.(*solidity.Ident)
	if !ok {
		return false
	}
	v := c.Var(id.Name)
	return v != nil && (v.Decl.Constant || v.Decl.Immutable)
}

// capped reports an append made only while the array is below a constant
// size: require(list.length < MAX).
func capped(e Effect, c *Contract) bool {
	for _, ft := range facts(e.Guards) {
		m, ok := stripConversions(ft.small).(*solidity.MemberAccess)
		if ok && m.Name.Name == "length" && ft.sc != nil && ft.sc.stateBase(m.X) == e.Var && isConstant(ft.big, c) {
			return true
		}
	}
	return false
}

// grows reports a write that appends to an array: push, or before 0.6
// list.length++ / list[list.length++] = x / list.length += n.
func grows(e Effect) bool {
	if call, ok := e.Node.(*solidity.CallExpr); ok {
		return calleeName(call) == "push"
	}
	m, ok := e.Node.(*solidity.MemberAccess)
	return ok && m.Name.Name == "length" && (e.Op == "++" || e.Op == "+=")
}

func runPushPayment(a *Analysis, c *Contract) {
	settable := a.callerSettable(c)
	for _, f := range c.Functions {
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil {
			continue
		}
		unchecked := map[solidity.Node]bool{}
		for _, u := range uncheckedCalls(f.Decl.Body, f.scope) {
			unchecked[u.call] = true
		}
		for _, e := range a.trace(f).Effects {
			if e.Kind != EffCall || e.Loop != nil || unchecked[e.Node] || !movesValue(e.Call) || e.Call.Kind == CallLow && e.Call.Value == nil {
				continue
			}
			// send and call return false: only a failure that reverts
			// (require(x.send(v)), if (!ok) revert) blocks anyone.
			if (e.Call.Kind == CallSend || e.Call.Kind == CallLow) && !failureReverts(e) {
				continue
			}
			o := a.originOf(f, e, e.Call.Target)
			if o.has(fromSender) || a.accessGuarded(e) {
				continue
			}
			for v := range o.vars {
				if who := settable[v]; who != "" {
					a.report(f.Contract, f, where(e), fmt.Sprintf("%s must accept the payment or %s reverts; %s sets %s to an address of the caller's choice", exprText(e.Call.Target), f.Name, who, v.Name))
					break
				}
			}
		}
	}
}

// failureReverts reports a send or low-level call whose failure reverts:
// required (directly or through the success flag), or tested by an if
// whose failing branch exits.
func failureReverts(e Effect) bool {
	call := e.Node
	reverts := false
	var body *solidity.Block
	for _, k := range e.Scope.contract.Functions {
		if k.scope == e.Scope {
			body = k.Decl.Body
		}
	}
	for _, m := range e.Scope.contract.Modifiers {
		if m.scope == e.Scope {
			body = m.Decl.Body
		}
	}
	if body == nil {
		return true
	}
	// The success flag: (bool ok, ) = x.call{..}(""); bool ok = x.send(v).
	var flag string
	solidity.Inspect(body, func(n solidity.Node) bool {
		if d, ok := n.(*solidity.VarDeclStmt); ok && d.Value != nil && solidity.Unparen(d.Value) == call && len(d.Vars) > 0 && d.Vars[0] != nil && d.Vars[0].Name != nil {
			flag = d.Vars[0].Name.Name
		}
		if as, ok := n.(*solidity.AssignExpr); ok && solidity.Unparen(as.RHS) == call {
			if id, hole := firstTarget(as.LHS); !hole && id != nil {
				flag = id.Name
			}
		}
		return true
	})
	mentions := func(cond solidity.Expr) bool {
		found := false
		solidity.Inspect(cond, func(n solidity.Node) bool {
			if n == call {
				found = true
			}
			if id, ok := n.(*solidity.Ident); ok && flag != "" && id.Name == flag {
				found = true
			}
			return !found
		})
		return found
	}
	solidity.Inspect(body, func(n solidity.Node) bool {
		switch x := n.(type) {
		case *solidity.CallExpr:
			if (isIdent(x.Fun, "require") || isIdent(x.Fun, "assert")) && len(x.Args) > 0 && mentions(x.Args[0]) {
				reverts = true
			}
		case *solidity.IfStmt:
			if mentions(x.Cond) && (aborts(x.Then) || x.Else != nil && aborts(x.Else)) {
				reverts = true
			}
		}
		return !reverts
	})
	return reverts
}

// aborts reports a statement that always reverts (a return is no revert:
// the failed payment is then handled, not fatal).
func aborts(s solidity.Stmt) bool {
	switch s := s.(type) {
	case *solidity.ThrowStmt, *solidity.RevertStmt:
		return true
	case *solidity.ExprStmt:
		c, ok := s.X.(*solidity.CallExpr)
		return ok && (isIdent(c.Fun, "revert") || isIdent(c.Fun, "require") && len(c.Args) > 0 && isFalse(c.Args[0]))
	case *solidity.Block:
		return len(s.Stmts) > 0 && aborts(s.Stmts[len(s.Stmts)-1])
	}
	return false
}

func isFalse(e solidity.Expr) bool {
	b, ok := solidity.Unparen(e).(*solidity.BoolLit)
	return ok && !b.Value
}

// callerSettable finds state that public functions set to the caller or
// to an address the caller passes: leaders, bidders, entrant lists.
func (a *Analysis) callerSettable(c *Contract) map[*StateVar]string {
	out := map[*StateVar]string{}
	for _, k := range c.Linear {
		for _, f := range k.Functions {
			if !f.External() || f.Ctor || f.Decl.Body == nil || a.ownerGuarded(f) {
				continue
			}
			fl := a.flow(f)
			for _, e := range a.trace(f).Effects {
				if e.Kind != EffWrite || e.Var == nil || e.Inlined {
					continue
				}
				val := e.Value
				if call, ok := e.Node.(*solidity.CallExpr); ok && calleeName(call) == "push" && len(call.Args) == 1 {
					val = call.Args[0]
				}
				if val == nil {
					continue
				}
				if o := fl.of(val); o.has(fromSender) || o.has(fromParam) && isAddressType(f.scope.typeOf(stripConversions(val))) {
					out[e.Var] = f.Name
				}
			}
		}
	}
	return out
}
