package audit

import (
	"fmt"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

func init() {
	register(&detector{Meta: Meta{
		ID: "reentrancy", Title: "State written after an external call (reentrancy)",
		Severity: High, Confidence: ConfMedium, SWC: "SWC-107", Category: Reentrancy,
		Description: "The function makes an external call (a low-level call, a call that forwards ether, " +
			"or a call into a contract the caller chooses) and writes contract state afterwards. The callee " +
			"can call back into this contract, in this function or another one, while the state still " +
			"reflects the situation before the call.",
		Recommendation: "Apply checks-effects-interactions: update all state before the external call. " +
			"Or protect the functions with a reentrancy guard (OpenZeppelin ReentrancyGuard's nonReentrant).",
	}, run: runReentrancy})
}

func runReentrancy(a *Analysis, c *Contract) {
	for _, f := range c.Functions {
		// An owner- or role-only function calls what its privileged caller
		// chose (a timelock or governor executing a proposal): a callee
		// that re-enters does so with that caller's blessing.
		if !f.External() || f.Ctor || f.ReadOnly() || f.Decl.Body == nil || a.hasReentrancyGuard(f) || a.ownerGuarded(f) {
			continue
		}
		effects := a.trace(f).Effects
		for i, e := range effects {
			if e.Kind == EffCall && (e.Call.Kind == CallSend || e.Call.Kind == CallTransfer) && !e.Call.Self {
				a.stipendReentrancy(f, effects, i)
				continue
			}
			if e.Kind != EffCall || !a.reentrantCall(f, e) {
				continue
			}
			w, counterOnly := a.staleWriteAfter(effects, i)
			if w == nil {
				continue
			}
			sev := Medium
			if e.Call.Value != nil || e.Call.Kind == CallLow {
				sev = High
			}
			m := a.cur.Meta
			m.Severity = sev
			if counterOnly {
				// Only a running total is updated after the call, from its
				// current value: a re-entrant reader sees an old total.
				m.Severity, m.Confidence = Low, ConfLow
			}
			msg := fmt.Sprintf("%s %s: state variable %s is written after it (line %d), so a re-entrant call sees stale state%s",
				callDescription(e.Call), f.Name, w.Var.Name, w.Node.Pos().Line, a.otherUsers(c, f, w.Var))
			a.reportAs(m, f.Contract, f, where(e), msg)
		}
	}
}

// stipendReentrancy reports a send or transfer followed by a state write:
// only the 2300-gas stipend keeps the recipient from re-entering, an
// assumption gas repricings have broken before (EIP-1884) and may again.
func (a *Analysis) stipendReentrancy(f *Function, effects []Effect, i int) {
	w, counterOnly := a.staleWriteAfter(effects, i)
	if w == nil || counterOnly {
		return
	}
	e := effects[i]
	m := a.cur.Meta
	// Low: since EIP-2200 an SSTORE needs more gas than the stipend, so a
	// state-changing re-entry is impossible under today's gas rules.
	m.Severity, m.Confidence = Low, ConfLow
	msg := fmt.Sprintf("%s to `%s` in %s: state variable %s is written after it (line %d); only the 2300-gas stipend stops a re-entrant call, and gas repricings have changed what that allows",
		e.Call.Method, exprText(e.Call.Target), f.Name, w.Var.Name, w.Node.Pos().Line)
	a.reportAs(m, f.Contract, f, where(e), msg)
}

// reentrantCall reports calls that hand control to code the caller may
// choose: low-level calls, calls forwarding ether beyond the 2300-gas
// stipend, and high-level calls to caller-chosen contracts.
func (a *Analysis) reentrantCall(f *Function, e Effect) bool {
	call := e.Call
	if call.Self {
		return false
	}
	switch call.Kind {
	case CallLow:
		return true
	case CallHigh:
		if call.Value != nil {
			return true
		}
		if a.viewCall(e) {
			return false // STATICCALL: the callee cannot write anything
		}
		o := a.originOf(f, e, call.Target)
		return o.has(fromSender | fromParam | fromCall)
	}
	return false
}

// viewCall reports a high-level call to a function its interface declares
// view or pure.
func (a *Analysis) viewCall(e Effect) bool {
	t, ok := e.Scope.typeOf(e.Call.Target).(*solidity.UserType)
	if !ok {
		if c, isCall := solidity.Unparen(e.Call.Target).(*solidity.CallExpr); isCall && len(c.Args) == 1 {
			if id, isIdent := c.Fun.(*solidity.Ident); isIdent {
				t = &solidity.UserType{Name: &solidity.Path{Parts: []*solidity.Ident{id}}}
			}
		}
	}
	if t == nil {
		return false
	}
	callee := a.Project.lookup(e.Scope.contract.File, t.Name.Last())
	if callee == nil {
		return false
	}
	for _, k := range callee.Linear {
		for _, fn := range k.Functions {
			if fn.Name == e.Call.Method {
				return fn.ReadOnly()
			}
		}
	}
	return false
}

// flowFor returns the data-flow view for the body an effect sits in.
func (a *Analysis) flowFor(f *Function, e Effect) *flow {
	if e.Scope == f.scope || e.Scope == nil {
		return a.flow(f)
	}
	for _, k := range e.Scope.contract.Functions {
		if k.scope == e.Scope {
			return a.flow(k)
		}
	}
	return newFlow(e.Scope, nil)
}

// writeAfter finds the first state write after effects[i], unless a mutex
// is held at the call (a variable checked and then set before it:
// require(!locked); locked = true).
func writeAfter(effects []Effect, i int) *Effect {
	for _, e := range effects[:i] {
		if e.Kind == EffWrite && e.Var != nil && guardedBy(effects[i].Guards, e.Var) {
			return nil
		}
	}
	for j := i + 1; j < len(effects); j++ {
		if w := effects[j]; w.Kind == EffWrite && w.Var != nil && !w.InModifier {
			return &effects[j]
		}
	}
	return nil
}

// staleWriteAfter is writeAfter without the writes that cannot leave
// stale state: a restore of the value saved before the call (AccessManager's
// execution id) and writes the code re-checks after the call (a flash
// loan's repayment: allowance and balance are read and required again).
// counterOnly is set when what remains only adjusts plain counters in
// place (totalSupply -= v).
func (a *Analysis) staleWriteAfter(effects []Effect, i int) (w *Effect, counterOnly bool) {
	first := writeAfter(effects, i)
	if first == nil {
		return nil, false
	}
	call := effects[i]
	var counter *Effect
	settled := false // a write after the call re-validated fresh state
	for j := i + 1; j < len(effects); j++ {
		e := &effects[j]
		if e.Kind != EffWrite || e.Var == nil || e.InModifier {
			continue
		}
		if restores(*e) {
			continue
		}
		if a.recheckedAfter(*e, call) {
			settled = true
			continue
		}
		// A counter the call's own guards check (require(count <= 5))
		// is the limit a re-entrant call gets past: not harmless.
		if inPlaceCounter(*e, settled) && !guardedBy(call.Guards, e.Var) {
			if counter == nil {
				counter = e
			}
			continue
		}
		return e, false
	}
	if counter != nil {
		return counter, true
	}
	return nil, false
}

// restores reports `x = saved` where saved is a local copied from x.
func restores(w Effect) bool {
	if w.Value == nil || w.Scope == nil {
		return false
	}
	id, ok := solidity.Unparen(w.Value).(*solidity.Ident)
	if !ok || !w.Scope.isLocal(id.Name) || w.Scope.params[id.Name] {
		return false
	}
	src := w.Scope.alias(id)
	return src != solidity.Expr(id) && w.Scope.stateBase(src) == w.Var
}

// inPlaceCounter reports updates made from the current value rather than
// a stale copy, that leave nothing a re-entrant caller can spend twice: a
// credit (balances[to] += v, count++) and, once the code has re-validated
// fresh state after the call (a flash loan's burn), a plain total reduced
// in place (totalSupply -= v). Debits made without such a check (reserves,
// balances) are what re-entrancy drains.
func inPlaceCounter(w Effect, settled bool) bool {
	switch w.Op {
	case "+=", "++":
		return true
	case "-=", "--":
		_, plain := w.Node.(*solidity.Ident)
		return plain && settled
	}
	return false
}

// recheckedAfter reports a write made under a condition, established after
// the call, that reads the written variable again: the code validates the
// fresh state before it writes.
func (a *Analysis) recheckedAfter(w, call Effect) bool {
	for g := w.Guards; g != nil && g != call.Guards; g = g.Next {
		if g.Cond != nil && a.condReads(g.Cond, g.Scope, call, 0)[w.Var] {
			return true
		}
	}
	return false
}

// condReads lists the state variables a condition reads after the call:
// directly, through locals computed after it, and through view helpers.
// A local computed before the call (amount = balances[msg.sender]) or from
// the call itself (its success flag) is stale, not a fresh read.
func (a *Analysis) condReads(e solidity.Expr, sc *scope, call Effect, depth int) map[*StateVar]bool {
	out := map[*StateVar]bool{}
	if sc == nil || depth > 4 {
		return out
	}
	solidity.Inspect(e, func(n solidity.Node) bool {
		if n == call.Node {
			return false // testing the call's own result reads nothing fresh
		}
		switch x := n.(type) {
		case *solidity.Ident:
			if sc.isLocal(x.Name) {
				for _, d := range sc.defs[x.Name] {
					if sc == call.Scope && d.Pos().Off <= call.Node.End().Off {
						continue
					}
					if c, isCall := solidity.Unparen(d).(*solidity.CallExpr); isCall {
						if ext, _ := sc.classifyCall(c); ext != nil {
							continue // a call's result (its success flag) reads nothing fresh here
						}
					}
					for v := range a.condReads(d, sc, call, depth+1) {
						out[v] = true
					}
				}
			} else if v := sc.stateBase(x); v != nil {
				out[v] = true
			}
		case *solidity.CallExpr:
			if g := sc.internalCallee(sc.contract, x); g != nil && g.Decl.Body != nil && g.ReadOnly() {
				for _, eff := range a.trace(g).Effects {
					if eff.Kind == EffRead && eff.Var != nil {
						out[eff.Var] = true
					}
				}
			}
		}
		return true
	})
	return out
}

// guardedBy reports whether some guard mentions the state variable.
func guardedBy(g *Guard, v *StateVar) bool {
	for ; g != nil; g = g.Next {
		if g.Cond == nil {
			continue
		}
		found := false
		solidity.Inspect(g.Cond, func(n solidity.Node) bool {
			if id, ok := n.(*solidity.Ident); ok && g.Scope.stateBase(id) == v {
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// hasReentrancyGuard recognises nonReentrant-style modifiers by name or by
// shape: a modifier that checks a state variable, sets it before `_` and
// resets it after.
func (a *Analysis) hasReentrancyGuard(f *Function) bool {
	for _, m := range f.Decl.Modifiers {
		l := strings.ToLower(m.Name.Last())
		if strings.Contains(l, "reentran") || l == "lock" || l == "locked" || l == "mutex" || l == "noreentry" {
			return true
		}
		mod := f.Contract.resolveModifier(m.Name.Last())
		if mod == nil || mod.Decl.Body == nil {
			continue
		}
		checked := map[*StateVar]bool{}
		a.conditions(mod.Decl.Body, mod.scope, func(cond solidity.Expr, _ bool, sc *scope) {
			solidity.Inspect(cond, func(n solidity.Node) bool {
				if id, ok := n.(*solidity.Ident); ok {
					if v := sc.stateBase(id); v != nil {
						checked[v] = true
					}
				}
				return true
			})
		})
		writes, afterPlaceholder := map[*StateVar]int{}, false
		for _, s := range mod.Decl.Body.Stmts {
			if _, ok := s.(*solidity.PlaceholderStmt); ok {
				afterPlaceholder = true
				continue
			}
			solidity.Inspect(s, func(n solidity.Node) bool {
				if as, ok := n.(*solidity.AssignExpr); ok {
					if v := mod.scope.stateBase(as.LHS); v != nil && checked[v] {
						if afterPlaceholder {
							writes[v] |= 2
						} else {
							writes[v] |= 1
						}
					}
				}
				return true
			})
		}
		for _, w := range writes {
			if w == 3 {
				return true
			}
		}
	}
	return false
}

// otherUsers names other public functions that touch v: the ones a
// re-entrant call could go through.
func (a *Analysis) otherUsers(c *Contract, f *Function, v *StateVar) string {
	var names []string
	for _, g := range c.Functions {
		if g == f || !g.External() || g.Ctor || g.Decl.Body == nil {
			continue
		}
		for _, e := range a.trace(g).Effects {
			if e.Var == v && (e.Kind == EffWrite || e.Kind == EffRead) {
				names = append(names, g.Name)
				break
			}
		}
		if len(names) == 3 {
			break
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "; " + strings.Join(names, ", ") + " also use " + v.Name
}

// callDescription says what kind of call an ExtCall is, for messages.
func callDescription(c *ExtCall) string {
	target := "`" + exprText(c.Target) + "`"
	switch c.Kind {
	case CallLow:
		if c.Value != nil {
			return "low-level call sending ether to " + target + " in"
		}
		return "low-level call to " + target + " in"
	case CallHigh:
		if c.Value != nil {
			return "call of " + target + "." + c.Method + " sending ether in"
		}
		return "call of " + target + "." + c.Method + " (a contract the caller chooses) in"
	}
	return c.Method + " to " + target + " in"
}

// exprText renders a short expression for messages.
func exprText(e solidity.Expr) string {
	switch x := solidity.Unparen(e).(type) {
	case nil:
		return ""
	case *solidity.Ident:
		return x.Name
	case *solidity.MemberAccess:
		return exprText(x.X) + "." + x.Name.Name
	case *solidity.IndexAccess:
		return exprText(x.X) + "[" + exprText(x.Index) + "]"
	case *solidity.CallExpr:
		if isConversion(x) || len(x.Args) == 1 {
			if inner := exprText(x.Args[0]); inner != "" && len(x.Args) == 1 {
				return exprText(x.Fun) + "(" + inner + ")"
			}
		}
		return exprText(x.Fun) + "(...)"
	case *solidity.TypeExpr:
		if et, ok := x.Type.(*solidity.ElementaryType); ok {
			return et.Name
		}
	case *solidity.NumberLit:
		return x.Value
	}
	return "expression"
}
